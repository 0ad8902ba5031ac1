package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestTipButton(t *testing.T) {
	test.NewTempApp(t)
	tapped := 0
	b := NewTipButton("", theme.SettingsIcon(), "Settings (Ctrl+,)", func() { tapped++ })
	other := NewTipButton("", theme.VisibilityIcon(), "Network requests", nil)
	root := WithTips(container.NewBorder(container.NewHBox(other, b), nil, nil, nil, widget.NewLabel("body")))
	w := test.NewWindow(root)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))
	layer := root.(*fyne.Container).Objects[1].(*TipLayer)

	// The keyboard focus shows the tip at once, under the button and inside the window.
	w.Canvas().Focus(b)
	if got := layer.Shown(); got != "Settings (Ctrl+,)" {
		t.Fatalf("tip on focus = %q", got)
	}
	if p := layer.box.Position(); p.Y < b.Position().Y+b.Size().Height || p.X < 0 || p.X+layer.box.Size().Width > 400 {
		t.Errorf("tip box at %v size %v: not under the button at %v, or outside the window", p, layer.box.Size(), b.Position())
	}
	// Focus elsewhere: that button's tip replaces it; losing the focus hides it.
	w.Canvas().Focus(other)
	if got := layer.Shown(); got != "Network requests" {
		t.Errorf("tip after moving the focus = %q", got)
	}
	w.Canvas().Unfocus()
	if got := layer.Shown(); got != "" {
		t.Errorf("tip after unfocus = %q", got)
	}

	// The pointer resting on the button shows it when the hover wait (TipDelay) ends; the test
	// ends the waits itself.
	var waits []func()
	old := afterFunc
	afterFunc = func(d time.Duration, f func()) func() bool {
		if d != TipDelay {
			t.Errorf("hover wait %v, want TipDelay", d)
		}
		waits = append(waits, f)
		return func() bool { return true }
	}
	defer func() { afterFunc = old }()
	b.MouseIn(&desktop.MouseEvent{})
	if got := layer.Shown(); got != "" {
		t.Errorf("tip before the wait ended = %q", got)
	}
	waits[len(waits)-1]()
	if got := layer.Shown(); got != "Settings (Ctrl+,)" {
		t.Errorf("tip after hovering = %q", got)
	}
	b.MouseOut()
	if got := layer.Shown(); got != "" {
		t.Errorf("tip after the pointer left = %q", got)
	}
	// A tap hides the tip and presses the button; the hover wait ending after it shows nothing.
	b.MouseIn(&desktop.MouseEvent{})
	test.Tap(b)
	waits[len(waits)-1]()
	if tapped != 1 || layer.Shown() != "" {
		t.Errorf("after a tap: tapped %d, tip %q", tapped, layer.Shown())
	}
}
