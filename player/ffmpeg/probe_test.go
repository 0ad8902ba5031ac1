package ffmpeg_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

func TestProbeRealMedia(t *testing.T) {
	type stream struct {
		typ      player.StreamType
		codec    string
		w, h     int
		fps      float64
		sar      player.Ratio
		rot      int
		channels int
		rate     int
		lang     string
		bitmap   bool
	}
	tests := []struct {
		file      string
		container string
		duration  time.Duration
		title     string
		streams   []stream
		chapters  []player.Chapter
	}{
		{file: "real/bbb-h264-aac-5s.mp4", container: "mp4", duration: 5014 * time.Millisecond, title: "Big Buck Bunny",
			streams: []stream{{typ: "video", codec: "h264", w: 320, h: 180, fps: 24, sar: player.Ratio{Num: 1, Den: 1}}, {typ: "audio", codec: "aac", channels: 2, rate: 48000}}},
		{file: "real/bbb-h264-aac-5s-chapters.mp4", container: "mp4", duration: 5014 * time.Millisecond,
			streams: []stream{{typ: "video", codec: "h264", w: 320, h: 180, fps: 24, sar: player.Ratio{Num: 1, Den: 1}}, {typ: "audio", codec: "aac", channels: 2, rate: 48000}, {typ: "data", codec: "bin_data", lang: "eng"}},
			chapters: []player.Chapter{
				{Start: 0, End: 2501 * time.Millisecond, Title: "Chapter 1 - First Half"},
				{Start: 2501 * time.Millisecond, End: 5000 * time.Millisecond, Title: "Chapter 2 - Second Half"},
			}},
		{file: "real/mb-rotate-buck-bunny.mp4", container: "mp4", duration: 2005 * time.Millisecond,
			streams: []stream{{typ: "video", codec: "h264", w: 1920, h: 1080, fps: 24, rot: 90, lang: "eng"}, {typ: "audio", codec: "aac", channels: 6, rate: 48000, lang: "eng"}}},
		{file: "real/mb-sar_2x1.mp4", container: "mp4", duration: 5 * time.Second,
			streams: []stream{{typ: "video", codec: "h264", w: 640, h: 360, fps: 30, sar: player.Ratio{Num: 2, Den: 1}}}},
		{file: "real/mb-trim-buck-bunny.webm", container: "matroska", duration: 5020 * time.Millisecond,
			streams: []stream{{typ: "video", codec: "vp9", w: 320, h: 180, fps: 24, sar: player.Ratio{Num: 1, Den: 1}}, {typ: "audio", codec: "opus", channels: 2, rate: 48000}}},
		{file: "real/mb-multiple-aac-tracks.mp4", container: "mp4", duration: 5013 * time.Millisecond,
			streams: []stream{{typ: "audio", codec: "aac", channels: 6, rate: 48000}, {typ: "audio", codec: "aac", channels: 6, rate: 48000}}},
		{file: "real/popeye-part2-hevc-pgs.mkv", container: "matroska", duration: 63167 * time.Millisecond,
			streams: []stream{{typ: "video", codec: "hevc", w: 1440, h: 1074, fps: 24, sar: player.Ratio{Num: 1, Den: 1}}, {typ: "subtitle", codec: "hdmv_pgs_subtitle", lang: "eng", bitmap: true}}},
		{file: "real/popeye-part3-hevc-vobsub.mkv", container: "matroska", duration: 64988 * time.Millisecond,
			streams: []stream{{typ: "video", codec: "hevc", w: 720, h: 478, fps: 29.97, sar: player.Ratio{Num: 8, Den: 9}}, {typ: "subtitle", codec: "dvd_subtitle", lang: "eng", bitmap: true}}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			path := ffmpegtest.SharedMedia(t, tt.file)
			got, err := ffmpeg.Probe(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got.Container, tt.container) {
				t.Errorf("container = %q, want it to contain %q", got.Container, tt.container)
			}
			if d := got.Duration - tt.duration; d < -time.Millisecond || d > time.Millisecond {
				t.Errorf("duration = %v, want %v", got.Duration, tt.duration)
			}
			if got.Title != tt.title {
				t.Errorf("title = %q, want %q", got.Title, tt.title)
			}
			if len(got.Streams) != len(tt.streams) {
				t.Fatalf("%d streams, want %d: %+v", len(got.Streams), len(tt.streams), got.Streams)
			}
			for i, w := range tt.streams {
				g := got.Streams[i]
				if g.Index != i || g.Type != w.typ || g.Codec != w.codec || g.Width != w.w || g.Height != w.h ||
					g.FPS != w.fps || g.SAR != w.sar || g.Rotation != w.rot || g.Channels != w.channels ||
					g.SampleRate != w.rate || g.Language != w.lang || g.Bitmap != w.bitmap {
					t.Errorf("stream %d = %#v, want %#v", i, g, w)
				}
			}
			if len(got.Chapters) != len(tt.chapters) {
				t.Fatalf("chapters = %+v, want %+v", got.Chapters, tt.chapters)
			}
			for i := range tt.chapters {
				if got.Chapters[i] != tt.chapters[i] {
					t.Errorf("chapter %d = %+v, want %+v", i, got.Chapters[i], tt.chapters[i])
				}
			}
		})
	}
}

func TestDisplaySize(t *testing.T) {
	tests := []struct {
		file string
		w, h int
	}{
		{"real/mb-rotate-buck-bunny.mp4", 1080, 1920},
		{"real/mb-sar_2x1.mp4", 1280, 360},
		{"real/popeye-part3-hevc-vobsub.mkv", 640, 478},
	}
	for _, tt := range tests {
		info, err := ffmpeg.Probe(context.Background(), ffmpegtest.SharedMedia(t, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := info.Video()
		if w, h := v.DisplaySize(); w != tt.w || h != tt.h {
			t.Errorf("%s: display size %dx%d, want %dx%d", tt.file, w, h, tt.w, tt.h)
		}
	}
}

func TestProbeErrors(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.mkv")
	os.WriteFile(text, []byte("this is not a film, only a text file with a film's name\n"), 0o644)
	empty := filepath.Join(dir, "empty.mp4")
	os.WriteFile(empty, nil, 0o644)
	fifo := filepath.Join(dir, "pipe.mkv")
	syscall.Mkfifo(fifo, 0o644) // FFmpeg's open of it blocks until a writer comes
	zero := filepath.Join(dir, "zero.mkv")
	os.Symlink("/dev/zero", zero)
	tests := []struct {
		name, path, want string
	}{
		{"missing", filepath.Join(dir, "nope.mp4"), "no such file"},
		{"folder", dir, "it is a folder, not a regular file"},
		{"empty", empty, "the file is empty (0 bytes)"},
		{"text", text, "Invalid data"},
		{"pipe", fifo, "it is a named pipe (FIFO), not a regular file"},
		{"device", zero, "it is a character device, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ffmpeg.Probe(context.Background(), tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.path) {
				t.Fatalf("err = %v, want one naming the file and saying %q", err, tt.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ffmpeg.Probe(ctx, ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled probe: err = %v, want context.Canceled", err)
	}
}
