package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"github.com/asticode/go-astiav"
)

// Reader takes pictures from one film at exact times. It keeps the container, the scaler and
// its own buffers open between calls, so a sequence of FrameAt calls allocates nothing per
// frame. A Reader belongs to one goroutine.
type Reader struct {
	in     *input
	stream *astiav.Stream
	sc     *scaler
	or     *orienter
	sar    astiav.Rational
}

// OpenReader opens path for FrameAt calls. ctx bounds the open and every later read: when it
// ends, FFmpeg's I/O is interrupted.
func OpenReader(ctx context.Context, path string) (*Reader, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s, err := in.videoStream()
	if err != nil {
		in.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sar := s.SampleAspectRatio()
	if sar.Num() <= 0 {
		sar = s.CodecParameters().SampleAspectRatio()
	}
	sc := newScaler(astiav.SoftwareScaleContextFlagBilinear)
	return &Reader{in: in, stream: s, sc: sc, or: &orienter{sc: sc, rotation: rotation(s)}, sar: sar}, nil
}

// Close frees everything the reader holds.
func (r *Reader) Close() {
	r.sc.Close()
	r.in.Close()
}

// FrameAt decodes the frame shown at t (the last frame whose time is at or before t) and scales
// it into dst, whose size it keeps, upright (rotation applied). With a nil dst it allocates one
// as wide as width with the film's display aspect. It returns the image and the frame's own time.
func (r *Reader) FrameAt(t time.Duration, dst *image.RGBA, width int) (*image.RGBA, time.Duration, error) {
	return r.frame(t, dst, width, false)
}

// KeyframeAt is FrameAt's fast cousin: the keyframe at or before t, decoding nothing else.
func (r *Reader) KeyframeAt(t time.Duration, dst *image.RGBA, width int) (*image.RGBA, time.Duration, error) {
	return r.frame(t, dst, width, true)
}

func (r *Reader) frame(t time.Duration, dst *image.RGBA, width int, keyOnly bool) (*image.RGBA, time.Duration, error) {
	tb := r.stream.TimeBase()
	target := fromDuration(t, tb) + startTime(r.stream)
	if err := r.in.seek(r.stream.Index(), target, astiav.NewSeekFlags(astiav.SeekFlagBackward)); err != nil {
		// Some files cannot seek; reading from where we are is still right for t near 0.
		if t > time.Second {
			return nil, 0, r.in.wrap(fmt.Sprintf("seek to %v", t), err)
		}
	}
	opt := decodeOptions{keyframesOnly: keyOnly}
	if keyOnly {
		opt.threads = 1 // one picture: frame threads would only hold more frames (posters are made dozens a second)
	}
	dec, err := openDecoder(r.stream, opt)
	if err != nil {
		return nil, 0, err
	}
	defer dec.Close()

	want := target - startTime(r.stream)
	held := astiav.AllocFrame() // the latest frame at or before t
	defer held.Free()
	var heldPTS int64
	have := false
	err = dec.run(r.in, keyOnly, func(f *astiav.Frame) error {
		pts := dec.pts(f)
		if keyOnly || !have || pts <= want {
			held.Unref()
			if err := held.Ref(f); err != nil {
				return err
			}
			heldPTS, have = pts, true
		}
		if keyOnly || pts >= want {
			return errStop
		}
		return nil
	})
	// A film that stops part of the way (ErrIncomplete) is like one that ends: the last picture
	// before t is the one shown at t.
	if err != nil && !(have && errors.Is(err, ErrIncomplete)) {
		return nil, 0, err
	}
	if !have {
		return nil, 0, fmt.Errorf("no picture at %v", t)
	}
	if dst == nil {
		w, h := displaySize(held, r.sar, r.or.rotation, width)
		dst = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	if err := r.or.toRGBA(held, dst); err != nil {
		return nil, 0, err
	}
	return dst, toDuration(heldPTS, tb), nil
}

// FrameAt opens path, takes the picture shown at t, width pixels wide, and closes the file.
func FrameAt(ctx context.Context, path string, t time.Duration, width int) (*image.RGBA, error) {
	r, err := OpenReader(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	img, _, err := r.FrameAt(t, nil, width)
	if err != nil {
		return nil, fmt.Errorf("frame of %s at %v: %w", path, t, err)
	}
	return img, nil
}
