package ffmpeg_test

import (
	"context"
	"image/jpeg"
	"os"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"github.com/reel-app/reel/player/scenecut"
)

// Hard cuts in the two Popeye clips, checked by eye frame by frame (the frames either side of
// every candidate from Reel and from ffmpeg's scdet filter, and a one-per-second contact sheet
// of each clip). Keyframes that sharpen the starved VobSub encode are not cuts, nor are the
// vulture's wing sweeps.
var popeyeCuts = map[string][]int64{
	"real/popeye-part2-hevc-pgs.mkv":    {567, 661, 994},
	"real/popeye-part3-hevc-vobsub.mkv": {92, 414, 662, 922, 1339, 1670},
}

func cutFrames(res ffmpeg.SceneResult) []int64 {
	var out []int64
	for _, s := range res.Scenes[1:] {
		out = append(out, s.StartFrame)
	}
	return out
}

func TestScenesAccuracy(t *testing.T) {
	type clip struct {
		name string
		path string
		want []int64
	}
	spec := ffmpegtest.CutsSpec()
	fades := ffmpegtest.FadesSpec()
	clips := []clip{
		{"synthetic", ffmpegtest.Clip(t, "cuts.mp4", spec), spec.Cuts()},
		{"fades through black", ffmpegtest.Clip(t, "fades.mp4", fades), fades.Cuts()},
	}
	for name, cuts := range popeyeCuts {
		clips = append(clips, clip{name, ffmpegtest.SharedMedia(t, name), cuts})
	}
	for _, c := range clips {
		t.Run(c.name, func(t *testing.T) {
			res, err := ffmpeg.DetectScenes(context.Background(), c.path, ffmpeg.SceneOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := cutFrames(res)
			p, r := scenecut.Accuracy(got, c.want, 1)
			t.Logf("cuts %v, want %v: precision %.2f recall %.2f", got, c.want, p, r)
			if p < 1 || r < 1 {
				t.Errorf("precision %.2f recall %.2f at ±1 frame; got cuts %v, want %v", p, r, got, c.want)
			}
			// Scenes tile the film.
			for i, s := range res.Scenes {
				if i > 0 && s.Start != res.Scenes[i-1].End {
					t.Errorf("scene %d starts at %v, previous ends at %v", i, s.Start, res.Scenes[i-1].End)
				}
			}
		})
	}
}

// Skipping the loop filter is only worth it if it changes nothing the detector sees.
func TestScenesLoopFilterChangesNothing(t *testing.T) {
	paths := []string{ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())}
	for name := range popeyeCuts {
		paths = append(paths, ffmpegtest.SharedMedia(t, name))
	}
	for _, p := range paths {
		fast, err := ffmpeg.DetectScenes(context.Background(), p, ffmpeg.SceneOptions{})
		if err != nil {
			t.Fatal(err)
		}
		full, err := ffmpeg.DetectScenes(context.Background(), p, ffmpeg.SceneOptions{LoopFilter: true})
		if err != nil {
			t.Fatal(err)
		}
		if a, b := cutFrames(fast), cutFrames(full); len(a) != len(b) {
			t.Errorf("%s: cuts without loop filter %v, with %v", p, a, b)
		} else {
			for i := range a {
				if a[i] != b[i] {
					t.Errorf("%s: cuts without loop filter %v, with %v", p, a, b)
					break
				}
			}
		}
	}
}

// Each scene gets a thumbnail from inside it that is neither black nor the white flash.
func TestSceneThumbnails(t *testing.T) {
	spec := ffmpegtest.CutsSpec()
	path := ffmpegtest.Clip(t, "cuts.mp4", spec)
	res, err := ffmpeg.DetectScenes(context.Background(), path, ffmpeg.SceneOptions{ThumbDir: t.TempDir(), ThumbWidth: 240})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenes) != len(spec.Scenes) {
		t.Fatalf("%d scenes, want %d", len(res.Scenes), len(spec.Scenes))
	}
	for _, s := range res.Scenes {
		if s.Thumb == "" || s.ThumbAt < s.Start || s.ThumbAt >= s.End {
			t.Errorf("scene %d [%v, %v): thumbnail %q at %v", s.Index, s.Start, s.End, s.Thumb, s.ThumbAt)
			continue
		}
		f, err := os.Open(s.Thumb)
		if err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 240 || b.Dy() != 134 {
			t.Errorf("scene %d thumbnail is %v, want 240x134", s.Index, b)
		}
		var sum, n uint32
		for y := 0; y < img.Bounds().Dy(); y += 4 {
			for x := 0; x < img.Bounds().Dx(); x += 4 {
				r, g, b, _ := img.At(x, y).RGBA()
				sum += (r + g + b) / 3 >> 8
				n++
			}
		}
		if mean := sum / n; mean < 30 || mean > 225 {
			t.Errorf("scene %d thumbnail at %v has mean brightness %d: black or a flash", s.Index, s.ThumbAt, mean)
		}
	}
}

func TestScenesReportProgress(t *testing.T) {
	path := ffmpegtest.SharedMedia(t, "real/popeye-part3-hevc-vobsub.mkv")
	var reports []ffmpeg.SceneProgress
	_, err := ffmpeg.DetectScenes(context.Background(), path, ffmpeg.SceneOptions{
		Report: func(p ffmpeg.SceneProgress) { reports = append(reports, p) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < 30 { // 1,800 frames, a report every 50
		t.Fatalf("%d reports", len(reports))
	}
	last := reports[len(reports)-1]
	if last.Duration < 64*time.Second || last.Position < 59*time.Second || last.Frames != 1800 || last.Scenes < 6 {
		t.Errorf("last report %+v", last)
	}
	for i := 1; i < len(reports); i++ {
		if reports[i].Position <= reports[i-1].Position {
			t.Fatalf("position went back: %+v then %+v", reports[i-1], reports[i])
		}
	}
}
