package app

import (
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/reel-app/reel/player"
)

// Speed keys compound on the speed asked for, however fast they come, Backspace resets it, and
// each change, a pause or a jump to a chapter is said over the picture.
func TestWatchScreenSpeedAndNotes(t *testing.T) {
	fw := &fakeWatching{dur: 10 * time.Minute}
	s, w, _ := startWatch(t, fw, WatchRequest{FilmID: "a", Path: "/films/a.mkv", At: 0,
		Chapters: []time.Duration{0, 2 * time.Minute, 5 * time.Minute}})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	c := w.Canvas()
	typ := func(r rune) { ui(func() { c.OnTypedRune()(r) }) }
	key := func(name fyne.KeyName) { ui(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: name}) }) }

	typ(']')
	typ(']') // before the engine has taken the first
	if got := onUIValue(s.Subtitle); got != "Speed 1.21×" {
		t.Errorf("after ] ]: the note says %q, want Speed 1.21×", got)
	}
	eventually(t, "1.21×", func() bool { return math.Abs(s.Engine().State().Speed-1.21) < 0.001 })
	typ('{')
	eventually(t, "0.605×", func() bool { return math.Abs(s.Engine().State().Speed-0.605) < 0.001 })
	typ('}')
	typ('}') // past the fastest: it stays there
	eventually(t, "2×", func() bool { return s.Engine().State().Speed == player.MaxSpeed })
	key(fyne.KeyBackspace)
	eventually(t, "normal speed", func() bool { return s.Engine().State().Speed == 1 })
	if got := onUIValue(s.Subtitle); got != "Speed 1.00×" {
		t.Errorf("after Backspace: %q", got)
	}

	typ(' ')
	if got := onUIValue(s.Subtitle); got != "Paused" {
		t.Errorf("after Space: %q, want Paused", got)
	}
	eventually(t, "paused", func() bool { return s.Engine().State().Paused })
	key(fyne.KeyPageDown)
	if got := onUIValue(s.Subtitle); got != "Scene 2 of 3" {
		t.Errorf("after PgDn: %q, want Scene 2 of 3", got)
	}
	eventually(t, "the second scene", func() bool { return s.Engine().State().Position >= 2*time.Minute-frame })

	typ('m')
	eventually(t, "muted", func() bool { return s.Engine().State().Muted })
	if got := onUIValue(s.MuteIcon); got != theme.VolumeMuteIcon() {
		t.Errorf("the mute button shows %v while muted", got.Name())
	}
	typ('m')
	if got := onUIValue(s.MuteIcon); got != theme.VolumeUpIcon() {
		t.Errorf("the mute button shows %v with the sound on", got.Name())
	}
}

// Full screen is the picture only: the controls and the pointer come on movement and go once it
// rests, and a paused film keeps them.
func TestFilmMode(t *testing.T) {
	fw := &fakeWatching{dur: 10 * time.Minute}
	s, w, _ := startWatch(t, fw, WatchRequest{FilmID: "a", Path: "/films/a.mkv"})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	c := w.Canvas()
	ui(func() { c.OnTypedRune()('f') })
	ui(func() {
		if !s.FilmMode() || !w.FullScreen() || !s.ControlsShown() {
			t.Errorf("after f: film mode %v, full screen %v, controls %v", s.FilmMode(), w.FullScreen(), s.ControlsShown())
		}
		s.Rest() // what the timer does once the pointer has rested for 2 s
		if s.ControlsShown() || !s.View().PointerHidden() {
			t.Errorf("at rest: controls %v, pointer hidden %v", s.ControlsShown(), s.View().PointerHidden())
		}
		s.View().OnPointer()
		if !s.ControlsShown() || s.View().PointerHidden() {
			t.Errorf("on movement: controls %v, pointer hidden %v", s.ControlsShown(), s.View().PointerHidden())
		}
		// The top bar and the transport bar are over the picture, not beside it.
		if got := s.content.Objects; len(got) != 2 || got[0] != s.body {
			t.Errorf("film mode lays out %d objects", len(got))
		}
		s.togglePause()
	})
	eventually(t, "paused", func() bool { return s.state.Paused })
	ui(func() {
		s.Rest()
		if !s.ControlsShown() {
			t.Error("a paused film hid its controls")
		}
	})
	ui(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) })
	ui(func() {
		if w.FullScreen() || s.FilmMode() || !s.ControlsShown() {
			t.Errorf("after Escape: full screen %v, film mode %v", w.FullScreen(), s.FilmMode())
		}
	})
}

// The companion sits beside the picture in a wide window and folds away in a narrow one,
// where it opens over the picture; it never makes the window grow.
func TestCompanionGivesWay(t *testing.T) {
	fw := &fakeWatching{dur: 10 * time.Minute}
	s, w, _ := startWatch(t, fw, WatchRequest{FilmID: "a", Path: "/films/a.mkv"})
	ui(func() { s.EnableCompanion(&fakeCompanion{}) })
	for _, c := range []struct {
		size              fyne.Size
		shown, over       bool
		toggledShown, tov bool
	}{
		{fyne.NewSize(1280, 800), true, false, false, false},
		{fyne.NewSize(800, 500), false, false, true, true},
	} {
		ui(func() {
			w.Resize(c.size)
			s.body.Refresh()
		})
		ui(func() {
			if shown, over := s.PanelShown(); shown != c.shown || over != c.over {
				t.Errorf("%v: panel shown %v over %v, want %v %v", c.size, shown, over, c.shown, c.over)
			}
			s.togglePanel()
			s.body.Refresh()
		})
		ui(func() {
			if shown, over := s.PanelShown(); shown != c.toggledShown || over != c.tov {
				t.Errorf("%v, toggled: panel shown %v over %v, want %v %v", c.size, shown, over, c.toggledShown, c.tov)
			}
			s.togglePanel()
			if min := w.Canvas().Content().MinSize(); min.Width > 800 || min.Height > 500 {
				t.Errorf("%v: the watch screen needs %v", c.size, min)
			}
		})
	}
}

// A long subtitle line wraps to the picture's width instead of running off it.
func TestSubtitlesWrap(t *testing.T) {
	fw := &fakeWatching{dur: time.Minute}
	s, _, _ := startWatch(t, fw, WatchRequest{Path: "/films/b.mkv"})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	long := "Three of them, all in their pajamas, and not one of them said a single word to the concierge about it"
	// Drawn and read in one turn of the UI: the next tick redraws the track's own cue.
	lines := onUIValue(func() []string {
		s.showCue(long)
		return s.SubtitleLines()
	})
	if len(lines) < 2 || strings.Join(lines, " ") != long {
		t.Errorf("a long line over a %v picture is drawn as %q", onUIValue(s.View().PictureSize), lines)
	}
}

// The first picture never waits for the subtitle tracks (reading a film's embedded tracks can
// take minutes from a NAS): the film plays while they are read, and they show when they come.
func TestFirstPictureDoesNotWaitForSubtitles(t *testing.T) {
	fw := &fakeWatching{dur: time.Minute, subsGate: make(chan struct{})}
	s, _, _ := startWatch(t, fw, WatchRequest{Path: "/films/b.mkv", At: 10 * time.Second})
	eventually(t, "the first picture, with the tracks still being read", func() bool { return s.View().Frame() != nil })
	ui(func() {
		s.Engine().SetPaused(true)
		s.Engine().Seek(10500*time.Millisecond, true)
	})
	if got := onUIValue(func() int { return len(s.subs) }); got != 0 {
		t.Fatalf("%d tracks before they were read", got)
	}
	close(fw.subsGate)
	eventually(t, "the first cue once the tracks are read", func() bool { return s.Subtitle() == "First line\nsecond row" })

}

// A picture subtitle track is chosen like a text one and drawn over the picture at the
// picture's size; with subtitles off only its forced pictures show.
func TestPictureSubtitlesDrawn(t *testing.T) {
	pics := &fakePictures{cues: [][2]time.Duration{{9 * time.Second, 12 * time.Second}, {14 * time.Second, 16 * time.Second}}, forced: []bool{false, true}}
	fw := &fakeWatching{dur: time.Minute, pictures: []SubtitleTrack{{Label: "English · picture", Language: "eng", Pictures: pics}}}
	s, _, _ := startWatch(t, fw, WatchRequest{Path: "/films/b.mkv", At: 10 * time.Second})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	ui(func() { s.Engine().SetPaused(true) })
	// The text track is in no language: the picture track, in the UI's, is the one shown.
	ui(func() {
		for i, tr := range s.subs {
			if tr.Pictures != nil {
				s.subIdx, s.subPicked = i, true
			}
		}
	})
	eventually(t, "the picture subtitle over the frame", func() bool {
		img, frame := s.PictureSubtitle(), s.View().Frame()
		return img != nil && frame != nil && img.Bounds() == frame.Bounds() && img.RGBAAt(img.Bounds().Dx()/2, img.Bounds().Dy()*92/100).R == 255
	})
	// Off: the plain cue goes; the forced one at 15 s still shows.
	ui(func() { s.subIdx = -1; s.drawPictures(s.state.Position) })
	eventually(t, "no picture with subtitles off", func() bool { return s.PictureSubtitle() == nil })
	ui(func() { s.Engine().Seek(15*time.Second, true) })
	eventually(t, "the forced picture with subtitles off", func() bool { return s.PictureSubtitle() != nil })
}
