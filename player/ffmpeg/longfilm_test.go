package ffmpeg_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
)

// A ten-hour film: its duration, keyframe times and scenes come out positive and right.
// Durations past 2 h 33 min overflowed int64 nanoseconds when a container time (microseconds)
// was multiplied by time.Second before the division, and came out negative.
func TestTenHourFilm(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a ten-hour film (one frame a second, 32×32)")
	}
	path := filepath.Join(t.TempDir(), "long.mkv")
	spec := ffmpeg.FilmSpec{Width: 32, Height: 32, FPS: 1, GOP: 3600, Preset: "ultrafast", Threads: 1, NoAudio: true,
		Scenes: []ffmpeg.SceneSpec{{Duration: 5 * time.Hour, Seed: 1}, {Duration: 5 * time.Hour, Seed: 2}}}
	ctx := context.Background()
	if err := ffmpeg.Encode(ctx, path, spec); err != nil {
		t.Fatal(err)
	}
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if d := info.Duration; d < 10*time.Hour-2*time.Second || d > 10*time.Hour+2*time.Second {
		t.Errorf("probe: duration %v, want 10h", d)
	}
	kfs, err := ffmpeg.Keyframes(ctx, path, filepath.Join(t.TempDir(), "kf"), ffmpeg.KeyframeOptions{Width: 32})
	if err != nil {
		t.Fatal(err)
	}
	if last := kfs[len(kfs)-1].Time; last < 9*time.Hour || last > 10*time.Hour {
		t.Errorf("last keyframe at %v, want in the tenth hour", last)
	}
	res, err := ffmpeg.DetectScenes(ctx, path, ffmpeg.SceneOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenes) != 2 || res.Scenes[1].Start != 5*time.Hour || res.Duration != 10*time.Hour {
		t.Errorf("scenes %+v over %v, want two of 5h", res.Scenes, res.Duration)
	}
	r, err := ffmpeg.OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, at, err := r.KeyframeAt(8*time.Hour, nil, 32); err != nil || at < 7*time.Hour || at > 8*time.Hour {
		t.Errorf("keyframe at 8h: %v, %v", at, err)
	}
}
