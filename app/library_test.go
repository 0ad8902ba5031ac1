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
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// fakeLibrary serves fixed films and posters drawn in a flat colour, one of them failing.
type fakeLibrary struct {
	films   []index.Film
	dir     string
	failFor string
}

func (l *fakeLibrary) Films(context.Context) ([]index.Film, []index.Warning, error) {
	return l.films, []index.Warning{{Path: "/films/broken.mkv", Reason: "not a film"}}, nil
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
	s.Load(context.Background(), func() { close(done) })
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("library did not load in 10 s")
	}
	// Let the queued UI updates run.
	fyne.DoAndWait(func() {})
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
	s := NewLibraryScreen(lib, prep)
	w := test.NewWindow(s.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(900, 600))
	loadAndWait(t, s)

	if len(prepared) != 1 {
		t.Fatalf("preparer ran %d times", len(prepared))
	}
	if n := s.Grid().Length(); n != 3 {
		t.Fatalf("grid shows %d films, want 3", n)
	}
	cards := map[string]*widgets.FilmCard{}
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if c, ok := o.(*widgets.FilmCard); ok && c.Visible() && c.Title() != "" {
			cards[c.Title()] = c
		}
	}
	for _, title := range []string{"Alpha", "Bravo", "Charlie"} {
		c, ok := cards[title]
		if !ok {
			t.Fatalf("no card for %q; cards: %v", title, cards)
		}
		if hasPoster := c.PosterFile() != ""; hasPoster != (title != "Charlie") {
			t.Errorf("%s: poster %q", title, c.PosterFile())
		}
	}
	if st := s.Status(); !strings.Contains(st, "3 films") || !strings.Contains(st, "1 file could not be read") {
		t.Errorf("status = %q", st)
	}
}

func TestLibraryScreenReportsFailure(t *testing.T) {
	test.NewTempApp(t)
	s := NewLibraryScreen(&fakeLibrary{dir: t.TempDir()}, func(context.Context, func(string, float64)) error {
		return errors.New("disk full")
	})
	w := test.NewWindow(s.Content())
	defer w.Close()
	loadAndWait(t, s)
	if st := s.Status(); !strings.Contains(st, "disk full") {
		t.Errorf("status = %q, want the error", st)
	}
}

func TestLibraryScreenEmpty(t *testing.T) {
	test.NewTempApp(t)
	s := NewLibraryScreen(&fakeLibrary{dir: t.TempDir()}, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	loadAndWait(t, s)
	if !s.empty.Visible() || !strings.Contains(s.empty.Text, "No films") {
		t.Errorf("empty library: message visible=%v %q", s.empty.Visible(), s.empty.Text)
	}
}

func TestCoalescerKeepsLatest(t *testing.T) {
	test.NewTempApp(t)
	var got []int
	c := newCoalescer(func(v int) { got = append(got, v) })
	for i := 1; i <= 100; i++ {
		c.Set(i)
	}
	fyne.DoAndWait(func() {})
	if len(got) == 0 || got[len(got)-1] != 100 || len(got) > 100 {
		t.Fatalf("applied %v", got)
	}
}
