package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// The library without a mouse: Ctrl+F to search, Escape to clear, Tab to the grid, Space to
// open a film, Escape back.
func TestLibraryByKeyboard(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), films: []index.Film{{ID: "a", Title: "Alpha", Year: 1999}, {ID: "b", Title: "Bravo"}}}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	ui(func() { w.Resize(fyne.NewSize(900, 600)) })
	loadAndWait(t, s)
	c := w.Canvas()
	ui(func() { s.BindKeys(c) })

	ui(func() { c.(fyne.Shortcutable).TypedShortcut(searchKey) })
	if onUIValue(c.Focused) != fyne.Focusable(s.search) {
		t.Fatalf("Ctrl+F focused %T, want the search box", onUIValue(c.Focused))
	}
	ui(func() { test.Type(s.search, "alp") })
	eventually(t, "the search to narrow the grid", func() bool { return len(s.Shown()) == 1 })
	ui(func() { s.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	eventually(t, "Escape to clear the search", func() bool { return s.search.Text == "" && len(s.Shown()) == 2 })

	// Tab moves on from the search box, and reaches the grid.
	var reached bool
	for range 20 {
		ui(func() { c.FocusNext() })
		if onUIValue(c.Focused) == fyne.Focusable(s.grid) {
			reached = true
			break
		}
	}
	if !reached {
		t.Fatal("Tab never reached the poster grid")
	}
	ui(func() { s.grid.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	eventually(t, "Space to open the film", func() bool { return s.page.filmID == "a" })
	if f := onUIValue(c.Focused); f != nil {
		t.Errorf("the hidden grid kept the focus (%T): Escape would not reach the page", f)
	}
	ui(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	if onUIValue(func() string { return s.page.filmID }) != "" {
		t.Error("Escape did not leave the film page")
	}
	// Slash also goes to the search box.
	ui(func() { c.OnTypedRune()('/') })
	if onUIValue(c.Focused) != fyne.Focusable(s.search) {
		t.Errorf("/ focused %T, want the search box", onUIValue(c.Focused))
	}
}

// Every icon button on every screen says what it does: no button with only an icon and no tip.
func TestIconButtonsHaveTips(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), films: []index.Film{{ID: "a", Title: "Alpha", Year: 1999}}}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(widgets.WithTips(s.Content()))
	defer w.Close()
	ui(func() { w.Resize(fyne.NewSize(1000, 700)) })
	st := &fakeSettings{}
	ui(func() {
		s.EnableSettings(st, nil, func() {}, w)
		s.EnablePrivacy(nil, w)
		s.EnableFolders(st, w)
	})
	loadAndWait(t, s)
	fw := &fakeWatching{dur: 10 * time.Minute}
	ws, ww, _ := startWatch(t, fw, WatchRequest{FilmID: "a", Path: "/films/a.mkv", Title: "Alpha", At: -1})
	ui(func() { ws.EnableCompanion(&fakeCompanion{}) })
	ui(func() { s.OpenFilm("a", -1) })
	eventually(t, "the film page", func() bool { return s.page.filmID == "a" })

	var screens map[string]fyne.CanvasObject
	ui(func() {
		screens = map[string]fyne.CanvasObject{
			"library": s.library, "film page": s.page.content, "watch": ww.Content(),
			"settings: library": s.foldersTab(), "settings: assistant": s.assistantTab(), "settings: privacy": s.privacyTab(),
			"settings: data": s.dataTab(), "settings: language": s.languageTab(),
		}
	})
	tips := 0
	uiMu.Lock() // read the widgets as the Fyne goroutine would
	defer uiMu.Unlock()
	for name, root := range screens {
		for _, o := range test.LaidOutObjects(root) {
			switch b := o.(type) {
			case *widget.Button:
				if b.Visible() && b.Text == "" && b.Icon != nil {
					t.Errorf("%s: an icon button (%s) without words or a tip", name, b.Icon.Name())
				}
			case *widgets.TipButton:
				if b.Tip == "" && b.Text == "" {
					t.Errorf("%s: an icon button with an empty tip", name)
				}
				tips++
			}
		}
	}
	if tips < 10 {
		t.Errorf("only %d buttons with tips across the screens", tips)
	}
}
