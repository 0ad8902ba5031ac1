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

// objects lists what is laid out under o, as the user sees it.
func objects(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	ui(func() { out = test.LaidOutObjects(o) })
	return out
}

// button finds the button (plain or with a tip) whose text starts with text.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
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
	t.Fatalf("no button %q", text)
	return nil
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

func labels(o fyne.CanvasObject) string {
	var texts []string
	ui(func() {
		for _, obj := range test.LaidOutObjects(o) {
			if l, ok := obj.(*widget.Label); ok {
				texts = append(texts, l.Text)
			}
		}
	})
	return strings.Join(texts, "|")
}

func TestSettingsWindow(t *testing.T) {
	a := test.NewTempApp(t)
	s := NewLibraryScreen(&fakeLibrary{dir: t.TempDir()}, nil)
	w := a.NewWindow("Reel")
	w.SetContent(s.Content())
	w.Resize(fyne.NewSize(1000, 700))
	defer w.Close()
	st := &fakeSettings{prefs: Preferences{SendFrames: true}}
	restarted := 0
	ui(func() {
		s.EnableSettings(st, nil, func() { restarted++ }, w)
		s.BindKeys(w.Canvas())
	})

	// Ctrl+, opens it, with its five tabs.
	ui(func() { w.Canvas().(fyne.Shortcutable).TypedShortcut(settingsKey) })
	if !s.SettingsOpen() {
		t.Fatal("Ctrl+, did not open the settings")
	}
	var tabs []string
	for _, o := range objects(w.Canvas().Overlays().Top()) {
		if tb, ok := o.(*container.AppTabs); ok {
			for _, it := range tb.Items {
				tabs = append(tabs, it.Text)
			}
		}
	}
	if got := strings.Join(tabs, ","); got != "Library,Assistant,Privacy,Data,Language" {
		t.Errorf("tabs = %q", got)
	}

	t.Run("privacy", func(t *testing.T) {
		tab := s.privacyTab()
		for _, o := range objects(tab) {
			if c, ok := o.(*widget.Check); ok {
				ui(func() { test.Tap(c) })
			}
		}
		if p := st.Preferences(); !p.SendPlot || p.SendFrames {
			t.Errorf("after tapping both: %+v, want the plot sent and no pictures", p)
		}
	})

	t.Run("assistant", func(t *testing.T) {
		tab := s.assistantTab()
		addr := last[*widget.Entry](tab)
		save := button(t, tab, "Save and check")
		ui(func() { addr.SetText("localhost:11434"); test.Tap(save) })
		if !strings.Contains(labels(tab), "That is not an address") || st.Preferences().Ollama != "" {
			t.Errorf("a bad address: %q, saved %q", labels(tab), st.Preferences().Ollama)
		}
		ui(func() { addr.SetText(" http://10.0.0.5:11434 "); test.Tap(save) })
		if got := st.Preferences().Ollama; got != "http://10.0.0.5:11434" {
			t.Errorf("saved address %q", got)
		}
	})

	t.Run("data", func(t *testing.T) {
		tab := s.dataTab()
		w2 := a.NewWindow("data")
		w2.SetContent(tab)
		w2.Resize(fyne.NewSize(800, 500))
		defer w2.Close()
		all := labels(tab)
		for _, want := range []string{"Caches", "/home/u/.cache/reel", "Logs", "/home/u/.local/state/reel"} {
			if !strings.Contains(all, want) {
				t.Errorf("data tab lacks %q: %q", want, all)
			}
		}
		if n := strings.Count(strings.Join(func() (out []string) {
			for _, o := range objects(tab) {
				if b, ok := o.(*widgets.TipButton); ok {
					out = append(out, b.Text)
				}
			}
			return
		}(), "|"), "Open folder"); n != 4 {
			t.Errorf("%d Open folder buttons, want 4", n)
		}
		s.win = w2 // the confirmation opens over this window
		clearBtn := button(t, tab, "Clear caches")
		ui(func() { test.Tap(clearBtn) })
		confirm := button(t, w2.Canvas().Overlays().Top(), "Clear")
		ui(func() { test.Tap(confirm) })
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(labels(tab), "Freed 3.0 MB") && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if st.cleared != 1 || !strings.Contains(labels(tab), "Freed 3.0 MB") {
			t.Errorf("clear caches: %d calls, says %q", st.cleared, labels(tab))
		}
		s.win = w
	})

	t.Run("language", func(t *testing.T) {
		tab := s.languageTab()
		sel := last[*widget.Select](tab)
		if sel == nil || strings.Join(sel.Options, ",") != "System language,English,简体中文" || sel.Selected != "System language" {
			t.Fatalf("language choice: %+v", sel)
		}
		ui(func() { sel.SetSelected("简体中文") })
		if got := st.Preferences().Language; got != "zh" {
			t.Errorf("saved language %q, want zh", got)
		}
		restart := button(t, w.Canvas().Overlays().Top(), "Restart now")
		ui(func() { test.Tap(restart) })
		if restarted != 1 {
			t.Errorf("restart asked %d times", restarted)
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
	} {
		if got := problemText(c.err); got != c.want {
			t.Errorf("problemText(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
