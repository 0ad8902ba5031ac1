package app

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// uiMu serialises what the app does "on the Fyne goroutine" with what the tests do there: the
// test driver runs fyne.Do inline on whatever goroutine calls it.
var uiMu sync.Mutex

func init() {
	// The English file gives the plural forms ("1 problem"); without it every count reads as
	// its key's plural.
	if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
		panic(err)
	}
	uiRunner = func(fn func()) {
		uiMu.Lock()
		defer uiMu.Unlock()
		fn()
	}
}

// ui runs fn as the Fyne goroutine would.
func ui(fn func()) { uiRunner(fn) }

// onUIValue is what fn returns, read as the Fyne goroutine would (widgets are read there too).
func onUIValue[T any](fn func() T) (v T) {
	ui(func() { v = fn() })
	return v
}

// fakeLibrary serves fixed films and posters drawn in a flat colour, one of them failing.
type fakeLibrary struct {
	films   []index.Film
	dir     string
	failFor string
}

func (l *fakeLibrary) Films(_ context.Context, report func(string, float64)) ([]index.Film, []index.Warning, error) {
	report("Reading films", 0.5)
	return l.films, []index.Warning{{Path: "/films/broken.mkv", Reason: "not a film"}}, nil
}

// Search finds films whose title contains the text, and one line of dialogue for "rabbit".
func (l *fakeLibrary) Search(_ context.Context, text string) (Results, error) {
	var r Results
	for _, f := range l.films {
		if strings.Contains(strings.ToLower(f.Title), strings.ToLower(text)) {
			r.FilmIDs = append(r.FilmIDs, f.ID)
		}
	}
	if text == "rabbit" {
		r.Lines = []Line{{FilmID: "b", Title: "Bravo", Start: 61 * time.Second, Text: "The rabbit wakes up."}}
	}
	return r, nil
}

func (l *fakeLibrary) Details(_ context.Context, id string) (Details, error) {
	for _, f := range l.films {
		if f.ID == id {
			d := Details{Film: f, Directors: []string{"Ann Director"}, Cast: []string{"Bo Actor (Hero)"}, Lines: 12}
			if id == "b" {
				poster, _ := l.PosterPath(context.Background(), f)
				d.Scenes = []SceneThumb{{Start: 0, Thumb: poster}, {Start: 95 * time.Second, Thumb: poster}}
			}
			return d, nil
		}
	}
	return Details{}, errors.New("no such film")
}

func (l *fakeLibrary) PosterPath(_ context.Context, f index.Film) (string, error) {
	if f.ID == l.failFor {
		return "", errors.New("no video stream")
	}
	p := filepath.Join(l.dir, f.ID+".png")
	img := image.NewRGBA(image.Rect(0, 0, 24, 36))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(0, 0, color.Black)
	fh, err := os.Create(p)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	return p, png.Encode(fh, img)
}

func loadAndWait(t *testing.T, s *LibraryScreen) {
	t.Helper()
	done := make(chan struct{})
	s.Load(func() { close(done) })
	select {
	case <-done:
	case <-time.After(time.Minute): // a load that never ends, not a timing
		t.Fatal("library did not load in a minute")
	}
	// Let the queued UI updates run.
	ui(func() {}) // let queued updates run
}

func TestLibraryScreenShowsFilmsAndPosters(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), failFor: "c", films: []index.Film{
		{ID: "a", Title: "Alpha", Year: 1999}, {ID: "b", Title: "Bravo"}, {ID: "c", Title: "Charlie", Year: 2020},
	}}
	var prepared []string
	prep := func(_ context.Context, report func(string, float64)) error {
		report("Making the demo library…", 0.5)
		prepared = append(prepared, "done")
		return nil
	}
	s := NewLibraryScreen(testJobs(t), lib, prep)
	w := test.NewWindow(s.Content())
	defer w.Close()
	ui(func() { w.Resize(fyne.NewSize(900, 600)) })
	loadAndWait(t, s)

	if len(prepared) != 1 {
		t.Fatalf("preparer ran %d times", len(prepared))
	}
	// A refresh (the folders changed) rescans without preparing again.
	done := make(chan struct{})
	s.Load(func() { close(done) })
	<-done
	if len(prepared) != 1 {
		t.Fatalf("preparer ran again on a refresh: %d", len(prepared))
	}
	if n := len(onUIValue(s.Shown)); n != 3 {
		t.Fatalf("grid shows %d films, want 3", n)
	}
	posters := onUIValue(func() map[string]string {
		m := map[string]string{}
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			if c, ok := o.(*widgets.FilmCard); ok && c.Visible() && c.Title() != "" {
				m[c.Title()] = c.PosterFile()
			}
		}
		return m
	})
	for _, title := range []string{"Alpha", "Bravo", "Charlie"} {
		poster, ok := posters[title]
		if !ok {
			t.Fatalf("no card for %q; cards: %v", title, posters)
		}
		if hasPoster := poster != ""; hasPoster != (title != "Charlie") {
			t.Errorf("%s: poster %q", title, poster)
		}
	}
	if st := onUIValue(s.Status); !strings.Contains(st, "3 films") {
		t.Errorf("status = %q", st)
	}
	if p := onUIValue(s.Problems); len(p) != 1 || p[0].Reason != "not a film" || onUIValue(func() string { return s.problemBtn.Text }) != "1 problem" {
		t.Errorf("problems %+v, button %q; want the one warning behind a \"1 problem\" button", p, onUIValue(func() string { return s.problemBtn.Text }))
	}
}

func TestLibraryScreenReportsFailure(t *testing.T) {
	test.NewTempApp(t)
	s := NewLibraryScreen(testJobs(t), &fakeLibrary{dir: t.TempDir()}, func(context.Context, func(string, float64)) error {
		return errors.New("disk full")
	})
	w := test.NewWindow(s.Content())
	defer w.Close()
	loadAndWait(t, s)
	if st := onUIValue(s.Status); !strings.Contains(st, "disk full") {
		t.Errorf("status = %q, want the error", st)
	}
}

func TestLibraryScreenEmpty(t *testing.T) {
	test.NewTempApp(t)
	s := NewLibraryScreen(testJobs(t), &fakeLibrary{dir: t.TempDir()}, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	loadAndWait(t, s)
	ui(func() {
		if !s.empty.Visible() || !strings.Contains(s.empty.Text, "No films") {
			t.Errorf("empty library: message visible=%v %q", s.empty.Visible(), s.empty.Text)
		}
	})
}

func TestCoalescerKeepsLatest(t *testing.T) {
	test.NewTempApp(t)
	var got []int
	c := newCoalescer(func(v int) { got = append(got, v) })
	for i := 1; i <= 100; i++ {
		c.Set(i)
	}
	ui(func() {}) // let queued updates run
	if len(got) == 0 || got[len(got)-1] != 100 || len(got) > 100 {
		t.Fatalf("applied %v", got)
	}
}

// eventually polls cond on the UI goroutine until it holds. The screens get there through
// goroutines of their own, so the test waits for the condition, not for a time; a minute
// without it is a screen that never gets there.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		ok := false
		ui(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen did not get to %s in a minute", what)
		}
		time.Sleep(5 * time.Millisecond) // a poll interval, not a wait for something to happen
	}
}

func TestSearchBoxAndFilmPage(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), films: []index.Film{
		{ID: "a", Title: "Alpha", Year: 1999}, {ID: "b", Title: "Bravo", Plot: "A rabbit's tale."}, {ID: "c", Title: "Alphabet City"},
	}}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	ui(func() { w.Resize(fyne.NewSize(900, 600)) })
	loadAndWait(t, s)

	// Everything the user does happens on the Fyne goroutine, as it does in the app.
	ui(func() { test.Type(s.SearchEntry(), "alph") })
	eventually(t, "two films shown", func() bool { return len(s.Shown()) == 2 })
	if shown := onUIValue(s.Shown); shown[0].ID != "a" || shown[1].ID != "c" {
		t.Errorf("search shows %+v", shown)
	}
	// Typing on replaces the results; only the last query's arrive.
	ui(func() { s.SearchEntry().SetText("rabbit") })
	eventually(t, "one line found", func() bool { return len(s.Lines()) == 1 })
	ui(func() {
		if len(s.Shown()) != 0 || !s.linesBox.Visible() {
			t.Errorf("rabbit: %d films, lines visible %v", len(s.Shown()), s.linesBox.Visible())
		}
	})
	// Picking the line opens the film page at that moment.
	ui(func() { s.lineList.Select(0) })
	eventually(t, "the film page", func() bool { return s.page.content.Visible() && strings.Contains(s.page.details.Text, "12 lines") })
	ui(func() {
		if !strings.Contains(s.page.title.Text, "Bravo") || !strings.Contains(s.page.note.Text, "0:01:01") ||
			!strings.Contains(s.page.people.Text, "Ann Director") || !strings.Contains(s.page.people.Text, "Bo Actor (Hero)") {
			t.Errorf("film page: %q %q %q", s.page.title.Text, s.page.note.Text, s.page.people.Text)
		}
	})
	// The scene strip: two scenes; picking one says where the film will play from.
	var strip int
	var stripShown bool
	ui(func() { strip, stripShown = len(s.page.scenes.Objects), s.page.strip.Visible() })
	if strip != 2 || !stripShown {
		t.Fatalf("scene strip: %d scenes, visible %v", strip, stripShown)
	}
	ui(func() { s.page.picked(95 * time.Second) })
	if note := onUIValue(func() string { return s.page.note.Text }); !strings.Contains(note, "scene at 0:01:35") {
		t.Errorf("picked scene: %q", note)
	}
	ui(s.closeFilm)
	// Clearing the box shows everything again.
	ui(func() { s.SearchEntry().SetText("") })
	eventually(t, "three films and no lines", func() bool { return len(s.Shown()) == 3 && !s.linesBox.Visible() })
}

func TestLength(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{{30 * time.Second, "30 s"}, {24 * time.Minute, "24 min"}, {112 * time.Minute, "1 h 52 min"}}
	for _, tt := range tests {
		if got := length(tt.d); got != tt.want {
			t.Errorf("length(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFilters(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), films: []index.Film{
		{ID: "a", Title: "Alpha", Year: 1994, Genres: []string{"Crime"}, Watched: true},
		{ID: "b", Title: "Bravo", Year: 1999, Genres: []string{"Drama"}},
		{ID: "c", Title: "Alphabet City", Year: 2003, Genres: []string{"Crime", "Drama"}},
	}}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	loadAndWait(t, s)
	ids := func() string {
		var out []string
		ui(func() {
			for _, f := range s.Shown() {
				out = append(out, f.ID)
			}
		})
		return strings.Join(out, ",")
	}
	tests := []struct {
		genre, decade string
		unwatched     bool
		want          string
	}{
		{"Crime", "", false, "a,c"},
		{"Crime", "1990s", false, "a"},
		{"", "1990s", true, "b"},
		{"All genres", "Any decade", false, "a,b,c"},
	}
	for _, tt := range tests {
		ui(func() { s.SetFilters(tt.genre, tt.decade, tt.unwatched) })
		if got := ids(); got != tt.want {
			t.Errorf("filters %q %q %v: %s, want %s", tt.genre, tt.decade, tt.unwatched, got, tt.want)
		}
	}
	// Filters apply to search results too.
	ui(func() { s.SetFilters("Drama", "", false) })
	ui(func() { s.SearchEntry().SetText("alph") })
	eventually(t, "film c alone", func() bool { return len(s.Shown()) == 1 && s.Shown()[0].ID == "c" })
}

type fakeFolders struct{ roots []string }

func (f *fakeFolders) Roots() []string           { return f.roots }
func (f *fakeFolders) SetRoots(r []string) error { f.roots = r; return nil }

func TestWelcomeAndFolders(t *testing.T) {
	a := test.NewTempApp(t)
	s := NewLibraryScreen(testJobs(t), &fakeLibrary{dir: t.TempDir()}, nil)
	w := a.NewWindow("Reel")
	w.SetContent(s.Content())
	w.Resize(fyne.NewSize(900, 600))
	defer w.Close()
	folders := &fakeFolders{roots: []string{"/demo"}}
	ui(func() {
		s.EnableFolders(folders, w)
		s.Welcome()
	})
	var texts []string
	ui(func() {
		for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
			if l, ok := o.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
			if b, ok := o.(*widget.Button); ok {
				texts = append(texts, b.Text)
			}
		}
	})
	all := strings.Join(texts, "|")
	if !strings.Contains(all, "Where are your films?") || !strings.Contains(all, "Choose my film folder") || !strings.Contains(all, "Keep the demo") {
		t.Errorf("welcome dialog shows %q", all)
	}
}
