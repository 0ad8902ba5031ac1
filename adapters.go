package main

import (
	"context"
	"fmt"
	"image"
	"path/filepath"
	"time"

	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/demo"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
)

// demoEncoder draws the demo films with the synthetic film encoder: a fade-in, then the shots.
// One x264 thread per film keeps the files the same on every machine (demo.Write runs two
// films at a time).
type demoEncoder struct{}

func (demoEncoder) EncodeFilm(ctx context.Context, path string, f demo.Film) error {
	spec := ffmpeg.FilmSpec{Width: 640, Height: 360, FPS: 30, Title: f.Title, FadeIn: 800 * time.Millisecond, Threads: 1}
	for _, s := range f.Shots {
		spec.Scenes = append(spec.Scenes, ffmpeg.SceneSpec{Duration: s.Duration, Seed: s.Seed})
	}
	return ffmpeg.Encode(ctx, path, spec)
}

// ffmpegProber is the library scanner's view of player/ffmpeg.
type ffmpegProber struct{}

func (ffmpegProber) Probe(ctx context.Context, path string) (player.MediaInfo, error) {
	return ffmpeg.Probe(ctx, path)
}

// posterFramer takes the keyframe a third of the way into a film, at a poster's height.
type posterFramer struct{}

func (posterFramer) PosterFrame(ctx context.Context, path string, height int) (image.Image, error) {
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
	img, _, err := r.KeyframeAt(info.Duration/3, nil, height*w/h)
	return img, err
}

// library is the app's view of the films in the user's folders.
type library struct {
	roots   func() []string
	posters *index.Posters
}

func newLibrary(p places, roots func() []string) *library {
	return &library{roots: roots, posters: &index.Posters{Dir: filepath.Join(p.Cache, "posters"), Framer: posterFramer{}}}
}

func (l *library) Films(ctx context.Context) ([]index.Film, []index.Warning, error) {
	return index.ListFilms(ctx, l.roots())
}

func (l *library) PosterPath(ctx context.Context, f index.Film) (string, error) {
	return l.posters.Path(ctx, f)
}
