package widgets

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The star's outline and its filled form, drawn in the theme's colours (Fyne recolours an
// SVG's fills, not its strokes: the outline is a star with a smaller one cut out of it).
var (
	starOutline fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("star-outline.svg", []byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000" d="`+
			starPath(10.5, 4.4, false)+starPath(7.4, 3.0, true)+`"/></svg>`)))
	starFilled fyne.Resource = theme.NewPrimaryThemedResource(fyne.NewStaticResource("star-filled.svg", []byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#000" d="`+starPath(10.5, 4.4, false)+`"/></svg>`)))
)

// starPath is a five-pointed star's path centred in a 24×24 box, its points outer from the
// centre and its inner corners inner; reversed, it winds the other way (a hole, under the
// non-zero fill rule, which is all Fyne's SVG renderer applies).
func starPath(outer, inner float64, reversed bool) string {
	var b strings.Builder
	for j := 0; j < 10; j++ {
		i := j
		if reversed {
			i = (10 - j) % 10
		}
		r := outer
		if i%2 == 1 {
			r = inner
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		cmd := "L"
		if j == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&b, "%s%.2f %.2f ", cmd, 12+r*math.Cos(a), 12.8+r*math.Sin(a))
	}
	b.WriteString("Z ")
	return b.String()
}

// StarIcon is a filled star in the theme's primary colour, for a rated film's badge.
func StarIcon() fyne.Resource { return starFilled }

// Stars is a 1–5 star rating the user sets: the pointer over a star shows what a click would
// give, a click sets it, and a click on the star already set takes the rating away. Left and
// right (or 0–5) change it from the keyboard.
type Stars struct {
	widget.BaseWidget
	OnChanged func(stars int)

	value   int
	hovered int // the star under the pointer, 0 when none
	focused bool
	icons   [5]*canvas.Image
	size    float32
}

// NewStars makes a rating of value stars; changed is called when the user changes it.
func NewStars(value int, changed func(int)) *Stars {
	s := &Stars{value: value, OnChanged: changed, size: 26}
	for i := range s.icons {
		s.icons[i] = canvas.NewImageFromResource(starOutline)
		s.icons[i].FillMode = canvas.ImageFillContain
	}
	s.ExtendBaseWidget(s)
	s.paint()
	return s
}

// Value is the rating shown, 0 for none.
func (s *Stars) Value() int { return s.value }

// SetValue shows a rating without calling OnChanged (on the Fyne goroutine).
func (s *Stars) SetValue(v int) {
	s.value = min(5, max(0, v))
	s.paint()
}

func (s *Stars) set(v int) {
	v = min(5, max(0, v))
	if v == s.value {
		return
	}
	s.value = v
	s.paint()
	if s.OnChanged != nil {
		s.OnChanged(v)
	}
}

func (s *Stars) paint() {
	shown := s.value
	if s.hovered > 0 {
		shown = s.hovered
	}
	for i, img := range s.icons {
		res := starOutline
		if i < shown {
			res = starFilled
		}
		if img.Resource != res {
			img.Resource = res
			img.Refresh()
		}
	}
}

// starAt is the star under x, 1–5.
func (s *Stars) starAt(x float32) int {
	w := s.Size().Width / 5
	if w <= 0 {
		return 0
	}
	return min(5, max(1, int(x/w)+1))
}

// Tapped implements fyne.Tappable.
func (s *Stars) Tapped(e *fyne.PointEvent) {
	n := s.starAt(e.Position.X)
	if n == s.value {
		n = 0 // a second click on the same star takes the rating away
	}
	s.hovered = 0
	s.set(n)
}

// MouseIn implements desktop.Hoverable.
func (s *Stars) MouseIn(e *desktop.MouseEvent) { s.MouseMoved(e) }

// MouseMoved implements desktop.Hoverable.
func (s *Stars) MouseMoved(e *desktop.MouseEvent) {
	if n := s.starAt(e.Position.X); n != s.hovered {
		s.hovered = n
		s.paint()
	}
}

// MouseOut implements desktop.Hoverable.
func (s *Stars) MouseOut() {
	s.hovered = 0
	s.paint()
}

// Cursor implements desktop.Cursorable: a hand, as over a link.
func (s *Stars) Cursor() desktop.Cursor { return desktop.PointerCursor }

// FocusGained implements fyne.Focusable.
func (s *Stars) FocusGained() { s.focused = true; s.Refresh() }

// FocusLost implements fyne.Focusable.
func (s *Stars) FocusLost() { s.focused = false; s.Refresh() }

// TypedRune implements fyne.Focusable: 0–5 set the rating.
func (s *Stars) TypedRune(r rune) {
	if r >= '0' && r <= '5' {
		s.set(int(r - '0'))
	}
}

// TypedKey implements fyne.Focusable: left and right take a star away or add one.
func (s *Stars) TypedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyLeft, fyne.KeyDown:
		s.set(s.value - 1)
	case fyne.KeyRight, fyne.KeyUp:
		s.set(s.value + 1)
	}
}

// MinSize implements fyne.Widget.
func (s *Stars) MinSize() fyne.Size { return fyne.NewSize(5*s.size+8, s.size+4) }

// CreateRenderer implements fyne.Widget.
func (s *Stars) CreateRenderer() fyne.WidgetRenderer {
	focus := canvas.NewRectangle(theme.Color(theme.ColorNameFocus))
	focus.CornerRadius = 4
	focus.Hidden = !s.focused
	r := &starsRenderer{s: s, focus: focus}
	return r
}

type starsRenderer struct {
	s     *Stars
	focus *canvas.Rectangle
}

func (r *starsRenderer) Layout(size fyne.Size) {
	w := size.Width / 5
	side := fyne.Min(w, size.Height) - 4
	for i, img := range r.s.icons {
		img.Resize(fyne.NewSquareSize(side))
		img.Move(fyne.NewPos(float32(i)*w+(w-side)/2, (size.Height-side)/2))
	}
	r.focus.Resize(size)
}

func (r *starsRenderer) MinSize() fyne.Size { return r.s.MinSize() }

func (r *starsRenderer) Refresh() {
	r.focus.FillColor = theme.Color(theme.ColorNameFocus)
	r.focus.Hidden = !r.s.focused
	r.focus.Refresh()
	for _, img := range r.s.icons {
		img.Refresh()
	}
}

func (r *starsRenderer) Objects() []fyne.CanvasObject {
	out := []fyne.CanvasObject{r.focus}
	for _, img := range r.s.icons {
		out = append(out, img)
	}
	return out
}

func (r *starsRenderer) Destroy() {}
