package speaker

import (
	"sync"
	"testing"
	"time"
)

// The null device (malgo.Backend(14): the named constant is off by one) asks for sound as a
// sound card would, so a film's clock keeps running without one; Close stops the callbacks.
func TestNullDevicePlays(t *testing.T) {
	s, err := Open(Options{Null: true})
	if err != nil {
		t.Fatal(err)
	}
	rate, ch := s.Format()
	if !s.Null() || rate != 48000 || ch != 2 || s.Latency() <= 0 {
		t.Fatalf("null %v, format %d Hz × %d, latency %v", s.Null(), rate, ch, s.Latency())
	}
	var (
		mu       sync.Mutex
		frames   int
		closed   bool
		late     int
		tenthDue = make(chan struct{})
	)
	if err := s.Start(func(out []float32) {
		mu.Lock()
		defer mu.Unlock()
		if closed {
			late++
			return
		}
		before := frames
		frames += len(out) / ch
		if before < rate/10 && frames >= rate/10 {
			close(tenthDue)
		}
		for i := range out {
			out[i] = 0.25
		}
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-tenthDue: // a tenth of a second of sound was asked for
	case <-time.After(time.Minute): // a device that never calls back, not a timing
		t.Fatal("the null device asked for no sound in a minute")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	closed = true
	mu.Unlock()
	// Close waits for the device to stop: a second Close is harmless and no callback follows.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if late != 0 {
		t.Errorf("fill was called %d times after Close", late)
	}
}

// BenchmarkNullDevice reports how much sound the null device takes per second of wall time
// (x-realtime, 1.0 is a sound card's pace): a film's clock without a sound card runs at it.
func BenchmarkNullDevice(b *testing.B) {
	for range b.N {
		s, err := Open(Options{Null: true})
		if err != nil {
			b.Fatal(err)
		}
		rate, ch := s.Format()
		var mu sync.Mutex
		frames := 0
		start := time.Now()
		if err := s.Start(func(out []float32) {
			mu.Lock()
			frames += len(out) / ch
			mu.Unlock()
		}); err != nil {
			b.Fatal(err)
		}
		time.Sleep(time.Second) // the span measured
		s.Close()
		elapsed := time.Since(start)
		mu.Lock()
		played := time.Duration(frames) * time.Second / time.Duration(rate)
		mu.Unlock()
		b.ReportMetric(played.Seconds()/elapsed.Seconds(), "x-realtime")
	}
}
