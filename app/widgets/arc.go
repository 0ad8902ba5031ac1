package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SentimentArc draws a film's mood across its running time: a line over a zero axis, up for
// positive stretches (green), down for negative ones (red).
type SentimentArc struct {
	widget.BaseWidget
	values []float64 // -1 to 1
}

// NewSentimentArc makes an empty arc.
func NewSentimentArc() *SentimentArc {
	a := &SentimentArc{}
	a.ExtendBaseWidget(a)
	return a
}

// SetValues replaces the arc (on the Fyne goroutine).
func (a *SentimentArc) SetValues(v []float64) {
	a.values = append([]float64(nil), v...)
	a.Refresh()
}

// Values is what the arc shows.
func (a *SentimentArc) Values() []float64 { return a.values }

func (a *SentimentArc) MinSize() fyne.Size { return fyne.NewSize(240, 88) }

// scale is the value drawn at the top (and, negated, the bottom) of the arc: the largest
// swing, so that a film whose dialogue stays near neutral still shows its ups and downs,
// but never less than 0.2, so noise is not blown up into drama.
func (a *SentimentArc) scale() float64 {
	m := 0.2
	for _, v := range a.values {
		m = max(m, v, -v)
	}
	return min(m, 1)
}

func (a *SentimentArc) CreateRenderer() fyne.WidgetRenderer {
	r := &arcRenderer{a: a, axis: canvas.NewLine(theme.Color(theme.ColorNameDisabled))}
	r.axis.StrokeWidth = 1
	return r
}

type arcRenderer struct {
	a     *SentimentArc
	axis  *canvas.Line
	lines []*canvas.Line
}

var (
	arcUp   = color.NRGBA{R: 0x4c, G: 0xc3, B: 0x7a, A: 0xff}
	arcDown = color.NRGBA{R: 0xe0, G: 0x5a, B: 0x5a, A: 0xff}
)

func (r *arcRenderer) Layout(size fyne.Size) {
	mid := size.Height / 2
	r.axis.Position1 = fyne.NewPos(0, mid)
	r.axis.Position2 = fyne.NewPos(size.Width, mid)
	v := r.a.values
	for len(r.lines) < len(v)-1 {
		l := canvas.NewLine(arcUp)
		l.StrokeWidth = 2
		r.lines = append(r.lines, l)
	}
	if len(v) < 2 {
		return
	}
	step := size.Width / float32(len(v)-1)
	scale := r.a.scale()
	y := func(x float64) float32 { return mid - float32(x/scale)*(mid-2) }
	for i := 0; i < len(v)-1; i++ {
		l := r.lines[i]
		l.Position1 = fyne.NewPos(float32(i)*step, y(v[i]))
		l.Position2 = fyne.NewPos(float32(i+1)*step, y(v[i+1]))
		if v[i]+v[i+1] < 0 {
			l.StrokeColor = arcDown
		} else {
			l.StrokeColor = arcUp
		}
	}
}

func (r *arcRenderer) MinSize() fyne.Size { return r.a.MinSize() }

func (r *arcRenderer) Refresh() {
	r.Layout(r.a.Size())
	for _, o := range r.Objects() {
		o.Refresh()
	}
}

func (r *arcRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.axis}
	n := max(0, len(r.a.values)-1)
	for _, l := range r.lines[:min(n, len(r.lines))] {
		out = append(out, l)
	}
	return out
}

func (r *arcRenderer) Destroy() {}
