package ffmpeg_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"github.com/reel-app/reel/player/scenecut"
)

// reference times the ffmpeg CLI (the reference tool, never a runtime dependency) running args,
// as the median of three runs.
func reference(b *testing.B, args ...string) time.Duration {
	b.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		b.Skip("the ffmpeg CLI is not installed (scripts/setup --test installs it)")
	}
	var runs []time.Duration
	for i := 0; i < 3; i++ {
		start := time.Now()
		if out, err := exec.Command("ffmpeg", args...).CombinedOutput(); err != nil {
			b.Fatalf("ffmpeg %v: %v\n%s", args, err, out)
		}
		runs = append(runs, time.Since(start))
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i] < runs[j] })
	return runs[1]
}

func ratio(b *testing.B, ref time.Duration) {
	ours := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(ours)/float64(ref), "x-ffmpeg")
	b.ReportMetric(ref.Seconds()*1000, "ffmpeg-ms")
}

// Keyframe thumbnails of a 60 s 1080p H.264 clip, against
// ffmpeg -skip_frame nokey -i F -vf scale=320:-1 -vsync vfr -q:v 4 out%04d.jpg.
func BenchmarkKeyframes1080p(b *testing.B) {
	clip := ffmpegtest.Clip(b, "bench1080.mp4", ffmpegtest.BenchSpec())
	refDir := b.TempDir()
	ref := reference(b, "-v", "error", "-y", "-skip_frame", "nokey", "-i", clip, "-vf", "scale=320:-1",
		"-vsync", "vfr", "-q:v", "4", filepath.Join(refDir, "out%04d.jpg"))
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		kfs, err := ffmpeg.Keyframes(context.Background(), clip, dir, ffmpeg.KeyframeOptions{})
		if err != nil || len(kfs) == 0 {
			b.Fatal(kfs, err)
		}
	}
	b.StopTimer()
	ratio(b, ref)
	refs, _ := os.ReadDir(refDir)
	ours, _ := os.ReadDir(dir)
	b.ReportMetric(float64(len(ours)), "thumbs")
	b.ReportMetric(float64(len(refs)), "ffmpeg-thumbs")
}

// Scene detection on a 60 s 1080p H.264 clip, against a full decode with ffmpeg -threads 2 -i F
// -f null -.
func BenchmarkScenes1080p(b *testing.B) {
	spec := ffmpegtest.BenchSpec()
	clip := ffmpegtest.Clip(b, "bench1080.mp4", spec)
	ref := reference(b, "-v", "error", "-threads", "2", "-i", clip, "-f", "null", "-")
	for _, thumbs := range []bool{false, true} {
		name := "cuts"
		if thumbs {
			name = "cuts+thumbs"
		}
		b.Run(name, func(b *testing.B) {
			var res ffmpeg.SceneResult
			for i := 0; i < b.N; i++ {
				opt := ffmpeg.SceneOptions{Threads: 2}
				if thumbs {
					opt.ThumbDir = b.TempDir()
				}
				var err error
				if res, err = ffmpeg.DetectScenes(context.Background(), clip, opt); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			ratio(b, ref)
			p, r := scenecut.Accuracy(cutFrames(res), spec.Cuts(), 1)
			b.ReportMetric(p, "precision")
			b.ReportMetric(r, "recall")
		})
	}
}

// Scene accuracy at ±1 frame on generated clips with known cuts (several sizes and frame
// rates) and on the Popeye clips; reported as metrics, asserted in TestScenesAccuracy.
func BenchmarkSceneAccuracy(b *testing.B) {
	type clip struct {
		name string
		path string
		want []int64
	}
	var clips []clip
	for _, s := range []struct{ w, h, fps int }{{640, 360, 30}, {1280, 720, 25}, {854, 480, 24}} {
		spec := ffmpegtest.CutsSpec()
		spec.Width, spec.Height, spec.FPS = s.w, s.h, s.fps
		name := fmt.Sprintf("synthetic-%dx%d@%d", s.w, s.h, s.fps)
		clips = append(clips, clip{name, ffmpegtest.Clip(b, "cuts.mp4", spec), spec.Cuts()})
	}
	for name, cuts := range popeyeCuts {
		clips = append(clips, clip{filepath.Base(name), ffmpegtest.SharedMedia(b, name), cuts})
	}
	for _, c := range clips {
		b.Run(c.name, func(b *testing.B) {
			var got []int64
			for i := 0; i < b.N; i++ {
				res, err := ffmpeg.DetectScenes(context.Background(), c.path, ffmpeg.SceneOptions{})
				if err != nil {
					b.Fatal(err)
				}
				got = cutFrames(res)
			}
			p, r := scenecut.Accuracy(got, c.want, 1)
			b.ReportMetric(p, "precision")
			b.ReportMetric(r, "recall")
		})
	}
}
