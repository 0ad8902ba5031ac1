package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"time"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/scenecut"
)

// SceneOptions set up DetectScenes.
type SceneOptions struct {
	// ThumbDir, when set, receives one JPEG per scene (scene-001.jpg, …).
	ThumbDir   string
	ThumbWidth int // default 320
	Detector   scenecut.Options
	// LoopFilter keeps the decoder's in-loop deblocking filter on. It is off by default: the
	// detector compares 192-pixel-wide frames, where deblocking changes nothing it can see, and
	// skipping it makes H.264 and HEVC decode markedly faster.
	LoopFilter bool
	Threads    int // decoder threads; 0 means one per core, at most 4
	// Report, if set, is called on the calling goroutine about every 50 frames.
	Report func(SceneProgress)
}

// SceneProgress is how far DetectScenes has got.
type SceneProgress struct {
	Position time.Duration // time of the frame just decoded
	Duration time.Duration // the film's length, 0 when the container does not say
	Frames   int64         // frames decoded so far
	Scenes   int           // scenes found so far
}

// SceneResult is what DetectScenes found.
type SceneResult struct {
	FPS      float64
	Frames   int64
	Duration time.Duration
	Scenes   []player.Scene
}

// blackLuma is the mean luma (0–255; video black is 16) under which a frame is black: a scene
// that starts after one comes out of black.
const blackLuma = 24

// smallWidth is the width of the frames the detector compares (PySceneDetect works at ~256).
const smallWidth = 192

// DetectScenes decodes every frame of path's video once and splits it into scenes at hard cuts
// (see package scenecut). With opt.ThumbDir set it also writes each scene's representative
// thumbnail, chosen during the same pass.
func DetectScenes(ctx context.Context, path string, opt SceneOptions) (SceneResult, error) {
	res, err := detectScenes(ctx, path, opt)
	if err != nil {
		return res, fmt.Errorf("scenes of %s: %w", path, err)
	}
	return res, nil
}

func detectScenes(ctx context.Context, path string, opt SceneOptions) (SceneResult, error) {
	var res SceneResult
	if opt.ThumbWidth <= 0 {
		opt.ThumbWidth = 320
	}
	if opt.ThumbDir != "" {
		if err := os.MkdirAll(opt.ThumbDir, 0o755); err != nil {
			return res, err
		}
	}
	in, err := openInput(ctx, path)
	if err != nil {
		return res, err
	}
	defer in.Close()
	s, err := in.videoStream()
	if err != nil {
		return res, err
	}
	res.FPS = frameRate(s)
	dec, err := openDecoder(s, decodeOptions{skipLoopFilter: !opt.LoopFilter, threads: opt.Threads})
	if err != nil {
		return res, err
	}
	defer dec.Close()

	j := &sceneJob{
		opt:   opt,
		det:   scenecut.New(opt.Detector),
		small: newScaler(astiav.SoftwareScaleContextFlagFastBilinear),
		thumb: &orienter{sc: newScaler(astiav.SoftwareScaleContextFlagBilinear), rotation: rotation(s)},
		sar:   s.SampleAspectRatio(),
		tb:    dec.tb,
		jpeg:  &jpegWriter{quality: 82},
	}
	defer j.close()
	if opt.ThumbDir != "" {
		j.full = make([]*astiav.Frame, opt.Detector.Delay()+1)
		for i := range j.full {
			j.full[i] = astiav.AllocFrame()
		}
	}
	var last time.Duration
	total := time.Duration(0)
	if d := in.fc.Duration(); d > 0 {
		total = avTime(d)
	}
	err = dec.run(in, false, func(f *astiav.Frame) error {
		last = toDuration(dec.pts(f), dec.tb)
		if err := j.push(f, last); err != nil {
			return err
		}
		if opt.Report != nil && j.n%50 == 0 {
			opt.Report(SceneProgress{Position: last, Duration: total, Frames: j.n, Scenes: len(j.scenes)})
		}
		return nil
	})
	// A film that stops part of the way in (ErrIncomplete) has its scenes up to there, with
	// the error that says where it stops.
	incomplete := err
	if err != nil && !errors.Is(err, ErrIncomplete) {
		return res, err
	}
	for _, d := range j.det.Flush() {
		if err := j.decide(d); err != nil {
			return res, err
		}
	}
	end := last
	if res.FPS > 0 {
		end += time.Duration(float64(time.Second) / res.FPS)
	}
	if err := j.finish(end); err != nil {
		return res, err
	}
	res.Frames = j.n
	res.Duration = end
	res.Scenes = j.scenes
	if j.n == 0 {
		return res, fmt.Errorf("no frame could be decoded")
	}
	return res, incomplete
}

type sceneJob struct {
	opt    SceneOptions
	det    *scenecut.Detector
	small  *scaler
	thumb  *orienter
	sar    astiav.Rational
	tb     astiav.Rational
	jpeg   *jpegWriter
	buf    []byte
	sw, sh int
	n      int64
	full   []*astiav.Frame // references to the last frames, indexed by frame number

	picker  scenecut.Picker
	dark    bool // the last frame decided was black
	scenes  []player.Scene
	best    *image.RGBA
	bestAt  time.Duration
	hasBest bool
}

func (j *sceneJob) close() {
	j.small.Close()
	j.thumb.sc.Close()
	for _, f := range j.full {
		f.Free()
	}
}

func (j *sceneJob) push(f *astiav.Frame, pts time.Duration) error {
	if j.sw == 0 {
		j.sw, j.sh = displaySize(f, j.sar, 0, min(smallWidth, max(f.Width()&^1, 2)))
	}
	sf, err := j.small.scale(f, j.sw, j.sh, astiav.PixelFormatYuv420P)
	if err != nil {
		return err
	}
	cw, ch := (j.sw+1)/2, (j.sh+1)/2
	size := j.sw*j.sh + 2*cw*ch
	if cap(j.buf) < size {
		j.buf = make([]byte, size)
	}
	j.buf = j.buf[:size]
	if _, err := sf.ImageCopyToBuffer(j.buf, 1); err != nil {
		return fmt.Errorf("copy small frame: %w", err)
	}
	if j.full != nil {
		slot := j.full[j.n%int64(len(j.full))]
		slot.Unref()
		if err := slot.Ref(f); err != nil {
			return fmt.Errorf("keep frame: %w", err)
		}
	}
	y := j.sw * j.sh
	small := scenecut.Frame{PTS: pts, W: j.sw, H: j.sh, CW: cw, CH: ch,
		Y: j.buf[:y], U: j.buf[y : y+cw*ch], V: j.buf[y+cw*ch:]}
	j.n++
	d, ok, err := j.det.Push(&small)
	if err != nil {
		return err
	}
	if ok {
		return j.decide(d)
	}
	return nil
}

// decide takes the detector's verdict on one frame: a cut closes the current scene; every frame
// is offered to the thumbnail picker.
func (j *sceneJob) decide(d scenecut.Decision) error {
	dark := d.Stats.MeanLuma < blackLuma
	// A fade out to black and back in is a boundary at the first frame of the new picture (the
	// detector marks it): the black frames end the scene before.
	wasDark := j.dark
	j.dark = dark
	if d.Frame == 0 || d.Cut {
		if d.Frame > 0 {
			if err := j.finish(d.PTS); err != nil {
				return err
			}
		}
		j.scenes = append(j.scenes, player.Scene{Index: len(j.scenes), Start: d.PTS, StartFrame: d.Frame, Black: dark || wasDark})
		j.picker.Reset(d.PTS)
		j.hasBest = false
	}
	if j.full == nil || !j.picker.Consider(d) {
		return nil
	}
	f := j.full[d.Frame%int64(len(j.full))]
	w, h := displaySize(f, j.sar, j.thumb.rotation, j.opt.ThumbWidth)
	j.best = resize(j.best, w, h)
	if err := j.thumb.toRGBA(f, j.best); err != nil {
		return err
	}
	j.bestAt, j.hasBest = d.PTS, true
	return nil
}

// finish closes the current scene at end and writes its thumbnail.
func (j *sceneJob) finish(end time.Duration) error {
	if len(j.scenes) == 0 {
		return nil
	}
	sc := &j.scenes[len(j.scenes)-1]
	sc.End = end
	if j.hasBest && j.opt.ThumbDir != "" {
		name := filepath.Join(j.opt.ThumbDir, fmt.Sprintf("scene-%03d.jpg", sc.Index+1))
		if err := j.jpeg.write(name, j.best); err != nil {
			return err
		}
		sc.Thumb, sc.ThumbAt = name, j.bestAt
		j.hasBest = false
	}
	return nil
}
