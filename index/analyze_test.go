package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/indextest"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/subtitle"
)

func TestAnalyzer(t *testing.T) {
	lib := indextest.New(t)
	lib.Film("A (2001).mkv")
	lib.Film("B (2002).mkv")
	lib.Film("C (2003).mkv")
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	finder := &indextest.SceneFinder{}
	thumbs := t.TempDir()
	an := &Analyzer{Store: sc.Store, Finder: finder, ThumbDir: thumbs}

	var last AnalysisProgress
	n, err := an.Run(context.Background(), func(p AnalysisProgress) { last = p })
	if err != nil || n != 3 || last.Done != 3 || last.Total != 3 {
		t.Fatalf("first run: %d %v, last progress %+v", n, err, last)
	}
	a, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "A (2001).mkv"))
	got, ok, _ := sc.Store.Analysis(a.ID)
	if !ok || len(got.Scenes) != 2 || got.Scenes[1].Start != 30*time.Second || got.Hash != a.Hash {
		t.Fatalf("analysis of A: %+v", got)
	}
	if _, err := os.Stat(got.Scenes[0].Thumb); err != nil || filepath.Dir(got.Scenes[0].Thumb) != filepath.Join(thumbs, a.ID) {
		t.Errorf("thumbnail %q: %v", got.Scenes[0].Thumb, err)
	}
	// Nothing to do the second time.
	if n, _ := an.Run(context.Background(), nil); n != 0 || finder.Calls.Load() != 3 {
		t.Errorf("second run analysed %d films (%d calls)", n, finder.Calls.Load())
	}
	// A changed file is analysed again; a broken one is recorded, not retried.
	later := time.Now().Add(time.Hour)
	lib.Write("A (2001).mkv", "film: recut")
	os.Chtimes(a.Path, later, later)
	lib.Write("D (2004).mkv", "broken film")
	scan(t, sc, lib.Root)
	if n, err := an.Run(context.Background(), nil); n != 2 || err != nil {
		t.Errorf("after a change: %d %v", n, err)
	}
	d, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "D (2004).mkv"))
	if res, ok, _ := sc.Store.Analysis(d.ID); !ok || res.Error == "" {
		t.Errorf("broken film's analysis: %+v", res)
	}
	if n, _ := an.Run(context.Background(), nil); n != 0 {
		t.Errorf("a broken film was retried: %d", n)
	}
	// The cache cleared (Settings › Data): every film with thumbnails is analysed again.
	if err := os.RemoveAll(thumbs); err != nil {
		t.Fatal(err)
	}
	if n, err := an.Run(context.Background(), nil); n != 3 || err != nil {
		t.Errorf("after the thumbnails were deleted: %d %v, want the 3 films with scenes", n, err)
	}
	if _, err := os.Stat(got.Scenes[0].Thumb); err != nil {
		t.Errorf("thumbnail not made again: %v", err)
	}
}

func TestAnalyzerResumes(t *testing.T) {
	lib := indextest.New(t)
	for _, n := range []string{"A", "B", "C", "D"} {
		lib.Film(n + ".mkv")
	}
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	ctx, cancel := context.WithCancel(context.Background())
	finder := &indextest.SceneFinder{}
	finder.Before = func() {
		if finder.Calls.Load() == 2 {
			cancel() // the window closes during the second film
		}
	}
	an := &Analyzer{Store: sc.Store, Finder: finder, ThumbDir: t.TempDir()}
	if n, err := an.Run(ctx, nil); !errors.Is(err, context.Canceled) || n != 1 {
		t.Fatalf("cut short: %d %v", n, err)
	}
	finder.Before = nil
	if n, err := an.Run(context.Background(), nil); err != nil || n != 3 {
		t.Errorf("resumed: %d %v, want the 3 films left", n, err)
	}
	// Yield can hold the analysis back, and stop it.
	stop := errors.New("playing")
	lib.Film("E.mkv")
	scan(t, sc, lib.Root)
	an.Yield = func(context.Context) error { return stop }
	if _, err := an.Run(context.Background(), nil); !errors.Is(err, stop) {
		t.Errorf("yield: %v", err)
	}
}

// pictureReader reads every picture track as two lines, except in a language it lacks.
type pictureReader struct{ calls int }

func (p *pictureReader) PictureCues(ctx context.Context, path string, stream int, lang string) ([]subtitle.Cue, []string, error) {
	p.calls++
	if lang == "tlh" {
		return nil, nil, errors.New("OCR language pack not installed: tlh (Debian: tesseract-ocr-tlh)")
	}
	return []subtitle.Cue{
		{Start: time.Second, End: 2 * time.Second, Text: fmt.Sprintf("picture line of #%d", stream)},
		{Start: 3 * time.Second, End: 4 * time.Second, Text: "second"},
	}, []string{"1 damaged subtitle packets skipped"}, nil
}

// Picture subtitle tracks are read as text once: their lines join the film's (kept through a
// rescan for a change beside the film), and a track that cannot be read is the film's warning.
func TestAnalyzerReadsPictureTracks(t *testing.T) {
	lib := indextest.New(t)
	lib.Write("A (2001).mkv", "film: with picture subtitles")
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	f, _, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "A (2001).mkv"))
	if err := sc.Store.PutCues(f.ID, []store.Cue{{Track: "#1", Start: 0, End: time.Second, Text: "text track"}}); err != nil {
		t.Fatal(err)
	}
	reader := &pictureReader{}
	an := &Analyzer{Store: sc.Store, Finder: &indextest.SceneFinder{}, ThumbDir: t.TempDir(), Pictures: reader}
	if n, err := an.Run(context.Background(), nil); n != 1 || err != nil {
		t.Fatalf("run: %d %v", n, err)
	}
	cues, _ := sc.Store.Cues(f.ID)
	var got []string
	for _, c := range cues {
		got = append(got, c.Track+" "+c.Text)
	}
	want := []string{"#1 text track", "#2 picture line of #2", "#2 second"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	res, _, _ := sc.Store.Analysis(f.ID)
	if res.Read["#2"] != "" || !strings.Contains(res.Read["#3"], "tesseract-ocr-tlh") {
		t.Errorf("read %q", res.Read)
	}
	f, _, _ = sc.Store.Film(f.ID)
	if w := strings.Join(f.Warnings, "; "); !strings.Contains(w, "#3: not read as text") || !strings.Contains(w, "#2: 1 damaged") {
		t.Errorf("film warnings %q", f.Warnings)
	}
	// Each track once.
	if n, _ := an.Run(context.Background(), nil); n != 0 || reader.calls != 2 {
		t.Errorf("second run: %d films, %d reads", n, reader.calls)
	}
	// Moved, the film keeps the lines read from its pictures (its analysis is of the same
	// content and does not read them again).
	moved := filepath.Join(lib.Root, "Moved (2001).mkv")
	if err := os.Rename(f.Path, moved); err != nil {
		t.Fatal(err)
	}
	scan(t, sc, lib.Root)
	g, ok, _ := sc.Store.FilmByPath(moved)
	if !ok || g.ID != f.ID {
		t.Fatalf("moved film: %+v", g)
	}
	kept := 0
	cues, _ = sc.Store.Cues(f.ID)
	for _, c := range cues {
		if c.Track == "#2" {
			kept++
		}
	}
	if n, _ := an.Run(context.Background(), nil); kept != 2 || n != 0 || reader.calls != 2 {
		t.Errorf("after a move: %d picture lines kept, %d films analysed, %d reads", kept, n, reader.calls)
	}
}
