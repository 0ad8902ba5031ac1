package ffmpeg

import (
	"bufio"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
)

// KeyframeOptions set up Keyframes.
type KeyframeOptions struct {
	Width   int // thumbnail width in pixels (default 320); the height keeps the display aspect
	Quality int // JPEG quality 1–100 (default 80)
}

// Keyframes writes a JPEG thumbnail of every keyframe of path's video into outDir, named
// kf-0001.jpg, kf-0002.jpg, … in order, and returns them with their times. Only keyframes are
// read and decoded: the decoder is opened with skip_frame=nokey and non-key packets are dropped
// before they reach it.
func Keyframes(ctx context.Context, path, outDir string, opt KeyframeOptions) ([]player.Keyframe, error) {
	if opt.Width <= 0 {
		opt.Width = 320
	}
	if opt.Quality <= 0 {
		opt.Quality = 80
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, fmt.Errorf("keyframes of %s: %w", path, err)
	}
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("keyframes of %s: %w", path, err)
	}
	defer in.Close()
	s, err := in.videoStream()
	if err != nil {
		return nil, fmt.Errorf("keyframes of %s: %w", path, err)
	}
	dec, err := openDecoder(s, decodeOptions{keyframesOnly: true})
	if err != nil {
		return nil, fmt.Errorf("keyframes of %s: %w", path, err)
	}
	defer func() {
		if dec != nil {
			dec.Close()
		}
	}()
	sc := newScaler(astiav.SoftwareScaleContextFlagBilinear)
	defer sc.Close()

	sar := s.SampleAspectRatio()
	or := &orienter{sc: sc, rotation: rotation(s)}
	var (
		img *image.RGBA
		out []player.Keyframe
		enc = &jpegWriter{quality: opt.Quality}
	)
	write := func(f *astiav.Frame) error {
		w, h := displaySize(f, sar, or.rotation, opt.Width)
		img = resize(img, w, h)
		if err := or.toRGBA(f, img); err != nil {
			return err
		}
		name := filepath.Join(outDir, fmt.Sprintf("kf-%04d.jpg", len(out)+1))
		if err := enc.write(name, img); err != nil {
			return err
		}
		out = append(out, player.Keyframe{Time: toDuration(dec.pts(f), dec.tb), Path: name})
		return nil
	}
	err = dec.run(in, true, write)
	if err == nil && len(out) == 0 {
		// The container flags no packet as a keyframe (some broken transport streams): let the
		// decoder, which still skips everything but keyframes, judge from the bitstream.
		if err = in.seek(s.Index(), startTime(s), astiav.NewSeekFlags(astiav.SeekFlagBackward)); err == nil {
			old := dec
			dec = nil
			old.Close()
			if dec, err = openDecoder(s, decodeOptions{keyframesOnly: true}); err == nil {
				err = dec.run(in, false, write)
			}
		}
	}
	if err != nil {
		return out, fmt.Errorf("keyframes of %s: %w", path, err)
	}
	return out, nil
}

// jpegWriter writes JPEG files through one reused buffered writer.
type jpegWriter struct {
	quality int
	bw      *bufio.Writer
}

func (j *jpegWriter) write(name string, img image.Image) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if j.bw == nil {
		j.bw = bufio.NewWriterSize(f, 64<<10)
	} else {
		j.bw.Reset(f)
	}
	err = jpeg.Encode(j.bw, img, &jpeg.Options{Quality: j.quality})
	if err == nil {
		err = j.bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
