package ffmpeg_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// Every file in the hostile corpus gets an error or a valid result from every entry point:
// never a crash, never a hang, never a goroutine left behind. How long each takes is logged; a
// call still running after two minutes is a hang (the limit is a guard, not a timing).
func TestHostileCorpus(t *testing.T) {
	root := ffmpegtest.SharedMedia(t, "hostile")
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".txt") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) < 20 {
		t.Fatalf("only %d hostile files found under %s", len(files), root)
	}
	before := runtime.NumGoroutine()
	ops := []struct {
		name string
		run  func(ctx context.Context, path, tmp string) error
	}{
		{"probe", func(ctx context.Context, p, _ string) error { _, err := ffmpeg.Probe(ctx, p); return err }},
		{"thumbs", func(ctx context.Context, p, tmp string) error {
			_, err := ffmpeg.Keyframes(ctx, p, tmp, ffmpeg.KeyframeOptions{})
			return err
		}},
		{"scenes", func(ctx context.Context, p, tmp string) error {
			_, err := ffmpeg.DetectScenes(ctx, p, ffmpeg.SceneOptions{ThumbDir: tmp})
			return err
		}},
		{"frame", func(ctx context.Context, p, _ string) error {
			_, err := ffmpeg.FrameAt(ctx, p, time.Second, 160)
			return err
		}},
	}
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		for _, op := range ops {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			start := time.Now()
			err := op.run(ctx, f, t.TempDir())
			took := time.Since(start)
			cancel()
			if ctx.Err() == context.DeadlineExceeded {
				t.Errorf("%s %s: still running after %v", op.name, rel, took)
			}
			if err != nil && !strings.Contains(err.Error(), f) {
				t.Errorf("%s %s: error does not name the file: %v", op.name, rel, err)
			}
			t.Logf("%-6s %-50s %6.0fms %v", op.name, rel, took.Seconds()*1000, err)
		}
	}
	// Goroutines started by context.AfterFunc end when the call ends.
	if n := settledGoroutines(before); n > before {
		t.Errorf("%d goroutines after the corpus, %d before", n, before)
	}
}

// settledGoroutines waits for the goroutine count to come down to want, and returns it. The
// goroutines ending are the calls' own, already told to stop: each pass yields the processor to
// them; a count still above want after a minute is a leak.
func settledGoroutines(want int) int {
	deadline := time.Now().Add(time.Minute)
	n := runtime.NumGoroutine()
	for n > want && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
		n = runtime.NumGoroutine()
	}
	return n
}
