package player_test

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/playertest"
)

// Every engine test runs in a synctest bubble: the engine, the fake media's decoders and the fake
// sound device (a 10 ms ticker) all read the bubble's virtual clock, which moves only when every
// goroutine in it is blocked. time.Sleep in a test advances that clock by exactly its argument
// after the engine has done everything due before; synctest.Wait returns once the engine has
// applied what it was told. Nothing depends on how busy the machine is.

// bubble runs test in a synctest bubble with an engine over m, and stops the engine before the
// bubble ends.
func bubble(t *testing.T, m *playertest.Media, opt player.Options, noSound bool, test func(e *player.Engine, events <-chan player.Event)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		events := make(chan player.Event, 64)
		opt.OnEvent = func(ev player.Event) {
			select {
			case events <- ev:
			default:
			}
		}
		var out player.AudioOut
		if !noSound {
			out = &playertest.Out{}
		}
		e := player.New(m, out, nil, opt)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); _ = e.Run(ctx) }()
		defer func() {
			cancel()
			wg.Wait()
			_ = e.Close()
		}()
		test(e, events)
	})
}

// period is the fake sound device's: a callback that began just before a command may still
// deliver its 10 ms, so positions taken across a pause or a speed change agree to one period.
const period = 10 * time.Millisecond

func near(got, want time.Duration) bool { return (got - want).Abs() <= period }

// waitFor returns the next event of kind; the engine has two seconds of film time to report it.
func waitFor(t *testing.T, events <-chan player.Event, kind player.EventKind) player.Event {
	t.Helper()
	deadline := time.After(2 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event %d within two seconds of film time", kind)
		}
	}
}

func TestPlaysInRealTime(t *testing.T) {
	for _, noSound := range []bool{false, true} {
		m := &playertest.Media{Duration: time.Minute, NoAudio: noSound}
		bubble(t, m, player.Options{Start: 10 * time.Second}, noSound, func(e *player.Engine, ev <-chan player.Event) {
			waitFor(t, ev, player.EventFirstFrame)
			time.Sleep(100 * time.Millisecond) // the sound starts after the first picture
			p0 := e.State().Position
			time.Sleep(500 * time.Millisecond)
			p1 := e.State().Position
			if got := p1 - p0; !near(got, 500*time.Millisecond) {
				t.Errorf("sound=%v: the playhead moved %v in 500ms", !noSound, got)
			}
			if p0 < 10*time.Second || p0 > 10*time.Second+200*time.Millisecond {
				t.Errorf("sound=%v: 100ms after starting at 10s the playhead is at %v", !noSound, p0)
			}
		})
	}
}

// Fifty seeks while a slider is dragged reach the media as a handful, and the last one wins.
func TestSeeksCoalesce(t *testing.T) {
	m := &playertest.Media{Duration: time.Hour}
	bubble(t, m, player.Options{Paused: true}, false, func(e *player.Engine, ev <-chan player.Event) {
		waitFor(t, ev, player.EventFirstFrame)
		before := m.Seeks()
		for i := 1; i <= 50; i++ {
			e.Seek(time.Duration(i)*time.Minute, false)
		}
		waitFor(t, ev, player.EventSeeked)
		synctest.Wait()
		if got := m.Seeks() - before; got > 5 {
			t.Errorf("50 seeks reached the media as %d", got)
		}
		if got := e.State().Position; got != 50*time.Minute {
			t.Errorf("position %v after seeking to 50m", got)
		}
	})
}

// Relative seeks pressed in a burst add up from where the previous one lands.
func TestSeekByAddsUp(t *testing.T) {
	m := &playertest.Media{Duration: time.Hour}
	bubble(t, m, player.Options{Paused: true, Start: time.Minute}, false, func(e *player.Engine, ev <-chan player.Event) {
		waitFor(t, ev, player.EventFirstFrame)
		for range 10 {
			e.SeekBy(5 * time.Second)
		}
		waitFor(t, ev, player.EventSeeked)
		synctest.Wait()
		if got := e.State().Position; got != time.Minute+50*time.Second {
			t.Errorf("position %v, want 1m50s", got)
		}
	})
}

func TestPauseHoldsThePlayhead(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute}
	bubble(t, m, player.Options{}, false, func(e *player.Engine, ev <-chan player.Event) {
		waitFor(t, ev, player.EventFirstFrame)
		time.Sleep(300 * time.Millisecond)
		e.SetPaused(true)
		synctest.Wait()
		p0 := e.State().Position
		if !e.State().Paused || p0 < 200*time.Millisecond {
			t.Fatalf("after 300ms of play and a pause: at %v, paused=%v", p0, e.State().Paused)
		}
		time.Sleep(400 * time.Millisecond)
		if p1 := e.State().Position; p1 != p0 {
			t.Errorf("paused at %v, 400ms later at %v", p0, p1)
		}
		e.SetPaused(false)
		synctest.Wait()
		time.Sleep(400 * time.Millisecond)
		if p2 := e.State().Position; !near(p2-p0, 400*time.Millisecond) {
			t.Errorf("after resuming for 400ms the playhead moved %v", p2-p0)
		}
	})
}

func TestStepShowsTheNextFrame(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute, FPS: 25}
	bubble(t, m, player.Options{Paused: true, Start: 2 * time.Second}, false, func(e *player.Engine, ev <-chan player.Event) {
		waitFor(t, ev, player.EventFirstFrame)
		for range 3 {
			e.Step()
			synctest.Wait()
		}
		if got := e.State().Position; got != 2*time.Second+3*40*time.Millisecond {
			t.Errorf("after three steps from 2s: %v, want 2.12s", got)
		}
		if !e.State().Paused {
			t.Error("stepping left the film playing")
		}
	})
}

func TestSpeedKeepsTheClock(t *testing.T) {
	for _, speed := range []float64{0.5, 2} {
		m := &playertest.Media{Duration: time.Minute}
		bubble(t, m, player.Options{}, false, func(e *player.Engine, ev <-chan player.Event) {
			waitFor(t, ev, player.EventFirstFrame)
			e.SetSpeed(speed)
			time.Sleep(400 * time.Millisecond) // the sound decoded before the change plays out
			p0 := e.State().Position
			time.Sleep(500 * time.Millisecond)
			moved := e.State().Position - p0
			if want := time.Duration(float64(500*time.Millisecond) * speed); !near(moved, want) {
				t.Errorf("at %v× the playhead moved %v in 500ms, want %v", speed, moved, want)
			}
		})
	}
}

func TestEndOfFilm(t *testing.T) {
	m := &playertest.Media{Duration: 700 * time.Millisecond}
	bubble(t, m, player.Options{}, false, func(e *player.Engine, ev <-chan player.Event) {
		end := waitFor(t, ev, player.EventEnded)
		st := e.State()
		if !st.Ended || !st.Paused || (end.At-700*time.Millisecond).Abs() > 40*time.Millisecond {
			t.Errorf("at the end: %+v, event at %v", st, end.At)
		}
		// Play after the end starts again from the beginning.
		e.SetPaused(false)
		synctest.Wait()
		time.Sleep(200 * time.Millisecond)
		if st := e.State(); st.Ended || st.Position > 400*time.Millisecond {
			t.Errorf("after play at the end: %+v", st)
		}
	})
}

func TestVolumeAndMute(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute}
	bubble(t, m, player.Options{Volume: 50}, false, func(e *player.Engine, _ <-chan player.Event) {
		e.SetMuted(true)
		e.SetVolume(130)
		if st := e.State(); st.Volume != 100 || !st.Muted {
			t.Errorf("volume %v muted %v", st.Volume, st.Muted)
		}
	})
}
