package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SeekBar is the film's position slider (0–1) that also says where the pointer hovers, so the
// watch screen can show that moment's scene thumbnail. SetPosition moves the knob without
// firing OnChanged, for the playhead's own progress.
type SeekBar struct {
	widget.Slider
	// OnHover hears the fraction of the film under the pointer and the pointer's position in
	// the bar; OnHoverEnd, that it left.
	OnHover    func(frac float64, at fyne.Position)
	OnHoverEnd func()
}

// NewSeekBar makes a bar at 0.
func NewSeekBar() *SeekBar {
	s := &SeekBar{}
	s.Min, s.Max, s.Step = 0, 1, 0
	s.ExtendBaseWidget(s)
	return s
}

// SetPosition moves the knob to frac without telling OnChanged.
func (s *SeekBar) SetPosition(frac float64) {
	s.Value = min(1, max(0, frac))
	s.Refresh()
}

// Fraction is where x (in the bar's coordinates) falls along the track.
func (s *SeekBar) Fraction(x float32) float64 {
	pad := theme.InnerPadding()
	w := s.Size().Width - 2*pad
	if w <= 0 {
		return 0
	}
	return float64(min(1, max(0, (x-pad)/w)))
}

func (s *SeekBar) MouseIn(e *desktop.MouseEvent) {
	s.Slider.MouseIn(e)
	s.hover(e)
}

func (s *SeekBar) MouseMoved(e *desktop.MouseEvent) {
	s.Slider.MouseMoved(e)
	s.hover(e)
}

func (s *SeekBar) MouseOut() {
	s.Slider.MouseOut()
	if s.OnHoverEnd != nil {
		s.OnHoverEnd()
	}
}

func (s *SeekBar) hover(e *desktop.MouseEvent) {
	if s.OnHover != nil {
		s.OnHover(s.Fraction(e.Position.X), e.Position)
	}
}
