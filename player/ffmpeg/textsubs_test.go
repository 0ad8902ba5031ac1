package ffmpeg_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

func TestEmbeddedTextSubtitles(t *testing.T) {
	spec := ffmpeg.FilmSpec{
		Scenes: []ffmpeg.SceneSpec{{Duration: 3 * time.Second, Seed: 1}},
		Subtitles: []ffmpeg.SubtitleLine{
			{Start: 500 * time.Millisecond, End: 1500 * time.Millisecond, Text: "<i>Hello</i> there"},
			{Start: 2 * time.Second, End: 2800 * time.Millisecond, Text: "Second line\nwith two lines, and ünïcödé"},
		},
	}
	path := ffmpegtest.Clip(t, "subs.mkv", spec)
	info, err := ffmpeg.Probe(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	idx := -1
	for _, s := range info.Streams {
		if s.Type == player.StreamSubtitle && s.Codec == "subrip" && !s.Bitmap {
			idx = s.Index
		}
	}
	if idx < 0 {
		t.Fatalf("no subrip stream in %+v", info.Streams)
	}
	cues, err := ffmpeg.TextSubtitles(context.Background(), path, idx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cues) != 2 {
		t.Fatalf("cues = %+v", cues)
	}
	for i, want := range spec.Subtitles {
		if cues[i].Start != want.Start || cues[i].End != want.End || cues[i].Text != want.Text {
			t.Errorf("cue %d = %+v, want %+v", i, cues[i], want)
		}
	}
	// A bitmap track says so.
	pgs := ffmpegtest.SharedMedia(t, "real/popeye-part2-hevc-pgs.mkv")
	if _, err := ffmpeg.TextSubtitles(context.Background(), pgs, 1); !errors.Is(err, ffmpeg.ErrNotText) {
		t.Errorf("PGS track: err = %v, want ErrNotText", err)
	}
	if _, err := ffmpeg.TextSubtitles(context.Background(), pgs, 0); err == nil {
		t.Error("a video stream read as subtitles")
	}
}
