package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

type film struct {
	f    store.Film
	cues []store.Cue
}

var library = []film{
	{store.Film{ID: "leon", Path: "/m/leon.mkv", Title: "Léon", OriginalTitle: "Léon: The Professional", Year: 1994, Genres: []string{"Crime", "Drama"},
		Directors: []string{"Luc Besson"}, Cast: []store.Person{{Name: "Jean Reno", Role: "Léon"}, {Name: "Natalie Portman", Role: "Mathilda"}},
		Plot: "A professional assassin takes in a twelve-year-old girl after her family is murdered."}, nil},
	{store.Film{ID: "spider", Path: "/m/spider.mkv", Title: "Spider-Man", Year: 2002, Genres: []string{"Action"},
		Plot: "A student bitten by a spider gains powers."}, nil},
	{store.Film{ID: "matrix", Path: "/m/matrix.mkv", Title: "The Matrix", Year: 1999, Genres: []string{"Science Fiction", "Action"},
		Cast: []store.Person{{Name: "Keanu Reeves", Role: "Neo"}}, Plot: "A hacker learns that reality is a simulation."},
		[]store.Cue{{Lang: "en", Start: 61 * time.Minute, End: 61*time.Minute + 3*time.Second, Text: "You take the red pill, you stay in Wonderland."},
			{Lang: "en", Start: 62 * time.Minute, End: 62*time.Minute + 2*time.Second, Text: "Remember, all I'm offering is the truth."}}},
	{store.Film{ID: "reloaded", Path: "/m/reloaded.mkv", Title: "The Matrix Reloaded", Year: 2003, Genres: []string{"Science Fiction"}}, nil},
	{store.Film{ID: "lighthouse", Path: "/m/lh.mkv", Title: "The Lighthouse Keeper's Daughter", Year: 1954, Genres: []string{"Drama"}},
		[]store.Cue{{Lang: "zh", Start: time.Second, End: 3 * time.Second, Text: "潮水转向之前，灯必须点亮。"},
			{Lang: "en", Start: time.Second, End: 3 * time.Second, Text: "The lamp must be lit before the tide turns."}}},
}

func build(t *testing.T) (*Index, *store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, f := range library {
		st.PutFilm(f.f)
		st.PutCues(f.f.ID, f.cues)
	}
	idx, err := Open(context.Background(), filepath.Join(dir, "search"), st)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx, st, filepath.Join(dir, "search")
}

func TestFilmSearch(t *testing.T) {
	idx, _, _ := build(t)
	tests := []struct {
		name  string
		q     Query
		first string
		all   []string // must all be among the hits
		none  string   // must not be a hit
	}{
		{"accents fold", Query{Text: "leon"}, "leon", nil, ""},
		{"accents kept", Query{Text: "Léon"}, "leon", nil, ""},
		{"hyphen as space", Query{Text: "spider man"}, "spider", nil, ""},
		{"hyphen", Query{Text: "Spider-Man"}, "spider", nil, ""},
		{"search as you type", Query{Text: "matr"}, "", []string{"matrix", "reloaded"}, ""},
		{"exact title first", Query{Text: "The Matrix"}, "matrix", []string{"reloaded"}, ""},
		{"typo", Query{Text: "matirx"}, "", []string{"matrix"}, ""},
		{"longer typo", Query{Text: "lighthuose"}, "lighthouse", nil, ""},
		{"person", Query{Text: "reeves"}, "matrix", nil, ""},
		{"role", Query{Text: "mathilda"}, "leon", nil, ""},
		{"original title", Query{Text: "the professional"}, "leon", nil, ""},
		{"plot words", Query{Text: "assassin"}, "leon", nil, ""},
		{"genre filter", Query{Text: "matrix", Genre: "Action"}, "matrix", nil, "reloaded"},
		{"decade filter", Query{Decade: 1990}, "", []string{"leon", "matrix"}, "spider"},
		{"genre word", Query{Text: "drama"}, "", []string{"leon", "lighthouse"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := idx.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			var order []string
			for _, h := range res.Films {
				ids[h.ID] = true
				order = append(order, h.ID)
			}
			if tt.first != "" && (len(order) == 0 || order[0] != tt.first) {
				t.Errorf("hits %v, want %s first", order, tt.first)
			}
			for _, id := range tt.all {
				if !ids[id] {
					t.Errorf("hits %v, want %s among them", order, id)
				}
			}
			if tt.none != "" && ids[tt.none] {
				t.Errorf("hits %v include %s", order, tt.none)
			}
		})
	}
}

func TestLineSearch(t *testing.T) {
	idx, _, _ := build(t)
	res, err := idx.Search(context.Background(), Query{Text: "red pill", Highlight: "html"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lines) != 1 || res.Lines[0].FilmID != "matrix" || res.Lines[0].Start != 61*time.Minute ||
		!strings.Contains(res.Lines[0].Fragment, "<mark>red</mark>") {
		t.Errorf("lines = %+v", res.Lines)
	}
	res, _ = idx.Search(context.Background(), Query{Text: "灯必须"})
	if len(res.Lines) != 1 || res.Lines[0].FilmID != "lighthouse" || !strings.Contains(res.Lines[0].Text, "潮水") {
		t.Errorf("Chinese line: %+v", res.Lines)
	}
	res, _ = idx.Search(context.Background(), Query{Text: "offered truth"}) // stemmed
	if len(res.Lines) != 1 {
		t.Errorf("stemmed line: %+v", res.Lines)
	}
}

func TestUpdatesAndRebuilds(t *testing.T) {
	idx, st, dir := build(t)
	ctx := context.Background()
	// A removed film and its lines go.
	if err := idx.RemoveFilm("matrix", 2); err != nil {
		t.Fatal(err)
	}
	idx.Flush()
	if res, _ := idx.Search(ctx, Query{Text: "red pill"}); len(res.Lines) != 0 {
		t.Errorf("lines of a removed film: %+v", res.Lines)
	}
	// Re-indexed with new lines, the old ones are replaced.
	idx.IndexFilm(library[2].f, []store.Cue{{Start: time.Second, End: 2 * time.Second, Text: "There is no spoon."}}, 0)
	idx.Flush()
	if res, _ := idx.Search(ctx, Query{Text: "spoon"}); len(res.Lines) != 1 {
		t.Errorf("new line: %+v", res.Lines)
	}
	gen, _ := st.Generation()
	idx.Checkpoint(gen)
	idx.Close()

	reopen := func(why string) *Index {
		t.Helper()
		x, err := Open(ctx, dir, st)
		if err != nil {
			t.Fatalf("%s: %v", why, err)
		}
		return x
	}
	// Up to date: opened as it is (the store never had "spoon", so it is still there).
	x := reopen("up to date")
	if res, _ := x.Search(ctx, Query{Text: "spoon"}); len(res.Lines) != 1 {
		t.Errorf("an up-to-date index was rebuilt")
	}
	x.Close()
	// The store moved on (a process died before the index caught up): caught up on what
	// changed, and only that ("spoon", which the store never had, stays).
	st.PutFilm(store.Film{ID: "zulu", Path: "/m/zulu.mkv", Title: "Zulu", Year: 1964})
	x = reopen("behind")
	if res, _ := x.Search(ctx, Query{Text: "zulu"}); len(res.Films) != 1 {
		t.Errorf("index behind the store did not catch up: %+v", res.Films)
	}
	if res, _ := x.Search(ctx, Query{Text: "spoon"}); len(res.Lines) != 1 {
		t.Errorf("catching up rebuilt the index")
	}
	x.Close()
	// Another mapping version, and a damaged index: both rebuilt.
	os.WriteFile(filepath.Join(dir, "meta.json"), []byte(`{"mapping":0,"generation":0}`), 0o644)
	reopen("mapping").Close()
	os.RemoveAll(filepath.Join(dir, "films.bleve"))
	os.WriteFile(filepath.Join(dir, "films.bleve"), []byte("garbage"), 0o644)
	x = reopen("damaged")
	if res, _ := x.Search(ctx, Query{Text: "leon"}); len(res.Films) == 0 {
		t.Error("damaged index not rebuilt")
	}
	x.Close()
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Léon: The Professional", "leon the professional"},
		{"Spider-Man", "spider man"},
		{"  AMÉLIE  ", "amelie"},
		{"WALL·E", "wall e"},
		{"千と千尋の神隠し", "千と千尋の神隠し"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Re-indexing a film with fewer lines leaves none of the old ones behind.
func TestReindexFewerLines(t *testing.T) {
	idx, _, _ := build(t)
	ctx := context.Background()
	idx.IndexFilm(library[2].f, []store.Cue{{Start: time.Second, End: 2 * time.Second, Text: "Only one line now."}}, 2)
	idx.Flush()
	if res, _ := idx.Search(ctx, Query{Text: "truth"}); len(res.Lines) != 0 {
		t.Errorf("an old line survived: %+v", res.Lines)
	}
	if res, _ := idx.Search(ctx, Query{Text: "only one line"}); len(res.Lines) != 1 {
		t.Errorf("new line: %+v", res.Lines)
	}
}

// Scene notes are searchable beside the lines, marked as notes, at once and after a rebuild.
func TestNotesSearch(t *testing.T) {
	idx, st, dir := build(t)
	note := store.SceneNote{Scene: 2, Start: 61 * time.Minute, Summary: "Morpheus offers Neo a choice between two pills.", Who: []string{"Morpheus", "Neo"}}
	st.PutNote("matrix", note)
	if err := idx.IndexNotes("matrix", []store.SceneNote{note}); err != nil {
		t.Fatal(err)
	}
	find := func(x *Index) []LineHit {
		res, err := x.Search(context.Background(), Query{Text: "morpheus choice", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		return res.Lines
	}
	if got := find(idx); len(got) != 1 || !got[0].Note || got[0].FilmID != "matrix" || got[0].Start != 61*time.Minute {
		t.Fatalf("note search: %+v", got)
	}
	if res, _ := idx.Search(context.Background(), Query{Text: "red pill", Limit: 5}); len(res.Lines) != 1 || res.Lines[0].Note {
		t.Errorf("a line of dialogue came back as a note: %+v", res.Lines)
	}
	idx.Close()
	x, err := Rebuild(context.Background(), dir, st)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got := find(x); len(got) != 1 || !got[0].Note {
		t.Errorf("after a rebuild: %+v", got)
	}
}

// A scan killed after writing films to the store and before the index heard of them: the next
// open indexes those films again (changed lines, a film removed, a new one) and nothing else,
// and records that it holds the store's generation.
func TestCatchUpAfterKilledScan(t *testing.T) {
	idx, st, dir := build(t)
	ctx := context.Background()
	// A line only the index has: a rebuild would drop it, a catch-up leaves it.
	idx.IndexFilm(store.Film{ID: "marker", Title: "Marker"}, []store.Cue{{Text: "Only the index knows this wombat."}}, 0)
	gen, _ := st.Generation()
	if err := idx.Checkpoint(gen); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	// What the killed scan wrote: The Matrix with one new line for its two, the lighthouse film
	// gone, Zulu new.
	st.PutCues("matrix", []store.Cue{{Lang: "en", Start: time.Second, End: 2 * time.Second, Text: "There is no spoon."}})
	st.PutFilm(library[2].f)
	gone := library[4].f
	gone.Removed = true
	st.PutFilm(gone)
	st.PutFilm(store.Film{ID: "zulu", Path: "/m/zulu.mkv", Title: "Zulu", Year: 1964})
	x, err := Open(ctx, dir, st)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	count := func(q string) (films, lines int) {
		res, err := x.Search(ctx, Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return len(res.Films), len(res.Lines)
	}
	for _, tt := range []struct {
		q            string
		films, lines int
	}{
		{"wombat", 0, 1},    // not rebuilt
		{"spoon", 0, 1},     // the new line
		{"red pill", 0, 0},  // the old lines, more than the film has now, all gone
		{"lamp tide", 0, 0}, // the removed film's lines
		{"lighthouse", 0, 0},
		{"zulu", 1, 0},
		{"matrix", 2, 0},
	} {
		if f, l := count(tt.q); f != tt.films || l != tt.lines {
			t.Errorf("%q: %d films, %d lines; want %d, %d", tt.q, f, l, tt.films, tt.lines)
		}
	}
	if want, _ := st.Generation(); x.meta().Generation != want {
		t.Errorf("caught-up index holds generation %d, the store is at %d", x.meta().Generation, want)
	}
}

// Every write of a scan's batches records the generation it covers, and only films wholly
// written count: a film whose lines fill a batch and spill into the next is covered once the
// rest is written too.
func TestBatchesRecordTheGeneration(t *testing.T) {
	idx, st, _ := build(t)
	ctx := context.Background()
	before := idx.meta().Generation
	var cues []store.Cue
	for i := 0; i < maxBatchDocs+10; i++ {
		cues = append(cues, store.Cue{Start: time.Duration(i) * time.Second, Text: fmt.Sprintf("Line %d of a long film.", i)})
	}
	f := store.Film{ID: "long", Path: "/m/long.mkv", Title: "A Long Film"}
	st.PutCues(f.ID, cues)
	st.PutFilm(f)
	if err := idx.IndexFilm(f, cues, 0); err != nil {
		t.Fatal(err)
	}
	if res, _ := idx.Search(ctx, Query{Text: "line 5 long film"}); len(res.Lines) == 0 {
		t.Fatal("the first full batch was not written")
	}
	if got := idx.meta().Generation; got != before {
		t.Errorf("with the film half written the index records generation %d, want %d (before it)", got, before)
	}
	if err := idx.Flush(); err != nil {
		t.Fatal(err)
	}
	if gen, _ := st.Generation(); idx.meta().Generation != gen {
		t.Errorf("after the rest is written the index records %d, want the store's %d", idx.meta().Generation, gen)
	}
}
