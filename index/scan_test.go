package index

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/indextest"
	"github.com/reel-app/reel/index/store"
)

func newScanner(t *testing.T) (*Scanner, *indextest.Prober) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := &indextest.Prober{}
	return &Scanner{Store: st, Prober: p}, p
}

func scan(t *testing.T, sc *Scanner, roots ...string) ScanStats {
	t.Helper()
	stats, err := sc.Scan(context.Background(), roots, nil)
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

func TestScanLifecycle(t *testing.T) {
	lib := indextest.New(t)
	lib.Film("Alien (1979)/Alien (1979).mkv")
	lib.Write("Alien (1979)/Alien (1979).nfo", "<movie><title>Alien</title><year>1979</year><director>Ridley Scott</director><actor><name>Sigourney Weaver</name><role>Ripley</role></actor></movie>")
	lib.Write("Alien (1979)/Alien (1979).en.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n")
	lib.Film("Heat.1995.1080p.BluRay.x264-GRP.mkv")
	lib.Film("Zulu (1964).mp4")
	lib.Write("Broken (2001).mkv", "not a film at all")
	lib.Write("Empty.mkv", "")
	lib.Write("notes.txt", "x")
	os.Symlink(filepath.Join(lib.Root, "gone.mkv"), filepath.Join(lib.Root, "Dangling.mkv"))
	os.Symlink(lib.Root, filepath.Join(lib.Root, "Alien (1979)", "loop"))
	lib.Film("Caf\xe9 (1990).mkv") // a Latin-1 name on a UTF-8 system
	lib.Film("🎬 Emoji Film (2020)/🎬 Emoji Film (2020).mkv")

	sc, prober := newScanner(t)
	st := scan(t, sc, lib.Root)
	if st.New != 6 || st.Found != 6 || st.Unchanged != 0 {
		t.Errorf("first scan: %+v", st)
	}
	reasons := strings.Builder{}
	for _, w := range st.Warnings {
		reasons.WriteString(filepath.Base(w.Path) + ": " + w.Reason + "\n")
	}
	for _, want := range []string{"Empty.mkv: the file is empty", "Dangling.mkv: broken link", "Broken (2001).mkv: not playable", "not valid UTF-8"} {
		if !strings.Contains(reasons.String(), want) {
			t.Errorf("no warning %q in:\n%s", want, reasons.String())
		}
	}
	alien, ok, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Alien (1979)", "Alien (1979).mkv"))
	if !ok || alien.Title != "Alien" || alien.Year != 1979 || len(alien.Directors) != 1 || alien.Cast[0].Role != "Ripley" ||
		alien.Width != 1920 || len(alien.Subtitles) != 1 || alien.Subtitles[0].Language != "en" {
		t.Errorf("Alien = %+v", alien)
	}
	if cues, _ := sc.Store.Cues(alien.ID); len(cues) != 1 || cues[0].Text != "Hi" || cues[0].Lang != "en" || cues[0].Start != time.Second {
		t.Errorf("Alien's lines from its .en.srt: %+v", cues)
	}
	heat, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Heat.1995.1080p.BluRay.x264-GRP.mkv"))
	if heat.Title != "Heat" || heat.Year != 1995 {
		t.Errorf("Heat = %q %d", heat.Title, heat.Year)
	}
	broken, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Broken (2001).mkv"))
	if broken.Title != "Broken" || len(broken.Warnings) == 0 {
		t.Errorf("a broken film is listed with its warning: %+v", broken)
	}

	// Nothing changed: nothing is probed.
	calls := prober.Calls.Load()
	if emoji, ok, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "🎬 Emoji Film (2020)", "🎬 Emoji Film (2020).mkv")); !ok || emoji.Title != "🎬 Emoji Film" || emoji.Year != 2020 {
		t.Errorf("emoji film: %+v", emoji)
	}
	if st := scan(t, sc, lib.Root); st.Unchanged != 6 || st.New+st.Changed+st.Moved+st.Removed != 0 || prober.Calls.Load() != calls {
		t.Errorf("rescan: %+v, %d probes", st, prober.Calls.Load()-calls)
	}

	// The user rates Alien; the file is renamed and moved: same film, same rating.
	sc.Store.PutUser(alien.ID, store.UserData{Rating: 5, Position: 42 * time.Minute})
	lib.Move("Alien (1979)/Alien (1979).mkv", "Sci-Fi/Alien.1979.Directors.Cut.mkv")
	if st := scan(t, sc, lib.Root); st.Moved != 1 || st.New != 0 || st.Removed != 0 {
		t.Errorf("after a move: %+v", st)
	}
	moved, ok, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Sci-Fi", "Alien.1979.Directors.Cut.mkv"))
	if u, _ := sc.Store.User(moved.ID); !ok || moved.ID != alien.ID || u.Rating != 5 || moved.Edition != "Director's Cut" {
		t.Errorf("moved film %+v keeps user data %+v?", moved, u)
	}

	// Zulu goes away: it leaves the library, its record and user data stay; it comes back.
	zulu, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Zulu (1964).mp4"))
	sc.Store.PutUser(zulu.ID, store.UserData{Review: "Rorke's Drift"})
	content, _ := os.ReadFile(zulu.Path)
	lib.Remove("Zulu (1964).mp4")
	if st := scan(t, sc, lib.Root); st.Removed != 1 || st.Found != 5 {
		t.Errorf("after a removal: %+v", st)
	}
	lib.Write("Zulu (1964).mp4", string(content))
	if st := scan(t, sc, lib.Root); st.Moved != 1 || st.Found != 6 {
		t.Errorf("after it came back: %+v", st)
	}
	back, _, _ := sc.Store.FilmByPath(zulu.Path)
	if u, _ := sc.Store.User(back.ID); back.ID != zulu.ID || u.Review != "Rorke's Drift" || back.Removed {
		t.Errorf("returned film %+v, user %+v", back, u)
	}

	// A changed file is probed again and keeps its id.
	later := time.Now().Add(time.Hour)
	lib.Write("Heat.1995.1080p.BluRay.x264-GRP.mkv", "film: a better encode")
	os.Chtimes(heat.Path, later, later)
	if st := scan(t, sc, lib.Root); st.Changed != 1 {
		t.Errorf("after a change: %+v", st)
	}
	if again, _, _ := sc.Store.FilmByPath(heat.Path); again.ID != heat.ID {
		t.Error("a changed film got a new id")
	}
	if p, err := sc.Store.Check(); err != nil || len(p) > 0 {
		t.Errorf("store check: %v %v", p, err)
	}
}

func TestScanOneAtATimeAndCancel(t *testing.T) {
	lib := indextest.New(t)
	for i := 0; i < 50; i++ {
		lib.Film(filepath.Join("many", string(rune('a'+i%26))+string(rune('a'+i/26))+".mkv"))
	}
	sc, _ := newScanner(t)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := sc.Scan(ctx, []string{lib.Root}, func(p Progress) {
			if p.Phase == PhaseReading && p.Done == 10 {
				close(started)
				<-ctx.Done()
			}
		})
		done <- err
	}()
	<-started
	if _, err := sc.Scan(context.Background(), []string{lib.Root}, nil); !errors.Is(err, ErrScanning) {
		t.Errorf("second scan: %v, want ErrScanning", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: %v", err)
	}
	// What was committed before the cancel is consistent, and a new scan finishes the job.
	if p, _ := sc.Store.Check(); len(p) > 0 {
		t.Errorf("check after cancel: %v", p)
	}
	if st := scan(t, sc, lib.Root); st.Found != 50 {
		t.Errorf("scan after cancel: %+v", st)
	}
}

// A subtitle or .nfo that arrives beside a film Reel already knows (downloaded after the film)
// is read on the next scan: the film keeps its id and the user's data; a scan with nothing new
// beside it opens nothing.
func TestScanSeesNewSidecars(t *testing.T) {
	lib := indextest.New(t)
	lib.Film("Charade (1963)/Charade (1963).mkv")
	lib.Film("Heat (1995)/Heat (1995).mkv")
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	path := filepath.Join(lib.Root, "Charade (1963)", "Charade (1963).mkv")
	before, _, _ := sc.Store.FilmByPath(path)
	sc.Store.PutUser(before.ID, store.UserData{Rating: 4})

	lib.Write("Charade (1963)/Charade (1963).zh.srt", "1\n00:00:01,000 --> 00:00:02,000\n你好\n")
	st := scan(t, sc, lib.Root)
	if st.Changed != 1 || st.Unchanged != 1 {
		t.Errorf("after a subtitle arrived: %d changed, %d unchanged; want 1 and 1", st.Changed, st.Unchanged)
	}
	after, _, _ := sc.Store.FilmByPath(path)
	var langs []string
	for _, s := range after.Subtitles {
		langs = append(langs, s.Language)
	}
	if after.ID != before.ID || len(langs) != 1 || langs[0] != "zh" {
		t.Errorf("after: id %s (was %s), subtitles %v; want the same id and zh", after.ID, before.ID, langs)
	}
	if cues, _ := sc.Store.Cues(after.ID); len(cues) != 1 {
		t.Errorf("%d lines stored, want the new file's one", len(cues))
	}
	if u, _ := sc.Store.User(after.ID); u.Rating != 4 {
		t.Errorf("the user's rating was lost: %+v", u)
	}
	if st := scan(t, sc, lib.Root); st.Unchanged != 2 || st.Changed != 0 {
		t.Errorf("a scan with nothing new: %+v", st)
	}
	// A subtitle in a Subs folder counts too (the folder's time changes when a file arrives).
	os.MkdirAll(filepath.Join(lib.Root, "Heat (1995)", "Subs"), 0o755)
	if st := scan(t, sc, lib.Root); st.Changed != 1 {
		t.Errorf("a Subs folder appeared: %+v", st)
	}
	// A library stored before stamps: nothing is read again, the stamps are taken.
	f, _, _ := sc.Store.FilmByPath(path)
	f.Sidecars = ""
	sc.Store.PutFilm(f)
	if st := scan(t, sc, lib.Root); st.Unchanged != 2 || st.Changed != 0 {
		t.Errorf("an upgraded library was read again: %+v", st)
	}
}

// recordingIndex is an Indexer that keeps the last title it was given per film.
type recordingIndex struct{ titles map[string]string }

func (r *recordingIndex) IndexFilm(f store.Film, cues []store.Cue, previous int) error {
	r.titles[f.ID] = f.Title
	return nil
}
func (r *recordingIndex) RemoveFilm(id string, previous int) error { return nil }
func (r *recordingIndex) Flush() error                             { return nil }

// A library scanned by an older Reel, whose naming rules gave worse titles, gets the new titles
// on the next scan, without its films being opened again; a title from an .nfo stays.
func TestRescanRetitlesAfterNameRulesChange(t *testing.T) {
	lib := indextest.New(t)
	lib.Film("Charade.1963.1080p.BluRay.x264-AMIABLE/amiable-charade.mkv")
	lib.Film("Alien.1979.DVDRip.XviD-GRP/grp-a.avi")
	lib.Write("Alien.1979.DVDRip.XviD-GRP/grp-a.nfo", "<movie><title>Alien (Director's Cut)</title><year>1979</year></movie>")
	sc, prober := newScanner(t)
	idx := &recordingIndex{titles: map[string]string{}}
	sc.Index = idx
	scan(t, sc, lib.Root)
	films, err := sc.Store.Films(false)
	if err != nil || len(films) != 2 {
		t.Fatalf("films %v, %v", films, err)
	}
	for _, f := range films { // as an older Reel left them
		f.Title, f.Year, f.NameRules = filepath.Base(f.Path), 0, 0
		if err := sc.Store.PutFilm(f); err != nil {
			t.Fatal(err)
		}
	}
	calls := prober.Calls.Load()
	if st := scan(t, sc, lib.Root); st.Unchanged != 2 {
		t.Errorf("rescan: %+v, want both unchanged", st)
	}
	if got := prober.Calls.Load(); got != calls {
		t.Errorf("the rescan probed %d films, want none", got-calls)
	}
	films, _ = sc.Store.Films(false)
	got := map[string]string{}
	for _, f := range films {
		got[fmt.Sprintf("%s (%d)", f.Title, f.Year)] = idx.titles[f.ID]
		if f.NameRules != NameRules {
			t.Errorf("%s: name rules %d, want %d", f.Title, f.NameRules, NameRules)
		}
	}
	want := map[string]string{"Charade (1963)": "Charade", "Alien (Director's Cut) (1979)": "Alien (Director's Cut)"}
	if !maps.Equal(got, want) {
		t.Errorf("titles (and as indexed) %v, want %v", got, want)
	}
}
