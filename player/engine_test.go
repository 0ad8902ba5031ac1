package player_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/playertest"
)

// start runs an engine over m until the test ends.
func start(t *testing.T, m *playertest.Media, opt player.Options, noSound bool) (*player.Engine, <-chan player.Event) {
	t.Helper()
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
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		_ = e.Close()
	})
	return e, events
}

func waitFor(t *testing.T, events <-chan player.Event, kind player.EventKind, within time.Duration) player.Event {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case ev := <-events:
			if ev.Kind == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no event %d within %v", kind, within)
		}
	}
}

func near(got, want, tol time.Duration) bool { return (got - want).Abs() <= tol }

func TestPlaysInRealTime(t *testing.T) {
	for _, noSound := range []bool{false, true} {
		m := &playertest.Media{Duration: time.Minute, NoAudio: noSound}
		e, ev := start(t, m, player.Options{Start: 10 * time.Second}, noSound)
		waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
		time.Sleep(100 * time.Millisecond) // sound starts after the first picture
		p0 := e.State().Position
		time.Sleep(500 * time.Millisecond)
		p1 := e.State().Position
		if !near(p1-p0, 500*time.Millisecond, 60*time.Millisecond) {
			t.Errorf("sound=%v: the playhead moved %v in 500ms", !noSound, p1-p0)
		}
		if p0 < 10*time.Second {
			t.Errorf("sound=%v: started at %v, want 10s", !noSound, p0)
		}
	}
}

// Fifty seeks while a slider is dragged reach the media as a handful, and the last one wins.
func TestSeeksCoalesce(t *testing.T) {
	m := &playertest.Media{Duration: time.Hour}
	e, ev := start(t, m, player.Options{Paused: true}, false)
	waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
	before := m.Seeks()
	for i := 1; i <= 50; i++ {
		e.Seek(time.Duration(i)*time.Minute, false)
	}
	waitFor(t, ev, player.EventSeeked, 2*time.Second)
	time.Sleep(100 * time.Millisecond)
	if got := m.Seeks() - before; got > 5 {
		t.Errorf("50 seeks reached the media as %d", got)
	}
	if got := e.State().Position; !near(got, 50*time.Minute, time.Second) {
		t.Errorf("position %v after seeking to 50m", got)
	}
}

// Relative seeks pressed in a burst add up from where the previous one lands.
func TestSeekByAddsUp(t *testing.T) {
	m := &playertest.Media{Duration: time.Hour}
	e, ev := start(t, m, player.Options{Paused: true, Start: time.Minute}, false)
	waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
	for range 10 {
		e.SeekBy(5 * time.Second)
	}
	time.Sleep(300 * time.Millisecond)
	if got := e.State().Position; !near(got, time.Minute+50*time.Second, 100*time.Millisecond) {
		t.Errorf("position %v, want 1m50s", got)
	}
}

func TestPauseHoldsThePlayhead(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute}
	e, ev := start(t, m, player.Options{}, false)
	waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
	time.Sleep(300 * time.Millisecond)
	e.SetPaused(true)
	time.Sleep(50 * time.Millisecond)
	p0 := e.State().Position
	time.Sleep(400 * time.Millisecond)
	if p1 := e.State().Position; p1 != p0 || !e.State().Paused {
		t.Errorf("paused at %v, then at %v (paused=%v)", p0, p1, e.State().Paused)
	}
	e.SetPaused(false)
	time.Sleep(400 * time.Millisecond)
	if p2 := e.State().Position; !near(p2-p0, 400*time.Millisecond, 80*time.Millisecond) {
		t.Errorf("after resuming for 400ms the playhead moved %v", p2-p0)
	}
}

func TestStepShowsTheNextFrame(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute, FPS: 25}
	e, ev := start(t, m, player.Options{Paused: true, Start: 2 * time.Second}, false)
	waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
	for range 3 {
		e.Step()
	}
	time.Sleep(200 * time.Millisecond)
	if got := e.State().Position; got != 2*time.Second+3*40*time.Millisecond {
		t.Errorf("after three steps from 2s: %v, want 2.12s", got)
	}
	if !e.State().Paused {
		t.Error("stepping left the film playing")
	}
}

func TestSpeedKeepsTheClock(t *testing.T) {
	for _, speed := range []float64{0.5, 2} {
		m := &playertest.Media{Duration: time.Minute}
		e, ev := start(t, m, player.Options{}, false)
		waitFor(t, ev, player.EventFirstFrame, 2*time.Second)
		e.SetSpeed(speed)
		time.Sleep(400 * time.Millisecond) // sound decoded before the change plays out
		p0 := e.State().Position
		time.Sleep(500 * time.Millisecond)
		moved := e.State().Position - p0
		want := time.Duration(float64(500*time.Millisecond) * speed)
		if !near(moved, want, 80*time.Millisecond) {
			t.Errorf("at %v× the playhead moved %v in 500ms, want %v", speed, moved, want)
		}
	}
}

func TestEndOfFilm(t *testing.T) {
	m := &playertest.Media{Duration: 700 * time.Millisecond}
	e, ev := start(t, m, player.Options{}, false)
	end := waitFor(t, ev, player.EventEnded, 3*time.Second)
	st := e.State()
	if !st.Ended || !st.Paused || !near(end.At, 700*time.Millisecond, 50*time.Millisecond) {
		t.Errorf("at the end: %+v, event at %v", st, end.At)
	}
	// Play after the end starts again from the beginning.
	e.SetPaused(false)
	time.Sleep(200 * time.Millisecond)
	if st := e.State(); st.Ended || st.Position > 400*time.Millisecond {
		t.Errorf("after play at the end: %+v", st)
	}
}

func TestVolumeAndMute(t *testing.T) {
	m := &playertest.Media{Duration: time.Minute}
	e, _ := start(t, m, player.Options{Volume: 50}, false)
	e.SetMuted(true)
	e.SetVolume(130)
	if st := e.State(); st.Volume != 100 || !st.Muted {
		t.Errorf("volume %v muted %v", st.Volume, st.Muted)
	}
}
