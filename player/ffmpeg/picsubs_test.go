package ffmpeg_test

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// The shared Popeye clips' picture tracks decode with their own timing (a PGS clear ends a
// picture) and place: the bottom of the canvas.
func TestPictureSubtitles(t *testing.T) {
	tests := []struct {
		clip       string
		cues       int
		canvas     image.Point
		first      [2]time.Duration
		second     [2]time.Duration
		minY, maxY int // where the pictures' tops lie on the canvas
	}{
		{"real/popeye-part2-hevc-pgs.mkv", 14, image.Pt(1920, 1080),
			[2]time.Duration{0, 2 * time.Second}, [2]time.Duration{4125 * time.Millisecond, 8833 * time.Millisecond}, 900, 1000},
		{"real/popeye-part3-hevc-vobsub.mkv", 15, image.Pt(720, 480),
			[2]time.Duration{12045 * time.Millisecond, 18041 * time.Millisecond}, [2]time.Duration{20003 * time.Millisecond, 25999 * time.Millisecond}, 380, 420},
	}
	for _, tt := range tests {
		t.Run(tt.clip, func(t *testing.T) {
			var cues []ffmpeg.PictureCue
			warnings, err := ffmpeg.PictureSubtitles(context.Background(), ffmpegtest.SharedMedia(t, tt.clip), 1, func(c ffmpeg.PictureCue) error {
				cues = append(cues, c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) > 0 {
				t.Errorf("warnings %v", warnings)
			}
			if len(cues) != tt.cues {
				t.Fatalf("%d cues, want %d", len(cues), tt.cues)
			}
			for i, want := range [][2]time.Duration{tt.first, tt.second} {
				if got := [2]time.Duration{cues[i].Start, cues[i].End}; got != want {
					t.Errorf("cue %d shows %v, want %v", i, got, want)
				}
			}
			for i, c := range cues {
				b := c.Bounds()
				if c.Canvas != tt.canvas || b.Empty() || b.Min.Y < tt.minY || b.Min.Y > tt.maxY || b.Max.Y > tt.canvas.Y {
					t.Errorf("cue %d: canvas %v, pictures at %v", i, c.Canvas, b)
				}
				if i > 0 && c.Start < cues[i-1].End {
					t.Errorf("cue %d starts at %v before cue %d ends at %v", i, c.Start, i-1, cues[i-1].End)
				}
			}
		})
	}
}

// The canvas keeps its shape on the picture: stretched when it has the video's (a DVD's
// anamorphic 720×480), scaled to the picture's height and centred when not (a 1080p canvas
// over a film cropped to 1440×1074), and a 4K canvas over 720p shrinks to fit.
func TestPlace(t *testing.T) {
	tests := []struct {
		name          string
		canvas, video image.Point
		w, h          int
		want          ffmpeg.Placement
	}{
		{"same size", image.Pt(1920, 1080), image.Pt(1920, 1080), 960, 540, ffmpeg.Placement{SX: 0.5, SY: 0.5}},
		{"4K over 720p", image.Pt(3840, 2160), image.Pt(1280, 720), 1280, 720, ffmpeg.Placement{SX: 1.0 / 3, SY: 1.0 / 3}},
		{"DVD anamorphic", image.Pt(720, 480), image.Pt(720, 478), 640, 478, ffmpeg.Placement{SX: 640.0 / 720, SY: 478.0 / 480}},
		{"1080p canvas over a cropped film", image.Pt(1920, 1080), image.Pt(1440, 1080), 1440, 1080, ffmpeg.Placement{SX: 1, SY: 1, OX: -240}},
		{"no canvas: the video's", image.Point{}, image.Pt(720, 576), 720, 576, ffmpeg.Placement{SX: 1, SY: 1}},
	}
	for _, tt := range tests {
		got := ffmpeg.Place(tt.canvas, tt.video, tt.w, tt.h)
		if d := got.SX - tt.want.SX + got.SY - tt.want.SY + got.OX - tt.want.OX + got.OY - tt.want.OY; d > 1e-9 || d < -1e-9 {
			t.Errorf("%s: Place = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// A picture drawn over a frame lands inside the frame, at the bottom.
func TestDrawCue(t *testing.T) {
	var first ffmpeg.PictureCue
	_, err := ffmpeg.PictureSubtitles(context.Background(), ffmpegtest.SharedMedia(t, "real/popeye-part2-hevc-pgs.mkv"), 1, func(c ffmpeg.PictureCue) error {
		if first.Pictures == nil {
			first = c
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dst := image.NewRGBA(image.Rect(0, 0, 640, 477))
	ffmpeg.DrawCue(dst, first, image.Pt(1440, 1074))
	top, bottom := dst.Bounds().Max.Y, 0
	for y := 0; y < dst.Bounds().Dy(); y++ {
		for x := 0; x < dst.Bounds().Dx(); x++ {
			if dst.RGBAAt(x, y).A > 128 {
				top, bottom = min(top, y), max(bottom, y)
			}
		}
	}
	if top < 477*8/10 || bottom >= 477 {
		t.Errorf("subtitle drawn on rows %d–%d of 477, want in the bottom fifth", top, bottom)
	}
}

// Hostile picture tracks, made from the real clips: each is read with a warning that says
// what is wrong, and nothing hangs or panics.
func TestPictureTracksDamaged(t *testing.T) {
	pgs := ffmpegtest.SharedMedia(t, "real/popeye-part2-hevc-pgs.mkv")
	vob := ffmpegtest.SharedMedia(t, "real/popeye-part3-hevc-vobsub.mkv")
	dir := t.TempDir()
	tests := []struct {
		name    string
		src     string
		opt     ffmpeg.RemuxOptions
		warning string
		check   func(t *testing.T, cues []ffmpeg.PictureCue)
	}{
		{"damaged packets", pgs, ffmpeg.RemuxOptions{Edit: func(p ffmpeg.RemuxPacket) []byte {
			if p.Stream == 1 && len(p.Data) > 40 && p.Pts%2 == 0 {
				for i := len(p.Data) / 2; i < len(p.Data)/2+2000; i++ {
					p.Data[i] ^= 0x5a // the middle of its picture is garbage
				}
			}
			return p.Data
		}}, "damaged subtitle packets", func(t *testing.T, cues []ffmpeg.PictureCue) {
			// Garbage inside a picture's run-length data: a picture the decoder cannot make is
			// missing (and said to be); one it can is garbled (there is no checksum to tell).
			// The track is read through.
			if len(cues) < 7 || len(cues) >= 14 {
				t.Errorf("%d cues from a track with damaged packets, want the intact 7 and some of the others", len(cues))
			}
		}},
		{"PGS without its clears", pgs, ffmpeg.RemuxOptions{Edit: func(p ffmpeg.RemuxPacket) []byte {
			if p.Stream == 1 && len(p.Data) <= 40 {
				return nil
			}
			return p.Data
		}}, "never says when its pictures end", func(t *testing.T, cues []ffmpeg.PictureCue) {
			if len(cues) != 14 {
				t.Fatalf("%d cues, want 14", len(cues))
			}
			for i, c := range cues {
				if c.End <= c.Start || c.End-c.Start > 10*time.Second || (i+1 < len(cues) && c.End > cues[i+1].Start) {
					t.Errorf("cue %d shows %v–%v (next at %v)", i, c.Start, c.End, cues[min(i+1, len(cues)-1)].Start)
				}
			}
		}},
		{"VobSub without its palette", vob, ffmpeg.RemuxOptions{ExtraData: func(stream int, old []byte) []byte {
			if stream != 1 {
				return old
			}
			var keep []string
			for _, l := range strings.Split(string(old), "\n") {
				if !strings.HasPrefix(l, "palette:") {
					keep = append(keep, l)
				}
			}
			return []byte(strings.Join(keep, "\n"))
		}}, "no palette", func(t *testing.T, cues []ffmpeg.PictureCue) {
			if len(cues) != 15 || cues[0].Bounds().Empty() {
				t.Errorf("%d cues, first at %v", len(cues), cues[0].Bounds())
			}
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("hostile%d.mkv", i))
			ffmpegtest.Remux(t, tt.src, path, tt.opt)
			var cues []ffmpeg.PictureCue
			warnings, err := ffmpeg.PictureSubtitles(context.Background(), path, 1, func(c ffmpeg.PictureCue) error {
				cues = append(cues, c)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if w := strings.Join(warnings, "; "); (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
				t.Errorf("warnings %q, want one about %q", w, tt.warning)
			}
			tt.check(t, cues)
		})
	}
}

// BenchmarkPictureTrackFeature reads a feature-length PGS track (the Popeye clip's, end to
// end for two hours: 1,500 pictures) as the watch screen does, and reports what it holds and
// how long a picture takes to draw for a 1080p view (the goal: well under a frame, 41 ms).
func BenchmarkPictureTrackFeature(b *testing.B) {
	src := ffmpegtest.SharedMedia(b, "real/popeye-part2-hevc-pgs.mkv")
	path := filepath.Join(b.TempDir(), "feature-pgs.mkv")
	ffmpegtest.RepeatTrack(b, src, 1, 108, path) // 108 × 14 pictures, 64 s apart: 1,512 in 1 h 55 min
	for i := 0; i < b.N; i++ {
		start := time.Now()
		tracks, err := ffmpeg.ReadPictureTracks(context.Background(), path, nil, ffmpeg.PictureTrackOptions{})
		if err != nil || len(tracks) != 1 {
			b.Fatalf("%d tracks, %v", len(tracks), err)
		}
		read := time.Since(start)
		tr := tracks[0]
		n := tr.Len()
		var draw time.Duration
		draws := 0
		for k := 0; k < n; k += 50 {
			t0 := time.Now()
			c, err := tr.Cue(k)
			if err != nil {
				b.Fatal(err)
			}
			dst := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
			ffmpeg.DrawCue(dst, c, tr.Video)
			draw += time.Since(t0)
			draws++
		}
		b.ReportMetric(float64(n), "pictures")
		b.ReportMetric(read.Seconds(), "read_s")
		b.ReportMetric(float64(tr.HeldBytes())/(1<<20), "held_MiB")
		b.ReportMetric(float64(draw.Milliseconds())/float64(draws), "ms/draw")
		tr.Close()
	}
}
