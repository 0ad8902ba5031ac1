package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assistant/ollama"
)

// fakeSettings records what the settings window changes.
type fakeSettings struct {
	fakeFolders
	mu       sync.Mutex
	prefs    Preferences
	cleared  int
	exported string
	imported string
}

func (f *fakeSettings) Preferences() Preferences {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.prefs
}

func (f *fakeSettings) SetPreferences(p Preferences) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prefs = p
	return nil
}

func (f *fakeSettings) Places() []Place {
	return []Place{{"Settings", "/home/u/.config/reel"}, {"Library data", "/home/u/.local/share/reel"}, {"Caches", "/home/u/.cache/reel"}, {"Logs", "/home/u/.local/state/reel"}}
}

func (f *fakeSettings) ClearCaches(context.Context) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cleared++
	return 3 << 20, nil
}

func (f *fakeSettings) ExportUserData(_ context.Context, path string) (int, error) {
	f.exported = path
	return 2, nil
}

func (f *fakeSettings) ImportUserData(_ context.Context, path string) (ImportResult, error) {
	f.imported = path
	return ImportResult{}, errors.New("not a file from reel export")
}

// objects lists what is laid out under o, as the user sees it. Like every helper here that
// reads widgets, it is called inside ui.
func objects(o fyne.CanvasObject) []fyne.CanvasObject { return test.LaidOutObjects(o) }

// button finds the button (plain or with a tip) whose text starts with text, or nil.
func button(o fyne.CanvasObject, text string) *widget.Button {
	for _, obj := range objects(o) {
		switch b := obj.(type) {
		case *widget.Button:
			if strings.HasPrefix(b.Text, text) {
				return b
			}
		case *widgets.TipButton:
			if strings.HasPrefix(b.Text, text) {
				return &b.Button
			}
		}
	}
	return nil
}

// tap taps the button whose text starts with text under o, inside ui; false if there is none.
func tap(o func() fyne.CanvasObject, text string) bool {
	found := false
	ui(func() {
		if b := button(o(), text); b != nil {
			found = true
			test.Tap(b)
		}
	})
	return found
}

// last finds the last object of type T under o.
func last[T fyne.CanvasObject](o fyne.CanvasObject) (found T) {
	for _, obj := range objects(o) {
		if v, ok := obj.(T); ok {
			found = v
		}
	}
	return found
}

// labels joins the texts of the labels under o.
func labels(o fyne.CanvasObject) string {
	var texts []string
	for _, obj := range objects(o) {
		if l, ok := obj.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "|")
}

func (f *fakeSettings) clearedCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cleared
}

func TestSettingsWindow(t *testing.T) {
	a := test.NewTempApp(t)
	s := NewLibraryScreen(testJobs(t), &fakeLibrary{dir: t.TempDir()}, nil)
	w := a.NewWindow("Reel")
	st := &fakeSettings{prefs: Preferences{SendFrames: true}}
	restarted := 0
	ui(func() {
		w.SetContent(s.Content())
		w.Resize(fyne.NewSize(1000, 700))
		s.EnableSettings(st, nil, func() { restarted++ }, w)
		s.BindKeys(w.Canvas())
	})
	// Clear caches reloads the library: that load ends before the window does.
	defer func() {
		s.Stop()
		s.Wait()
		ui(w.Close)
	}()
	top := func() fyne.CanvasObject { return w.Canvas().Overlays().Top() }

	// Ctrl+, opens it, with its five tabs.
	var open bool
	var tabs []string
	ui(func() {
		w.Canvas().(fyne.Shortcutable).TypedShortcut(settingsKey)
		open = s.SettingsOpen()
		for _, o := range objects(top()) {
			if tb, ok := o.(*container.AppTabs); ok {
				for _, it := range tb.Items {
					tabs = append(tabs, it.Text)
				}
			}
		}
	})
	if !open {
		t.Fatal("Ctrl+, did not open the settings")
	}
	if got := strings.Join(tabs, ","); got != "Library,Assistant,Privacy,Data,Language" {
		t.Errorf("tabs = %q", got)
	}

	t.Run("privacy", func(t *testing.T) {
		ui(func() {
			for _, o := range objects(s.privacyTab()) {
				if c, ok := o.(*widget.Check); ok {
					test.Tap(c)
				}
			}
		})
		if p := st.Preferences(); !p.SendPlot || p.SendFrames {
			t.Errorf("after tapping both: %+v, want the plot sent and no pictures", p)
		}
	})

	t.Run("assistant", func(t *testing.T) {
		var tab fyne.CanvasObject
		var said string
		ui(func() {
			tab = s.assistantTab()
			last[*widget.Entry](tab).SetText("localhost:11434")
		})
		if !tap(func() fyne.CanvasObject { return tab }, "Save and check") {
			t.Fatal("no Save and check button")
		}
		ui(func() { said = labels(tab) })
		if !strings.Contains(said, "That is not an address") || st.Preferences().Ollama != "" {
			t.Errorf("a bad address: %q, saved %q", said, st.Preferences().Ollama)
		}
		ui(func() { last[*widget.Entry](tab).SetText(" http://10.0.0.5:11434 ") })
		tap(func() fyne.CanvasObject { return tab }, "Save and check")
		if got := st.Preferences().Ollama; got != "http://10.0.0.5:11434" {
			t.Errorf("saved address %q", got)
		}
	})

	t.Run("data", func(t *testing.T) {
		var tab fyne.CanvasObject
		var all string
		var folders []string
		w2 := a.NewWindow("data")
		ui(func() {
			tab = s.dataTab()
			w2.SetContent(tab)
			w2.Resize(fyne.NewSize(800, 500))
			all = labels(tab)
			for _, o := range objects(tab) {
				if b, ok := o.(*widgets.TipButton); ok {
					folders = append(folders, b.Text)
				}
			}
			s.win = w2 // the confirmation opens over this window
		})
		defer ui(func() { s.win = w; w2.Close() })
		for _, want := range []string{"Caches", "/home/u/.cache/reel", "Logs", "/home/u/.local/state/reel"} {
			if !strings.Contains(all, want) {
				t.Errorf("data tab lacks %q: %q", want, all)
			}
		}
		if n := strings.Count(strings.Join(folders, "|"), "Open folder"); n != 4 {
			t.Errorf("%d Open folder buttons, want 4", n)
		}
		if !tap(func() fyne.CanvasObject { return tab }, "Clear caches") {
			t.Fatal("no Clear caches button")
		}
		if !tap(func() fyne.CanvasObject { return w2.Canvas().Overlays().Top() }, "Clear") {
			t.Fatal("no confirmation")
		}
		eventually(t, "the space freed", func() bool { return strings.Contains(labels(tab), "Freed 3.0 MB") })
		if n := st.clearedCount(); n != 1 {
			t.Errorf("clear caches: %d calls", n)
		}
	})

	t.Run("language", func(t *testing.T) {
		var options, selected string
		ui(func() {
			sel := last[*widget.Select](s.languageTab())
			if sel == nil {
				return
			}
			options, selected = strings.Join(sel.Options, ","), sel.Selected
			sel.SetSelected("简体中文")
		})
		if options != "System language,English,简体中文" || selected != "System language" {
			t.Fatalf("language choice: %q, selected %q", options, selected)
		}
		if got := st.Preferences().Language; got != "zh" {
			t.Errorf("saved language %q, want zh", got)
		}
		if !tap(top, "Restart now") {
			t.Fatal("no Restart now button")
		}
		var n int
		ui(func() { n = restarted })
		if n != 1 {
			t.Errorf("restart asked %d times", n)
		}
	})
}

func TestProblemText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("disk full"), "disk full"},
		{fmt.Errorf("models: %w", ollama.ErrNotRunning), "Ollama is not running: start Ollama (ollama serve) or set its address in Settings."},
		{fmt.Errorf("chat: %w", &ollama.ModelMissingError{Model: "llama3.2"}), "Ollama does not have the model llama3.2: pull it (ollama pull llama3.2, or Models… in Settings)."},
		{&ollama.CutError{Reason: ollama.ErrStalled}, "The answer was cut off: Ollama stopped answering mid-way: try again, or a smaller model."},
		{&ollama.CutError{Reason: ollama.ErrCut}, "The answer was cut off: The connection to Ollama closed before the end of the answer: try again."},
		{&ollama.CutError{Reason: fmt.Errorf("chat: %w", ollama.ErrTooLong)}, "The answer was cut off: The model reached its length limit and was stopped: ask for something shorter, or try another model."},
		{&ollama.NoAnswerError{Host: "http://box:11434", After: 20 * time.Second}, "Ollama at http://box:11434 accepted the connection but did not answer within 20 s: restart Ollama, or check its address in Settings."},
		{&ollama.DeadlineError{After: 5 * time.Minute}, "The model took longer than 5 min and was stopped: try again, ask for something shorter, or use a smaller model."},
	} {
		if got := problemText(c.err); got != c.want {
			t.Errorf("problemText(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
