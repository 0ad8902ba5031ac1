package ffmpeg

import (
	"fmt"
	"image"

	"github.com/asticode/go-astiav"
)

// scaler converts decoded frames to another size and pixel format, reusing its context and its
// output frame while the input and output shapes stay the same.
type scaler struct {
	ssc   *astiav.SoftwareScaleContext
	dst   *astiav.Frame
	key   [6]int
	flags astiav.SoftwareScaleContextFlags
}

func newScaler(flag astiav.SoftwareScaleContextFlag) *scaler {
	return &scaler{dst: astiav.AllocFrame(), flags: astiav.NewSoftwareScaleContextFlags(flag)}
}

func (s *scaler) Close() {
	if s.ssc != nil {
		s.ssc.Free()
	}
	s.dst.Free()
}

// scale converts src to w×h in pixel format pf; the result is valid until the next call.
func (s *scaler) scale(src *astiav.Frame, w, h int, pf astiav.PixelFormat) (*astiav.Frame, error) {
	key := [6]int{src.Width(), src.Height(), int(src.PixelFormat()), w, h, int(pf)}
	if s.ssc == nil || key != s.key {
		if s.ssc != nil {
			s.ssc.Free()
			s.ssc = nil
		}
		ssc, err := astiav.CreateSoftwareScaleContext(src.Width(), src.Height(), src.PixelFormat(), w, h, pf, s.flags)
		if err != nil {
			return nil, fmt.Errorf("scale %dx%d %s to %dx%d: %w", src.Width(), src.Height(), src.PixelFormat(), w, h, err)
		}
		s.ssc, s.key = ssc, key
		s.dst.Unref()
		s.dst.SetWidth(w)
		s.dst.SetHeight(h)
		s.dst.SetPixelFormat(pf)
		if err := s.dst.AllocBuffer(1); err != nil {
			return nil, fmt.Errorf("allocate %dx%d frame: %w", w, h, err)
		}
	}
	if err := s.ssc.ScaleFrame(src, s.dst); err != nil {
		return nil, fmt.Errorf("scale: %w", err)
	}
	return s.dst, nil
}

// toRGBA scales src into dst, which keeps its size; dst's pixels are overwritten in place.
func (s *scaler) toRGBA(src *astiav.Frame, dst *image.RGBA) error {
	b := dst.Bounds()
	f, err := s.scale(src, b.Dx(), b.Dy(), astiav.PixelFormatRgba)
	if err != nil {
		return err
	}
	if dst.Stride != 4*b.Dx() {
		return fmt.Errorf("rgba stride %d for width %d", dst.Stride, b.Dx())
	}
	if _, err := f.ImageCopyToBuffer(dst.Pix, 1); err != nil {
		return fmt.Errorf("copy pixels: %w", err)
	}
	return nil
}

// fitWidth returns the size of a picture w pixels wide with the display aspect of the source
// frame (sample aspect ratio applied), rounded to even numbers.
func fitWidth(src *astiav.Frame, sar astiav.Rational, w int) (int, int) {
	sw, sh := src.Width(), src.Height()
	aspect := float64(sw) / float64(sh)
	if sar.Num() > 0 && sar.Den() > 0 {
		aspect *= sar.Float64()
	}
	h := int(float64(w)/aspect+0.5) &^ 1
	return w &^ 1, max(h, 2)
}

// resize reuses img when it already has the size.
func resize(img *image.RGBA, w, h int) *image.RGBA {
	if img != nil && img.Rect.Dx() == w && img.Rect.Dy() == h {
		return img
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}
