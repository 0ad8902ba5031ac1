package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The star's outline and its filled form, drawn in the theme's colours.
var (
	starPath                  = `<path d="M12 2.5l2.94 6.06 6.56.9-4.78 4.6 1.18 6.54L12 17.5l-5.9 3.1 1.18-6.54-4.78-4.6 6.56-.9z"`
	starOutline fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("star-outline.svg", []byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`+starPath+` fill="none" stroke="#000" stroke-width="1.6" stroke-linejoin="round"/></svg>`)))
	starFilled fyne.Resource = theme.NewPrimaryThemedResource(fyne.NewStaticResource("star-filled.svg", []byte(
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`+starPath+` fill="#000"/></svg>`)))
)

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
