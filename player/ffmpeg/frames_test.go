package ffmpeg_test

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

func meanLuma(img *image.RGBA) float64 {
	var sum int
	for i := 0; i < len(img.Pix); i += 4 {
		sum += int(img.Pix[i]) + int(img.Pix[i+1]) + int(img.Pix[i+2])
	}
	return float64(sum) / float64(len(img.Pix)/4*3)
}

// The sync marker is one white frame at 13 s: an exact seek lands on it, and the frames either
// side are not white.
func TestFrameAtIsExact(t *testing.T) {
	spec := ffmpegtest.CutsSpec()
	path := ffmpegtest.Clip(t, "cuts.mp4", spec)
	r, err := ffmpeg.OpenReader(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	frame := time.Second / time.Duration(30)
	tests := []struct {
		at    time.Duration
		white bool
	}{
		{13*time.Second - frame, false},
		{13 * time.Second, true},
		{13*time.Second + frame/2, true}, // between frames: the one on screen
		{13*time.Second + frame, false},
		{2500 * time.Millisecond, true}, // a flash
	}
	var dst *image.RGBA
	for _, tt := range tests {
		img, got, err := r.FrameAt(tt.at, dst, 320)
		if err != nil {
			t.Fatal(err)
		}
		dst = img
		if w := img.Bounds().Dx(); w != 320 || img.Bounds().Dy() != 180 {
			t.Fatalf("size %v, want 320x180", img.Bounds())
		}
		if white := meanLuma(img) > 230; white != tt.white {
			t.Errorf("FrameAt(%v) (frame at %v): white = %v, want %v", tt.at, got, white, tt.white)
		}
		if got > tt.at || tt.at-got >= frame {
			t.Errorf("FrameAt(%v) returned the frame at %v", tt.at, got)
		}
	}
}

func TestFrameAtKeepsDisplayAspect(t *testing.T) {
	tests := []struct {
		file string
		w, h int
	}{
		{"real/mb-sar_2x1.mp4", 320, 90},                // 640x360 with 2:1 pixels shows as 1280x360
		{"real/popeye-part3-hevc-vobsub.mkv", 320, 238}, // 720x478 with 8:9 pixels
	}
	for _, tt := range tests {
		img, err := ffmpeg.FrameAt(context.Background(), ffmpegtest.SharedMedia(t, tt.file), time.Second, 320)
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("%s: %dx%d, want %dx%d", tt.file, b.Dx(), b.Dy(), tt.w, tt.h)
		}
	}
}

func TestKeyframes(t *testing.T) {
	spec := ffmpegtest.CutsSpec()
	path := ffmpegtest.Clip(t, "cuts.mp4", spec)
	dir := t.TempDir()
	kfs, err := ffmpeg.Keyframes(context.Background(), path, dir, ffmpeg.KeyframeOptions{Width: 256})
	if err != nil {
		t.Fatal(err)
	}
	// x264 puts a keyframe at the start and at scene cuts.
	if len(kfs) < 2 || kfs[0].Time != 0 {
		t.Fatalf("keyframes = %+v", kfs)
	}
	for i, kf := range kfs {
		if i > 0 && kf.Time <= kfs[i-1].Time {
			t.Errorf("keyframe %d at %v is not after %v", i, kf.Time, kfs[i-1].Time)
		}
		f, err := os.Open(kf.Path)
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != 256 || cfg.Height != 144 {
			t.Errorf("%s: %+v %v, want a 256x144 JPEG", filepath.Base(kf.Path), cfg, err)
		}
	}
	// Nothing else was written.
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(kfs) {
		t.Errorf("%d files written for %d keyframes", len(entries), len(kfs))
	}
}

// A film with a 90° display matrix (a phone held upright) gives upright pictures everywhere.
func TestRotatedFilmComesOutUpright(t *testing.T) {
	path := ffmpegtest.SharedMedia(t, "real/mb-rotate-buck-bunny.mp4") // 1920x1080, rotation 90
	img, err := ffmpeg.FrameAt(context.Background(), path, time.Second, 180)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 180 || b.Dy() != 320 {
		t.Errorf("FrameAt: %dx%d, want 180x320 (portrait)", b.Dx(), b.Dy())
	}
	kfs, err := ffmpeg.Keyframes(context.Background(), path, t.TempDir(), ffmpeg.KeyframeOptions{Width: 180})
	if err != nil || len(kfs) == 0 {
		t.Fatal(kfs, err)
	}
	f, _ := os.Open(kfs[0].Path)
	cfg, _, err := image.DecodeConfig(f)
	f.Close()
	if err != nil || cfg.Width != 180 || cfg.Height != 320 {
		t.Errorf("keyframe thumbnail %dx%d %v, want 180x320", cfg.Width, cfg.Height, err)
	}
}
