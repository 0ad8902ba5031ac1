package app

import (
	"math"
	"time"

	"fyne.io/fyne/v2"

	"github.com/reel-app/reel/player"
)

// mpv's keys, on the window while the watch screen is up.

func (s *WatchScreen) installKeys() {
	c := s.win.Canvas()
	c.SetOnTypedRune(s.TypedRune)
	c.SetOnTypedKey(s.TypedKey)
}

func (s *WatchScreen) removeKeys() {
	c := s.win.Canvas()
	c.SetOnTypedRune(nil)
	c.SetOnTypedKey(nil)
}

// TypedRune handles the character keys.
func (s *WatchScreen) TypedRune(r rune) {
	if s.eng == nil {
		if r == 'q' {
			s.Leave()
		}
		return
	}
	switch r {
	case ' ', 'p':
		s.togglePause()
	// Speed keys compound on the speed asked for last, as mpv's do: two quick ] are 1.21×.
	case '[':
		s.setSpeed(s.speed / 1.1)
	case ']':
		s.setSpeed(s.speed * 1.1)
	case '{':
		s.setSpeed(s.speed / 2)
	case '}':
		s.setSpeed(s.speed * 2)
	case '9':
		s.setVolume(s.volume.Value - 2)
	case '0':
		s.setVolume(s.volume.Value + 2)
	case 'm':
		s.toggleMute()
	case 'c':
		s.togglePanel()
	case 'j':
		s.cycleSubtitles()
	case '#':
		s.cycleAudio()
	case 'f':
		s.toggleFullScreen()
	case '.':
		s.eng.Step()
	case 'q':
		s.Leave()
	}
}

// TypedKey handles the named keys.
func (s *WatchScreen) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		if s.win.FullScreen() {
			s.win.SetFullScreen(false)
		}
		s.setFilmMode(false)
		return
	case fyne.KeyQ:
		return // typed as a rune too
	}
	if s.eng == nil {
		return
	}
	switch ev.Name {
	case fyne.KeyLeft:
		s.eng.SeekBy(-5 * time.Second)
	case fyne.KeyRight:
		s.eng.SeekBy(5 * time.Second)
	case fyne.KeyUp:
		s.eng.SeekBy(time.Minute)
	case fyne.KeyDown:
		s.eng.SeekBy(-time.Minute)
	case fyne.KeyPageUp:
		s.jump(-1)
	case fyne.KeyPageDown:
		s.jump(1)
	case fyne.KeyBackspace:
		s.setSpeed(1)
	}
}

func (s *WatchScreen) setVolume(v float64) {
	v = math.Min(100, math.Max(0, v))
	s.volume.SetValue(v) // its OnChanged tells the engine
	s.flash(tr("Volume %.0f%%", v))
}

// flash shows a short note over the picture where subtitles go, for a moment.
func (s *WatchScreen) flash(text string) {
	s.showCue(text)
	s.flashUntil = time.Now().Add(1200 * time.Millisecond)
	session := s.session
	time.AfterFunc(1200*time.Millisecond, func() {
		onUI(func() {
			if s.session == session && s.lastCue == text {
				s.showCue(s.cueAt(s.state.Position))
			}
		})
	})
}

// jump goes to the next (dir 1) or previous (dir -1) chapter, or scene when the film has no
// chapters.
func (s *WatchScreen) jump(dir int) {
	var starts []time.Duration
	for _, c := range s.eng.Info().Chapters {
		starts = append(starts, c.Start)
	}
	word := "chapter"
	if len(starts) == 0 {
		starts, word = s.req.Chapters, "scene"
	}
	if len(starts) == 0 {
		for _, sc := range s.req.Scenes {
			starts = append(starts, sc.Start)
		}
	}
	t, ok := nextStart(starts, s.eng.State().Position, dir)
	if !ok {
		s.flash(tr("This is the last one"))
		return
	}
	s.eng.Seek(t, true)
	n := 1 // which one it is, counting from 1 (0:00 is the first, whether listed or not)
	for _, st := range starts {
		if st > 0 && st <= t {
			n++
		}
	}
	total := len(starts)
	if len(starts) > 0 && starts[0] > 0 {
		total++
	}
	if word == "chapter" {
		s.flash(tr("Chapter %[1]d of %[2]d", n, total))
	} else {
		s.flash(tr("Scene %[1]d of %[2]d", n, total))
	}
}

// nextStart is the first start after pos (dir 1), or the one before the start of the current
// span (dir -1, with two seconds' grace, as players do: a press just after a start goes to the
// previous one).
func nextStart(starts []time.Duration, pos time.Duration, dir int) (time.Duration, bool) {
	if dir > 0 {
		for _, t := range starts {
			if t > pos+500*time.Millisecond {
				return t, true
			}
		}
		return 0, false
	}
	for i := len(starts) - 1; i >= 0; i-- {
		if starts[i] < pos-2*time.Second {
			return starts[i], true
		}
	}
	return 0, true
}

func (s *WatchScreen) cycleSubtitles() {
	if len(s.subs) == 0 {
		s.flash(tr("No subtitles"))
		return
	}
	s.subIdx++
	s.subPicked = true
	defer s.drawPictures(s.state.Position)
	if s.subIdx >= len(s.subs) {
		s.subIdx = -1
		s.flash(tr("Subtitles off"))
		return
	}
	s.flash(tr("Subtitles: %s", s.subs[s.subIdx].Label))
}

func (s *WatchScreen) cycleAudio() {
	streams := s.audioStreams()
	if len(streams) < 2 {
		s.flash(tr("Only one sound track"))
		return
	}
	next := streams[0]
	cur := s.eng.State().AudioStream
	for i, a := range streams {
		if a.Index == cur {
			next = streams[(i+1)%len(streams)]
		}
	}
	s.eng.SelectAudio(next.Index)
	s.state.AudioStream = next.Index
	s.flash(tr("Sound: %s", streamLabel(next)))
}

var _ player.VideoSink = (*frameSink)(nil)
