package app

import (
	"context"
	"testing"
)

func TestJobs(t *testing.T) {
	j := NewJobs(context.Background())
	started := make(chan struct{})
	ended := false
	j.Go(func(ctx context.Context) {
		close(started)
		<-ctx.Done() // runs until the window closes
		ended = true
	})
	<-started
	j.Stop()
	if !ended {
		t.Error("Stop returned before the job ended")
	}
	if j.Go(func(context.Context) { t.Error("a job ran after Stop") }) {
		t.Error("Go after Stop reported true")
	}
	j.Stop() // twice is harmless
	// A job's own context derives from the window's.
	j2 := NewJobs(context.Background())
	ctx, cancel := context.WithCancel(j2.Context())
	defer cancel()
	done := make(chan error, 1)
	j2.GoWith(ctx, func(ctx context.Context) { <-ctx.Done(); done <- ctx.Err() })
	j2.Stop()
	if err := <-done; err == nil {
		t.Error("a job's context outlived the window")
	}
}

// testJobs are the jobs of a test's window, stopped (and waited for) when the test ends.
func testJobs(t testing.TB) *Jobs {
	j := NewJobs(context.Background())
	t.Cleanup(j.Stop)
	return j
}
