package ffmpeg_test

import (
	"context"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"github.com/reel-app/reel/player/speaker"
)

// markerEar wraps the sound device and notes when each beep onset is heard: the callback's
// moment plus the device's latency plus the onset's place in the buffer (the played-sample
// clock, measured outside the engine).
type markerEar struct {
	player.AudioOut
	mu     sync.Mutex
	onsets []time.Time
	quiet  int // samples per channel since the last loud one
}

func (m *markerEar) Start(fill func([]float32)) error {
	rate, ch := m.Format()
	lat := m.Latency()
	return m.AudioOut.Start(func(out []float32) {
		now := time.Now()
		fill(out)
		m.mu.Lock()
		defer m.mu.Unlock()
		for i := 0; i < len(out); i += ch {
			if math.Abs(float64(out[i])) < 0.4 {
				m.quiet++
				continue
			}
			if m.quiet > rate/5 {
				m.onsets = append(m.onsets, now.Add(lat+time.Duration(i/ch)*time.Second/time.Duration(rate)))
			}
			m.quiet = 0
		}
	})
}

// flashEye is a video sink that notes when each white frame is shown.
type flashEye struct {
	mu      sync.Mutex
	flashes []time.Time
	pts     []time.Duration
	last    bool
	shown   int
}

func (f *flashEye) Show(fr *player.Frame) {
	img := fr.Image
	b := img.Bounds()
	var sum int
	for _, p := range []int{b.Dy() / 4, b.Dy() / 2, 3 * b.Dy() / 4} {
		for x := b.Dx() / 4; x < 3*b.Dx()/4; x += 8 {
			sum += int(img.RGBAAt(x, p).G)
		}
	}
	n := 3 * ((b.Dx()/2 + 7) / 8)
	white := sum/n > 230
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shown++
	if white && !f.last {
		f.flashes = append(f.flashes, time.Now())
		f.pts = append(f.pts, fr.PTS)
	}
	f.last = white
}

// pairOffsets matches each flash with the nearest beep and returns flash minus beep.
func pairOffsets(flashes, beeps []time.Time) []time.Duration {
	var out []time.Duration
	for _, f := range flashes {
		best := time.Duration(math.MaxInt64)
		for _, b := range beeps {
			if d := f.Sub(b); d.Abs() < best.Abs() {
				best = d
			}
		}
		if best.Abs() < 400*time.Millisecond {
			out = append(out, best)
		}
	}
	return out
}

// The marker clip plays with its flashes and beeps together within ±20 ms, measured from the
// picture shown and the sample heard, also after seeks and a pause.
func TestPlaybackSync(t *testing.T) {
	path := ffmpegtest.Clip(t, "sync.mp4", ffmpegtest.SyncSpec())
	spk, err := speaker.Open(speaker.Options{Null: true})
	if err != nil {
		t.Fatal(err)
	}
	ear := &markerEar{AudioOut: spk}
	rate, ch := spk.Format()
	media, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: rate, AudioChannels: ch})
	if err != nil {
		t.Fatal(err)
	}
	eye := &flashEye{}
	ended := make(chan struct{})
	var once sync.Once
	eng := player.New(media, ear, eye, player.Options{Start: 500 * time.Millisecond, OnEvent: func(ev player.Event) {
		if ev.Kind == player.EventEnded {
			once.Do(func() { close(ended) })
		}
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()

	time.Sleep(3200 * time.Millisecond) // markers at 1, 2, 3 s
	eng.Seek(6500*time.Millisecond, true)
	time.Sleep(1200 * time.Millisecond) // marker at 7 s
	eng.SetPaused(true)
	time.Sleep(400 * time.Millisecond)
	eng.SetPaused(false)
	time.Sleep(1200 * time.Millisecond)    // marker at 8 s
	eng.Seek(9300*time.Millisecond, false) // a keyframe seek: lands at the scene start, 9 s
	select {
	case <-ended:
	case <-ctx.Done():
		t.Fatal("the film did not end")
	}
	cancel()
	<-done
	st := eng.Stats()
	eng.Close()

	ear.mu.Lock()
	eye.mu.Lock()
	defer ear.mu.Unlock()
	defer eye.mu.Unlock()
	offs := pairOffsets(eye.flashes, ear.onsets)
	t.Logf("flashes at %v; %d beeps; offsets %v; %d shown, %d dropped", eye.pts, len(ear.onsets), offs, st.Presented, st.Dropped)
	// Markers 1, 2, 3, 7, 8, 9, 10, 11: the seek to 9 s lands on marker 9's frame itself, which
	// shows at once while paused for sound, so it may or may not pair.
	if len(offs) < 7 {
		t.Fatalf("only %d flash/beep pairs (flashes %d, beeps %d)", len(offs), len(eye.flashes), len(ear.onsets))
	}
	abs := make([]time.Duration, len(offs))
	for i, o := range offs {
		abs[i] = o.Abs()
	}
	slices.Sort(abs)
	if p95 := abs[len(abs)*95/100]; p95 > 20*time.Millisecond {
		t.Errorf("A/V offset p95 %v, want ≤ 20ms (all: %v)", p95, offs)
	}
}
