// Package ffmpegtest makes synthetic films for tests and benchmarks with Reel's own encoder,
// and points at the shared real test media.
package ffmpegtest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/sharedtest"
)

// SharedMedia returns the path of a file in ../shared/testdata/media (see sharedtest: skipped
// without the shared folder, failed under CI).
func SharedMedia(tb testing.TB, rel string) string {
	tb.Helper()
	return sharedtest.Path(tb, "media/"+rel)
}

// clipRevision changes the cache key of generated clips when the encoder's output changes.
const clipRevision = 2

// Clip encodes spec once per machine into the user cache (keyed by the spec) and returns its
// path. Encoding is deterministic, so a cached clip is the same film.
func Clip(tb testing.TB, name string, spec ffmpeg.FilmSpec) string {
	tb.Helper()
	// The key covers the spec and the encoder's revision: bump clipRevision when Encode changes output.
	key, _ := json.Marshal(struct {
		Rev  int
		Spec ffmpeg.FilmSpec
	}{clipRevision, spec})
	sum := sha256.Sum256(key)
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "reel-test", "clips")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	ext := filepath.Ext(name)
	path := filepath.Join(dir, fmt.Sprintf("%s-%x%s", strings.TrimSuffix(name, ext), sum[:6], ext))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := fmt.Sprintf("%s.%d.tmp%s", path, os.Getpid(), filepath.Ext(name))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := ffmpeg.Encode(ctx, tmp, spec); err != nil {
		tb.Fatalf("encode test clip: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// CutsSpec is a 640×360 film of six scenes of varied length (1.5–6 s), with a fade-in, two
// flashes inside scenes and a sync marker: cuts to find, and traps that are not cuts.
func CutsSpec() ffmpeg.FilmSpec {
	return ffmpeg.FilmSpec{
		FadeIn:  1500 * time.Millisecond,
		Flashes: []time.Duration{2500 * time.Millisecond, 9 * time.Second},
		Markers: []time.Duration{13 * time.Second},
		Scenes: []ffmpeg.SceneSpec{
			{Duration: 4 * time.Second, Seed: 1},
			{Duration: 3 * time.Second, Seed: 2},
			{Duration: 1500 * time.Millisecond, Seed: 3},
			{Duration: 6 * time.Second, Seed: 4},
			{Duration: 2 * time.Second, Seed: 5},
			{Duration: 3500 * time.Millisecond, Seed: 6},
		},
	}
}

// FadesSpec is a clip of scene changes through black: a fade out and back in, a fast fade in
// after a cut to black, a slow fade in, a hard cut, with a flash and a slow fade inside shots
// that are not boundaries.
func FadesSpec() ffmpeg.FilmSpec {
	return ffmpeg.FilmSpec{
		Flashes: []time.Duration{2 * time.Second},
		Scenes: []ffmpeg.SceneSpec{
			{Duration: 4 * time.Second, Seed: 11, FadeOut: time.Second},
			{Duration: 4 * time.Second, Seed: 12, FadeIn: time.Second, FadeOut: 200 * time.Millisecond},
			{Duration: 3 * time.Second, Seed: 13, FadeIn: 130 * time.Millisecond},
			{Duration: 5 * time.Second, Seed: 14, FadeIn: 2 * time.Second},
			{Duration: 3 * time.Second, Seed: 15},
		},
	}
}

// BenchSpec is the performance clip: 60 s of 1080p30 H.264 in twelve scenes.
func BenchSpec() ffmpeg.FilmSpec {
	s := ffmpeg.FilmSpec{Width: 1920, Height: 1080, FPS: 30, Title: "Benchmark"}
	for i := 0; i < 12; i++ {
		s.Scenes = append(s.Scenes, ffmpeg.SceneSpec{Duration: 5 * time.Second, Seed: int64(100 + i)})
	}
	return s
}

// RSS returns the process's resident set size in bytes (Linux), or 0 when unknown.
func RSS() int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, rss int64
	fmt.Sscan(string(b), &size, &rss)
	return rss * int64(os.Getpagesize())
}

// SyncSpec is the A/V sync clip: 12 s of 640×360 at 30 fps with a marker (one white frame and a
// loud 1 kHz beep starting on it) every second from 1 s to 11 s.
func SyncSpec() ffmpeg.FilmSpec {
	s := ffmpeg.FilmSpec{Title: "Sync markers"}
	for i := 0; i < 4; i++ {
		s.Scenes = append(s.Scenes, ffmpeg.SceneSpec{Duration: 3 * time.Second, Seed: int64(40 + i)})
	}
	for t := 1; t <= 11; t++ {
		s.Markers = append(s.Markers, time.Duration(t)*time.Second)
	}
	return s
}
