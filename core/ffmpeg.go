package core

import (
	"context"
	"fmt"
	"image"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reel-app/reel/index/demo"
	"github.com/reel-app/reel/index/story/storytest"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ocr"
)

// DemoEncoder draws the demo films with the synthetic film encoder: a fade-in, then the shots.
// One x264 thread per film keeps the files the same on every machine (demo.Write runs two
// films at a time).
type DemoEncoder struct{}

func (DemoEncoder) EncodeFilm(ctx context.Context, path string, f demo.Film) error {
	spec := ffmpeg.FilmSpec{Width: 640, Height: 360, FPS: 30, Title: f.Title, FadeIn: 800 * time.Millisecond, Threads: 1}
	for _, s := range f.Shots {
		spec.Scenes = append(spec.Scenes, ffmpeg.SceneSpec{Duration: s.Duration, Seed: s.Seed})
	}
	return ffmpeg.Encode(ctx, path, spec)
}

// FFmpegProber is the library scanner's view of player/ffmpeg.
type FFmpegProber struct{}

func (FFmpegProber) Probe(ctx context.Context, path string) (player.MediaInfo, error) {
	return ffmpeg.Probe(ctx, path)
}

// FFmpegTracks reads embedded text subtitle tracks for the scanner, as plain text.
type FFmpegTracks struct{}

func (FFmpegTracks) TextCues(ctx context.Context, path string, stream int) ([]subtitle.Cue, error) {
	raw, err := ffmpeg.TextSubtitles(ctx, path, stream)
	if err != nil {
		return nil, err
	}
	out := make([]subtitle.Cue, 0, len(raw))
	for _, c := range raw {
		if t := subtitle.Plain(c.Text); t != "" {
			out = append(out, subtitle.Cue{Start: c.Start, End: c.End, Text: t})
		}
	}
	return out, nil
}

// SceneFinder is the background analysis's view of player/ffmpeg: scenes and a 240-pixel
// thumbnail per scene. One decoder thread: the analysis works in the background and leaves the
// other cores to the window (and, later, to playback).
type SceneFinder struct {
	// Report, when set, is told how far into the film the analysis is, about every 50 frames.
	Report func(at, duration time.Duration)
}

func (s SceneFinder) Scenes(ctx context.Context, path, thumbDir string) ([]player.Scene, error) {
	opt := ffmpeg.SceneOptions{ThumbDir: thumbDir, ThumbWidth: 240, Threads: 1}
	if s.Report != nil {
		opt.Report = func(p ffmpeg.SceneProgress) { s.Report(p.Position, p.Duration) }
	}
	res, err := ffmpeg.DetectScenes(ctx, path, opt)
	return res.Scenes, err
}

// PosterFramer takes the keyframe a third of the way into a film, at a poster's height.
type PosterFramer struct{}

func (PosterFramer) PosterFrame(ctx context.Context, path string, height int) (image.Image, error) {
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		return nil, err
	}
	v, ok := info.Video()
	if !ok {
		return nil, fmt.Errorf("%s: %w", path, ffmpeg.ErrNoVideo)
	}
	w, h := v.DisplaySize()
	if h == 0 {
		return nil, fmt.Errorf("%s: video has no size", path)
	}
	r, err := ffmpeg.OpenReader(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// A poster is cut to 2:3 from the middle: a picture wider than twice its height (a sliver
	// of 8192×8) is taken no wider than that, not 368,640 pixels wide.
	img, _, err := r.KeyframeAt(info.Duration/3, nil, min(height*w/h, 2*height))
	return img, err
}

// EncodePlan draws a film planned by storytest with the synthetic encoder (for tests and
// benchmarks of the grouping at the scale of a real film): each setting's shots look alike,
// a planned fade goes through black, there is no sound.
func EncodePlan(ctx context.Context, path string, p storytest.Plan, w, h, fps int) error {
	spec := ffmpeg.FilmSpec{Width: w, Height: h, FPS: fps, Threads: 1, NoAudio: true, Preset: "ultrafast"}
	for _, s := range p.Shots {
		sc := ffmpeg.SceneSpec{Duration: s.Duration, Seed: s.Setting}
		if s.FadeIn {
			sc.FadeIn = storytest.Fade
		}
		if s.FadeOut {
			sc.FadeOut = storytest.Fade
		}
		spec.Scenes = append(spec.Scenes, sc)
	}
	return ffmpeg.Encode(ctx, path, spec)
}

// PictureText reads a film's picture subtitle tracks (PGS, VobSub, DVB) as text for the
// background analysis: player/ffmpeg decodes the pictures, player/ocr reads them in the
// track's language. A language whose Tesseract data is not installed is an error naming the
// package; pictures that read as nothing are left out.
type PictureText struct {
	// Pause, when set, is called before each picture: it blocks while something more
	// important (a film playing) needs the cores, and an error stops the read.
	Pause func(ctx context.Context) error
}

func (pt PictureText) PictureCues(ctx context.Context, path string, stream int, lang string) ([]subtitle.Cue, []string, error) {
	// A reader per core (Tesseract is single-threaded here): a feature's 1,500 pictures take
	// half as long on two. The pictures are decoded in order and read out of it; each cue
	// keeps its place.
	workers := min(runtime.NumCPU(), 4)
	readers := make([]*ocr.Reader, 0, workers)
	defer func() {
		for _, r := range readers {
			r.Close()
		}
	}()
	for i := 0; i < workers; i++ {
		r, err := ocr.NewReader(lang)
		if err != nil {
			return nil, nil, err
		}
		readers = append(readers, r)
	}
	type job struct {
		i int
		c ffmpeg.PictureCue
	}
	var (
		mu      sync.Mutex
		results = map[int]cueText{}
		cues    []ffmpeg.PictureCue
		wg      sync.WaitGroup
	)
	jobs := make(chan job, 2*workers)
	for _, r := range readers {
		wg.Add(1)
		go func(r *ocr.Reader) {
			defer wg.Done()
			for j := range jobs {
				res := readCue(r, j.c)
				mu.Lock()
				results[j.i] = res
				mu.Unlock()
			}
		}(r)
	}
	warnings, err := ffmpeg.PictureSubtitles(ctx, path, stream, func(c ffmpeg.PictureCue) error {
		if pt.Pause != nil {
			if err := pt.Pause(ctx); err != nil {
				return err
			}
		}
		j := job{i: len(cues), c: c}
		cues = append(cues, ffmpeg.PictureCue{Start: c.Start, End: c.End})
		select {
		case jobs <- j:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, nil, err
	}
	var out []subtitle.Cue
	unread := 0
	for i, c := range cues {
		r := results[i]
		unread += r.unread
		if r.text != "" {
			out = append(out, subtitle.Cue{Start: c.Start, End: c.End, Text: r.text})
		}
	}
	if unread > 0 {
		warnings = append(warnings, fmt.Sprintf("%d subtitle pictures could not be read", unread))
	}
	return out, warnings, nil
}

// cueText is what was read of one cue: its lines, and how many of its pictures could not be.
type cueText struct {
	text   string
	unread int
}

// readCue reads one cue's pictures, top to bottom (a sign at the top, then the dialogue).
func readCue(r *ocr.Reader, c ffmpeg.PictureCue) (res cueText) {
	pics := append([]ffmpeg.SubPicture(nil), c.Pictures...)
	sort.SliceStable(pics, func(i, j int) bool { return pics[i].Y < pics[j].Y })
	var lines []string
	for _, p := range pics {
		text, err := r.Read(p.Image)
		if err != nil {
			res.unread++
			continue
		}
		if text != "" {
			lines = append(lines, text)
		}
	}
	res.text = strings.Join(lines, "\n")
	return res
}
