package speaker

import (
	"sync"
	"testing"
	"time"
)

// The null device (malgo.Backend(14): the named constant is off by one) asks for sound in real
// time, so a film's clock keeps running without a sound card.
func TestNullDevicePlaysInRealTime(t *testing.T) {
	s, err := Open(Options{Null: true})
	if err != nil {
		t.Fatal(err)
	}
	rate, ch := s.Format()
	if !s.Null() || rate != 48000 || ch != 2 || s.Latency() <= 0 {
		t.Fatalf("null %v, format %d Hz × %d, latency %v", s.Null(), rate, ch, s.Latency())
	}
	var mu sync.Mutex
	frames := 0
	start := time.Now()
	if err := s.Start(func(out []float32) {
		mu.Lock()
		frames += len(out) / ch
		mu.Unlock()
		for i := range out {
			out[i] = 0.25
		}
	}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	mu.Lock()
	defer mu.Unlock()
	played := time.Duration(frames) * time.Second / time.Duration(rate)
	if d := played - elapsed; d > 100*time.Millisecond || d < -100*time.Millisecond {
		t.Errorf("the device took %v of sound in %v", played, elapsed)
	}
	n := frames
	time.Sleep(50 * time.Millisecond)
	if frames != n {
		t.Error("fill was called after Close")
	}
}
