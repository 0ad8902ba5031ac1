package ffmpeg_test

import (
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
)

// A half-downloaded film: 2 s of real film, then zeros to 20 GB (a sparse file, as a torrent
// in progress leaves it). Thumbnails, scenes and text tracks end at once with "incomplete
// after 0:00:0x" instead of reading the 20 GB.
func TestHalfDownloadedFilmEndsQuickly(t *testing.T) {
	for _, tt := range []struct {
		ext        string
		incomplete bool // the demuxer would scan the zeros; the others stop by themselves
	}{{".mkv", true}, {".mp4", false}, {".ts", false}} {
		ext := tt.ext
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "film"+ext)
			spec := ffmpeg.FilmSpec{Width: 160, Height: 90, FPS: 25, GOP: 25, Preset: "ultrafast", Threads: 1,
				Scenes: []ffmpeg.SceneSpec{{Duration: time.Second, Seed: 1}, {Duration: time.Second, Seed: 2}}}
			if err := ffmpeg.Encode(context.Background(), path, spec); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(path, 20<<30); err != nil {
				t.Skipf("no sparse files here: %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard
			defer cancel()
			kfs, err := ffmpeg.Keyframes(ctx, path, filepath.Join(dir, "kf"), ffmpeg.KeyframeOptions{Width: 64})
			var inc *ffmpeg.IncompleteError
			if len(kfs) < 2 || errors.As(err, &inc) != tt.incomplete || tt.incomplete && !strings.Contains(err.Error(), "incomplete after 0:00:0") ||
				!tt.incomplete && err != nil {
				t.Errorf("keyframes: %d, %v; want the film's keyframes, and an IncompleteError: %v", len(kfs), err, tt.incomplete)
			}
			res, err := ffmpeg.DetectScenes(ctx, path, ffmpeg.SceneOptions{})
			if len(res.Scenes) != 2 || errors.As(err, &inc) != tt.incomplete || !tt.incomplete && err != nil {
				t.Errorf("scenes: %d, %v; want the film's 2 scenes, and an IncompleteError: %v", len(res.Scenes), err, tt.incomplete)
			}
			if !tt.incomplete {
				return
			}
			// A reader asked for a picture past the end shows the last one, and can seek back
			// after the read budget stopped it.
			r, err := ffmpeg.OpenReader(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if _, at, err := r.FrameAt(10*time.Second, nil, 64); err != nil || at < 1900*time.Millisecond {
				t.Errorf("frame past the end: at %v, %v; want the last picture", at, err)
			}
			if _, at, err := r.KeyframeAt(time.Second, nil, 64); err != nil || at != time.Second {
				t.Errorf("keyframe at 1 s after that: at %v, %v", at, err)
			}
			if ctx.Err() != nil {
				t.Error("the hang guard ended it: the zeros were read")
			}
		})
	}
}

// Pictures of odd shapes make bounded thumbnails: a sliver 8192×8 turned upright (which asked
// for a 320×327680 picture), a 16×4096 needle, and the smallest picture x264 makes.
func TestOddSizesMakeBoundedThumbnails(t *testing.T) {
	for _, tt := range []struct {
		w, h, rotation int
		wantW, wantH   int // of a thumbnail 64 wide at most
	}{
		{8192, 8, 90, 2, 128}, // upright: 8 wide, 8192 tall, in a 64×128 box
		{8192, 8, 0, 64, 2},
		{16, 4096, 0, 2, 128},
		{2, 2, 0, 64, 64},
	} {
		t.Run(fmt.Sprintf("%dx%d-%d", tt.w, tt.h, tt.rotation), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "odd.mp4")
			spec := ffmpeg.FilmSpec{Width: tt.w, Height: tt.h, FPS: 10, GOP: 5, Preset: "ultrafast", Threads: 1, NoAudio: true, Rotation: tt.rotation,
				Scenes: []ffmpeg.SceneSpec{{Duration: time.Second, Seed: 1}, {Duration: time.Second, Seed: 2}}}
			if err := ffmpeg.Encode(context.Background(), path, spec); err != nil {
				t.Fatal(err)
			}
			kfs, err := ffmpeg.Keyframes(context.Background(), path, filepath.Join(dir, "kf"), ffmpeg.KeyframeOptions{Width: 64})
			if err != nil || len(kfs) == 0 {
				t.Fatalf("keyframes: %d, %v", len(kfs), err)
			}
			f, _ := os.Open(kfs[0].Path)
			cfg, err := jpeg.DecodeConfig(f)
			f.Close()
			if err != nil || cfg.Width != tt.wantW || cfg.Height != tt.wantH {
				t.Errorf("thumbnail %dx%d (%v), want %dx%d", cfg.Width, cfg.Height, err, tt.wantW, tt.wantH)
			}
			res, err := ffmpeg.DetectScenes(context.Background(), path, ffmpeg.SceneOptions{ThumbDir: filepath.Join(dir, "scenes"), ThumbWidth: 64})
			if err != nil || len(res.Scenes) == 0 {
				t.Errorf("scenes: %d, %v", len(res.Scenes), err)
			}
		})
	}
}
