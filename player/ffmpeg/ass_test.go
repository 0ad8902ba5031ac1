package ffmpeg_test

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"

	"github.com/reel-app/reel/player/ffmpeg"
)

const assHeader = `[Script Info]
ScriptType: v4.00+
PlayResX: 640
PlayResY: 360

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,DejaVu Sans,28,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,20,20,20,1
Style: Sign,DejaVu Sans,24,&H0000FFFF,&H000000FF,&H00000000,&H00000000,1,0,0,0,100,100,0,0,1,1,0,7,0,0,0,1
Style: Noto,Noto Sans,40,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,5,0,0,0,1
`

func writeASS(t *testing.T, events string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "film.ass")
	body := assHeader + "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// inked is the bounding box of the pixels drawn in r.
func inked(img *image.RGBA, r image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y).A > 100 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// A sign goes where its author put it (\pos, top-left alignment), in its colour; dialogue at
// the bottom; a Chinese line is drawn from the fallback font; nothing shows between lines.
func TestStyledFileDrawn(t *testing.T) {
	path := writeASS(t, `Dialogue: 0,0:00:01.00,0:00:04.00,Sign,,0,0,0,,{\pos(40,30)}EXIT
Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,Hello {\i1}world{\i0}
Dialogue: 0,0:00:05.00,0:00:08.00,Default,,0,0,0,,你好，世界
`)
	tr, err := ffmpeg.OpenStyledFile(path, nil, image.Pt(1280, 720))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if tr.Len() != 3 {
		t.Fatalf("%d events", tr.Len())
	}
	if k := tr.CueAt(500*time.Millisecond, false); k != -1 {
		t.Errorf("before the first line: key %d", k)
	}
	// Drawn at twice the script's resolution: positions scale with the picture.
	img, err := tr.Draw(tr.CueAt(2*time.Second, false), 1280, 720)
	if err != nil {
		t.Fatal(err)
	}
	sign := inked(img, image.Rect(0, 0, 640, 200))
	if sign.Empty() || sign.Min.X < 70 || sign.Min.X > 95 || sign.Min.Y < 55 || sign.Min.Y > 75 {
		t.Errorf("the sign is drawn at %v, want its top-left near (80, 60)", sign)
	}
	c := img.RGBAAt((sign.Min.X+sign.Max.X)/2, (sign.Min.Y+sign.Max.Y)/2)
	inside := false
	for y := sign.Min.Y; y < sign.Max.Y && !inside; y++ {
		for x := sign.Min.X; x < sign.Max.X; x++ {
			if p := img.RGBAAt(x, y); p.A == 255 && p.R > 200 && p.G > 200 && p.B < 60 {
				inside, c = true, p
				break
			}
		}
	}
	if !inside {
		t.Errorf("no yellow in the sign (a pixel: %v)", c)
	}
	if d := inked(img, image.Rect(0, 560, 1280, 720)); d.Empty() || d.Min.X < 400 || d.Max.X > 880 {
		t.Errorf("the dialogue is drawn at %v, want centred at the bottom", d)
	}
	if mid := inked(img, image.Rect(0, 250, 1280, 500)); !mid.Empty() {
		t.Errorf("something drawn mid-picture at %v", mid)
	}
	cjk, err := tr.Render(6*time.Second, 1280, 720)
	if err != nil {
		t.Fatal(err)
	}
	if box := inked(cjk, cjk.Bounds()); box.Dx() < 150 || box.Min.Y < 560 {
		t.Errorf("the Chinese line is drawn at %v, want a line at the bottom", box)
	}
}

// A script's font carried by the film (a Matroska attachment) is the one drawn; a broken
// attachment is a warning and the system's fonts stand in.
func TestStyledTrackAttachedFonts(t *testing.T) {
	noto := theme.DefaultTextFont().Content() // Noto Sans: not a system font here
	lines := []ffmpeg.SubtitleLine{{Start: time.Second, End: 3 * time.Second, Text: "0,Noto,,0,0,0,,Sailor Sinbad"}}
	render := func(fonts []ffmpeg.Font) (*image.RGBA, []string) {
		path := filepath.Join(t.TempDir(), "styled.mkv")
		err := ffmpeg.Encode(context.Background(), path, ffmpeg.FilmSpec{Width: 320, Height: 180, FPS: 10, Threads: 1, NoAudio: true,
			Scenes: []ffmpeg.SceneSpec{{Duration: 4 * time.Second, Seed: 1}}, Subtitles: lines, StyledHeader: assHeader, Attachments: fonts})
		if err != nil {
			t.Fatal(err)
		}
		tracks, err := ffmpeg.ReadStyledTracks(context.Background(), path, ffmpeg.StyledTrackOptions{})
		if err != nil || len(tracks) != 1 {
			t.Fatalf("%d tracks, %v", len(tracks), err)
		}
		defer tracks[0].Close()
		img, err := tracks[0].Render(2*time.Second, 640, 360)
		if err != nil {
			t.Fatal(err)
		}
		return img, tracks[0].Warnings()
	}
	attached, w1 := render([]ffmpeg.Font{{Name: "NotoSans-Regular.ttf", Data: noto}})
	system, _ := render(nil)
	broken, w2 := render([]ffmpeg.Font{{Name: "broken.ttf", Data: []byte("not a font at all, only text")}})
	if len(w1) != 0 {
		t.Errorf("warnings with a good font: %v", w1)
	}
	if len(w2) != 1 || !strings.Contains(w2[0], "broken.ttf") {
		t.Errorf("warnings with a broken font: %v", w2)
	}
	a, s, b := inked(attached, attached.Bounds()), inked(system, system.Bounds()), inked(broken, broken.Bounds())
	if a.Empty() || s.Empty() || b.Empty() {
		t.Fatalf("drawn at %v (attached), %v (system), %v (broken)", a, s, b)
	}
	if a == s {
		t.Errorf("the attached font drew the same box as the fallback (%v): it was not used", a)
	}
	if b != s {
		t.Errorf("with a broken attachment the line is drawn at %v, want the system font's %v", b, s)
	}
}

// 10,000 overlapping karaoke events draw, and in bounded time (a budget, not a timing
// assertion: the test fails only when a frame takes over a minute, a hang).
func TestStyledKaraokeFlood(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&b, "Dialogue: 0,0:00:00.00,0:01:00.00,Default,,0,0,0,,{\\k20}la{\\k20}la{\\k20}%d\n", i)
	}
	tr, err := ffmpeg.OpenStyledFile(writeASS(t, b.String()), nil, image.Pt(640, 360))
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		k := tr.CueAt(30*time.Second, false)
		_, err := tr.Draw(k, 640, 360)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("a frame of 10,000 overlapping karaoke lines drawn in %v", time.Since(start))
	case <-time.After(time.Minute):
		t.Fatal("a frame of 10,000 overlapping karaoke lines took over a minute")
	}
}

// A file that is not a script is an error, not a crash.
func TestStyledFileNotAScript(t *testing.T) {
	p := filepath.Join(t.TempDir(), "x.ass")
	os.WriteFile(p, []byte("1\n00:00:01,000 --> 00:00:02,000\nan srt\n"), 0o644)
	if _, err := ffmpeg.OpenStyledFile(p, nil, image.Point{}); err == nil || !strings.Contains(err.Error(), "[Events]") {
		t.Errorf("err = %v", err)
	}
}
