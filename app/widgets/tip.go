package widgets

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TipDelay is how long the pointer rests on a button before its tip shows.
var TipDelay = 600 * time.Millisecond

// TipButton is a button that says what it does: its tip shows when the pointer rests on it or
// when it takes the keyboard focus (so icon buttons are usable without guessing). The tip is
// drawn by the TipLayer over the window's content (see WithTips).
type TipButton struct {
	widget.Button
	Tip string

	mu   sync.Mutex
	stop func() bool // stops the pending hover wait, nil when none
	gen  int         // the hover wait's generation: a wait that fires after a newer one, a tap or a leave shows nothing
}

// afterFunc starts a hover wait; tests replace it to fire the wait themselves.
var afterFunc = func(d time.Duration, f func()) (stop func() bool) { return time.AfterFunc(d, f).Stop }

// NewTipButton returns a button with a label (may be empty), an icon and a tip.
func NewTipButton(label string, icon fyne.Resource, tip string, tapped func()) *TipButton {
	b := &TipButton{Tip: tip}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn starts the wait for the tip.
func (b *TipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.mu.Lock()
	if b.stop != nil {
		b.stop()
	}
	b.gen++
	gen := b.gen
	b.stop = afterFunc(TipDelay, func() {
		fyne.Do(func() {
			b.mu.Lock()
			current := b.gen == gen
			b.mu.Unlock()
			if current {
				showTip(b)
			}
		})
	})
	b.mu.Unlock()
}

// MouseOut hides the tip.
func (b *TipButton) MouseOut() {
	b.Button.MouseOut()
	b.stopTip()
}

// Tapped hides the tip and presses the button.
func (b *TipButton) Tapped(e *fyne.PointEvent) {
	b.stopTip()
	b.Button.Tapped(e)
}

// FocusGained shows the tip at once: a keyboard user sees what the focused button does.
func (b *TipButton) FocusGained() {
	b.Button.FocusGained()
	showTip(b)
}

// FocusLost hides the tip.
func (b *TipButton) FocusLost() {
	b.Button.FocusLost()
	b.stopTip()
}

func (b *TipButton) stopTip() {
	b.mu.Lock()
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
	b.gen++
	b.mu.Unlock()
	hideTip(b)
}

// TipLayer draws tips over the window's content. It takes no input, so the pointer reaches
// what is under it.
type TipLayer struct {
	widget.BaseWidget

	// mu makes show and hide whole: in the real app both run on the Fyne goroutine, but Fyne's
	// test driver runs fyne.Do on the timer's goroutine.
	mu    sync.Mutex
	box   *canvas.Rectangle
	text  *canvas.Text
	owner fyne.CanvasObject
}

// NewTipLayer returns an empty layer.
func NewTipLayer() *TipLayer {
	l := &TipLayer{box: canvas.NewRectangle(color.NRGBA{R: 0x20, G: 0x20, B: 0x24, A: 0xf0}), text: canvas.NewText("", color.White)}
	l.box.CornerRadius = 4
	l.box.StrokeColor = color.NRGBA{R: 0x80, G: 0x80, B: 0x88, A: 0xff}
	l.box.StrokeWidth = 1
	l.text.TextSize = theme.CaptionTextSize() + 1
	l.box.Hide()
	l.text.Hide()
	l.ExtendBaseWidget(l)
	return l
}

// WithTips returns content with a TipLayer over it: set it as the window's content.
func WithTips(content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(content, NewTipLayer())
}

// Shown returns the tip on show, "" when none (for tests).
func (l *TipLayer) Shown() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.text.Visible() {
		return ""
	}
	return l.text.Text
}

// CreateRenderer is part of fyne.Widget.
func (l *TipLayer) CreateRenderer() fyne.WidgetRenderer {
	return &tipRenderer{l: l}
}

func (l *TipLayer) show(owner fyne.CanvasObject, tip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(owner).Subtract(d.AbsolutePositionForObject(l))
	l.owner = owner
	l.text.Text = tip
	pad := theme.Padding()
	ts := l.text.MinSize()
	size := fyne.NewSize(ts.Width+4*pad, ts.Height+2*pad)
	// Below the button, or above it near the bottom edge; never past the sides.
	pos := fyne.NewPos(at.X+owner.Size().Width/2-size.Width/2, at.Y+owner.Size().Height+pad)
	if pos.Y+size.Height > l.Size().Height {
		pos.Y = at.Y - size.Height - pad
	}
	pos.X = max(pad, min(pos.X, l.Size().Width-size.Width-pad))
	l.box.Move(pos)
	l.box.Resize(size)
	l.text.Move(pos.Add(fyne.NewPos(2*pad, pad)))
	l.text.Resize(ts)
	l.box.Show()
	l.text.Show()
	l.box.Refresh()
	l.text.Refresh()
}

func (l *TipLayer) hide(owner fyne.CanvasObject) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.owner != owner {
		return
	}
	l.owner = nil
	l.box.Hide()
	l.text.Hide()
}

type tipRenderer struct{ l *TipLayer }

func (r *tipRenderer) Layout(fyne.Size)             {}
func (r *tipRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *tipRenderer) Refresh()                     {}
func (r *tipRenderer) Destroy()                     {}
func (r *tipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.l.box, r.l.text} }

// layerFor finds the tip layer of the window the button is in. Buttons in a dialog get no
// tip: a dialog's buttons have words, and the layer is under the dialog.
func layerFor(b fyne.CanvasObject, showing bool) *TipLayer {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	c := app.Driver().CanvasForObject(b)
	if c == nil || showing && c.Overlays().Top() != nil {
		return nil
	}
	root, ok := c.Content().(*fyne.Container)
	if !ok || len(root.Objects) == 0 {
		return nil
	}
	l, _ := root.Objects[len(root.Objects)-1].(*TipLayer)
	return l
}

func showTip(b *TipButton) {
	if b.Tip == "" || !b.Visible() {
		return
	}
	if l := layerFor(b, true); l != nil {
		l.show(b, b.Tip)
	}
}

func hideTip(b *TipButton) {
	if l := layerFor(b, false); l != nil {
		l.hide(b)
	}
}
