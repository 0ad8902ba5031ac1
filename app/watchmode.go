package app

import (
	"image/color"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/reel-app/reel/index"
)

// restAfter is how long the pointer must rest before the controls of a full-screen film, and
// the pointer over a playing one, hide.
const restAfter = 2 * time.Second

// filmModeBand is what the controls stand on over a full-screen film: dark enough for their
// text to read over the brightest picture.
var filmModeBand = color.NRGBA{R: 0x10, G: 0x10, B: 0x14, A: 0xd8}

// panelWidth is the narrowest window in which the companion sits beside the picture; below
// it, the panel folds away (and opens over the picture when asked for).
const panelWidth = 960

// arrange puts the screen together for the window or for full screen (on the Fyne goroutine).
func (s *WatchScreen) arrange() {
	s.bodyLay.film = s.filmMode
	if !s.filmMode {
		s.content.Objects = []fyne.CanvasObject{container.NewBorder(s.top, s.bar, nil, nil, s.body)}
	} else {
		// The picture only; the title bar and the transport bar come over it on movement.
		band := func(o fyne.CanvasObject) fyne.CanvasObject {
			bg := canvas.NewRectangle(filmModeBand)
			return container.NewStack(bg, container.NewPadded(o))
		}
		overlay := container.NewBorder(band(s.top), band(s.bar), nil, nil)
		overlay.Hidden = !s.chromeUp
		s.content.Objects = []fyne.CanvasObject{s.body, overlay}
	}
	s.content.Refresh()
	s.body.Refresh()
}

// setFilmMode enters or leaves the film mode of full screen.
func (s *WatchScreen) setFilmMode(on bool) {
	if on == s.filmMode {
		return
	}
	s.filmMode = on
	s.win.SetPadded(!on) // the picture to the screen's edges
	s.arrange()
	s.showChrome()
}

// FilmMode says whether the screen is in its full-screen film mode (for tests).
func (s *WatchScreen) FilmMode() bool { return s.filmMode }

// ControlsShown says whether the controls are on screen (always, out of full screen).
func (s *WatchScreen) ControlsShown() bool { return !s.filmMode || s.chromeUp }

// showChrome brings the controls and the pointer back, and hides them again once the pointer
// has rested (on the Fyne goroutine).
func (s *WatchScreen) showChrome() {
	s.restGen++
	gen := s.restGen
	if !s.chromeUp || s.view.PointerHidden() {
		s.chromeUp = true
		s.view.HidePointer(false)
		if s.filmMode && len(s.content.Objects) == 2 {
			s.content.Objects[1].Show()
		}
	}
	time.AfterFunc(restAfter, func() {
		onUI(func() {
			if s.restGen == gen {
				s.Rest()
			}
		})
	})
}

// pointerMoved is the pointer moving over the picture.
func (s *WatchScreen) pointerMoved() {
	if s.chromeUp && !s.view.PointerHidden() && time.Since(s.lastMove) < restAfter/4 {
		return // a timer for this run of moves is already set
	}
	s.lastMove = time.Now()
	s.showChrome()
}

// Rest is what happens once the pointer has rested: the pointer hides over a playing film and,
// in full screen, so do the controls. A paused film keeps them.
func (s *WatchScreen) Rest() {
	if s.eng == nil || s.state.Paused {
		return
	}
	s.view.HidePointer(true)
	if s.filmMode {
		s.chromeUp = false
		if len(s.content.Objects) == 2 {
			s.content.Objects[1].Hide()
		}
	}
}

// watchBody lays out the picture and the companion panel: side by side when the window is wide
// enough and the viewer wants the panel, the panel over the picture's right side when it is
// narrow or full screen and the viewer asked for it. Its objects are the picture, then (with a
// companion) the panel's backdrop and the panel. Its minimum is the picture's: the panel never
// makes the window grow.
type watchBody struct {
	film      bool
	wideOff   bool // the viewer folded the panel away in a wide window
	narrowOn  bool // the viewer opened it over the picture
	overlaid  bool // the last layout put the panel over the picture
	lastWidth float32
}

func (l *watchBody) narrow(width float32) bool { return l.film || width < panelWidth }

func (l *watchBody) toggle(width float32, film bool) {
	l.film = film
	if l.narrow(width) {
		l.narrowOn = !l.narrowOn
	} else {
		l.wideOff = !l.wideOff
	}
}

func (l *watchBody) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l *watchBody) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.lastWidth = size.Width
	picture := objs[0]
	setShown := func(o fyne.CanvasObject, on bool) {
		if on != o.Visible() {
			if on {
				o.Show()
			} else {
				o.Hide()
			}
		}
	}
	if len(objs) < 3 {
		picture.Move(fyne.NewPos(0, 0))
		picture.Resize(size)
		return
	}
	backdrop, panel := objs[1], objs[2]
	pad := theme.Padding()
	switch {
	case !l.narrow(size.Width) && !l.wideOff:
		w := fyne.Max(340, size.Width*0.3)
		picture.Move(fyne.NewPos(0, 0))
		picture.Resize(fyne.NewSize(size.Width-w-pad, size.Height))
		panel.Move(fyne.NewPos(size.Width-w, 0))
		panel.Resize(fyne.NewSize(w, size.Height))
		setShown(panel, true)
		setShown(backdrop, false)
		l.overlaid = false
	case l.narrow(size.Width) && l.narrowOn:
		w := fyne.Min(380, size.Width*0.85)
		picture.Move(fyne.NewPos(0, 0))
		picture.Resize(size)
		backdrop.Move(fyne.NewPos(size.Width-w, 0))
		backdrop.Resize(fyne.NewSize(w, size.Height))
		panel.Move(fyne.NewPos(size.Width-w+pad, pad))
		panel.Resize(fyne.NewSize(w-2*pad, size.Height-2*pad))
		setShown(backdrop, true)
		setShown(panel, true)
		l.overlaid = true
	default:
		picture.Move(fyne.NewPos(0, 0))
		picture.Resize(size)
		panel.Resize(fyne.NewSize(340, size.Height)) // laid out as it will show, though hidden
		setShown(panel, false)
		setShown(backdrop, false)
		l.overlaid = false
	}
}

// newPanelBackdrop is what the panel stands on over the picture: the theme's background,
// nearly opaque, so its text keeps its contrast.
func newPanelBackdrop() fyne.CanvasObject {
	c := theme.Color(theme.ColorNameBackground)
	r, g, b, _ := c.RGBA()
	bg := canvas.NewRectangle(color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0xf0})
	bg.Hide()
	return bg
}

// preferredTrack is the subtitle track to show first: the first in the UI's language, else
// the first track; -1 for none.
func preferredTrack(tracks []SubtitleTrack, uiLang string) int {
	if len(tracks) == 0 {
		return -1
	}
	for i, t := range tracks {
		if index.BaseLanguage(t.Language) == uiLang {
			return i
		}
	}
	return 0
}

// subtitleSize is the size of subtitle text over a picture h points high: about 1/18 of it,
// as players draw them, within what stays readable.
func subtitleSize(h float32) float32 {
	return fyne.Min(44, fyne.Max(15, h/18))
}

// wrapLine breaks a subtitle line into lines no wider than width at size: at spaces, and
// anywhere between Chinese or Japanese characters (which have none).
func wrapLine(line string, width, size float32, style fyne.TextStyle) []string {
	fits := func(s string) bool { return fyne.MeasureText(s, size, style).Width <= width }
	if width <= 0 || fits(line) {
		return []string{line}
	}
	// Tokens: words with their spaces, and each CJK character on its own.
	var tokens []string
	var cur strings.Builder
	for _, r := range line {
		switch {
		case r == ' ':
			cur.WriteRune(r)
			tokens = append(tokens, cur.String())
			cur.Reset()
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			if cur.Len() > 0 {
				tokens = append(tokens, cur.String())
				cur.Reset()
			}
			tokens = append(tokens, string(r))
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		tokens = append(tokens, cur.String())
	}
	var out []string
	line = ""
	for _, t := range tokens {
		if line != "" && !fits(strings.TrimRight(line+t, " ")) {
			out = append(out, strings.TrimRight(line, " "))
			line = strings.TrimLeft(t, " ")
			continue
		}
		line += t
	}
	if strings.TrimSpace(line) != "" {
		out = append(out, strings.TrimRight(line, " "))
	}
	return out
}

// outlined lays out a subtitle line drawn with a dark outline: its objects are the eight
// outline copies, then the text (twice for scripts whose fonts have no bold: the second,
// a pixel over, thickens it).
type outlined struct{ d float32 }

func (l *outlined) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[len(objs)-1].MinSize()
	return fyne.NewSize(m.Width+2*l.d+1, m.Height+2*l.d)
}

var outlineOffsets = [8][2]float32{{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}}

func (l *outlined) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	m := objs[len(objs)-1].MinSize()
	for i, o := range objs {
		o.Resize(m)
		switch {
		case i < 8:
			o.Move(fyne.NewPos(l.d+outlineOffsets[i][0]*l.d, l.d+outlineOffsets[i][1]*l.d))
		case i == 9:
			o.Move(fyne.NewPos(l.d+1, l.d))
		default:
			o.Move(fyne.NewPos(l.d, l.d))
		}
	}
}

// subtitleLine is one line of subtitle text: white, bold, with a dark outline.
func subtitleLine(text string, size float32) fyne.CanvasObject {
	mk := func(c color.Color) *canvas.Text {
		t := canvas.NewText(text, c)
		t.TextSize = size
		t.TextStyle = fyne.TextStyle{Bold: true}
		return t
	}
	objs := make([]fyne.CanvasObject, 0, 10)
	for range outlineOffsets {
		objs = append(objs, mk(color.NRGBA{A: 0xe0}))
	}
	objs = append(objs, mk(color.White))
	if hasCJK(text) {
		objs = append(objs, mk(color.White)) // the CJK font has no bold: drawn twice, a pixel apart
	}
	return container.New(&outlined{d: fyne.Max(1.5, size/14)}, objs...)
}

func hasCJK(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return true
		}
	}
	return false
}
