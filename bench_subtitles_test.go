package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
)

// rchar is how many bytes this process has read through system calls so far (page cache or
// not), from /proc/self/io.
func rchar(b *testing.B) int64 {
	data, err := os.ReadFile("/proc/self/io")
	if err != nil {
		b.Skip("no /proc/self/io")
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("rchar: ")); ok {
			n, _ := strconv.ParseInt(string(v), 10, 64)
			return n
		}
	}
	return 0
}

// What the watch screen reads of a film's embedded text tracks before its first picture, on a
// 10-minute 720p film (about 700 MB at CRF 12) with a full track of lines: before this change, every
// packet of the film once per embedded track, before the engine ran; now nothing (the tracks
// are read while the film plays, and from the store for a film of the library). Both figures
// in the same run, the old one as core.FFmpegTracks reads a track.
func BenchmarkSubtitlesBeforePicture(b *testing.B) {
	dir := b.TempDir()
	film := filepath.Join(dir, "Long Film (2001).mkv")
	var lines []ffmpeg.SubtitleLine
	for s := 5; s < 10*60; s += 4 {
		lines = append(lines, ffmpeg.SubtitleLine{Start: time.Duration(s) * time.Second, End: time.Duration(s+3) * time.Second, Text: fmt.Sprintf("Line %d of the film.", s)})
	}
	var scenes []ffmpeg.SceneSpec
	for i := 0; i < 20; i++ {
		scenes = append(scenes, ffmpeg.SceneSpec{Duration: 30 * time.Second, Seed: int64(i)})
	}
	if err := ffmpeg.Encode(context.Background(), film, ffmpeg.FilmSpec{Width: 1280, Height: 720, FPS: 24, Preset: "ultrafast", CRF: 12,
		Scenes: scenes, Subtitles: lines}); err != nil {
		b.Fatal(err)
	}
	info, _ := os.Stat(film)
	p, err := core.PlacesFor(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	shelf, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		b.Fatal(err)
	}
	defer shelf.Close()
	if _, err := shelf.Scan(context.Background(), []string{dir}, nil); err != nil {
		b.Fatal(err)
	}
	f, _, _ := shelf.Store.FilmByPath(film)
	w := newWatching(shelf.Store)
	probe, err := ffmpeg.Probe(context.Background(), film)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r0, t0 := rchar(b), time.Now()
		for _, s := range probe.Streams { // before: each embedded text track read from the film
			if s.Type == player.StreamSubtitle && !s.Bitmap {
				if _, err := (core.FFmpegTracks{}).TextCues(context.Background(), film, s.Index); err != nil {
					b.Fatal(err)
				}
			}
		}
		r1, t1 := rchar(b), time.Now()
		tracks := w.Subtitles(context.Background(), f.ID, film) // now: after the first picture, from the store
		r2, t2 := rchar(b), time.Now()
		if len(tracks) != 1 || len(tracks[0].Cues) != len(lines) {
			b.Fatalf("%d tracks read", len(tracks))
		}
		b.ReportMetric(float64(info.Size())/(1<<20), "film-MiB")
		b.ReportMetric(float64(r1-r0)/(1<<20), "before-change-MiB-read-before-picture")
		b.ReportMetric(t1.Sub(t0).Seconds()*1000, "before-change-ms-before-picture")
		b.ReportMetric(0, "now-MiB-read-before-picture")
		b.ReportMetric(float64(r2-r1)/(1<<20), "now-MiB-read-for-tracks-while-playing")
		b.ReportMetric(t2.Sub(t1).Seconds()*1000, "now-ms-for-tracks-while-playing")
	}
}
