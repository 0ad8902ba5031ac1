package ffmpeg

import (
	"fmt"
	"image"
	"math"

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

// orienter scales frames to RGBA in their display orientation: a film with a 90° or 270°
// display matrix (a phone held upright) comes out upright. It reuses its buffers.
type orienter struct {
	sc       *scaler
	rotation int // clockwise degrees: 0, 90, 180, 270
	tmp      *image.RGBA
}

// toRGBA scales src into dst, which keeps its (display) size.
func (o *orienter) toRGBA(src *astiav.Frame, dst *image.RGBA) error {
	if o.rotation == 0 {
		return o.sc.toRGBA(src, dst)
	}
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	if o.rotation != 180 {
		w, h = h, w
	}
	o.tmp = resize(o.tmp, w, h)
	if err := o.sc.toRGBA(src, o.tmp); err != nil {
		return err
	}
	rotate(o.tmp, dst, o.rotation)
	return nil
}

// rotate turns src clockwise by deg (90, 180 or 270) into dst, which has the turned size.
func rotate(src, dst *image.RGBA, deg int) {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	for y := 0; y < sh; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+4*sw]
		for x := 0; x < sw; x++ {
			var dx, dy int
			switch deg {
			case 90:
				dx, dy = sh-1-y, x
			case 180:
				dx, dy = sw-1-x, sh-1-y
			default: // 270
				dx, dy = y, sw-1-x
			}
			copy(dst.Pix[dy*dst.Stride+4*dx:dy*dst.Stride+4*dx+4], row[4*x:4*x+4])
		}
	}
}

// displaySize is the size of the frame as shown, w pixels wide: sample aspect ratio applied,
// then the clockwise rotation; the height is rounded to an even number.
func displaySize(src *astiav.Frame, sar astiav.Rational, rotation, w int) (int, int) {
	return fitBox(src.Width(), src.Height(), sar, rotation, w)
}

// fitBox is displaySize for a picture of pw×ph: w wide, or, for a picture taller than twice its
// width once shown (a rotated sliver), 2w tall; both sides even and at least 2. Every size a
// file claims gives a bounded picture.
func fitBox(pw, ph int, sar astiav.Rational, rotation, w int) (int, int) {
	w = max(w&^1, 2)
	aspect := 1.0
	if pw > 0 && ph > 0 {
		aspect = float64(pw) / float64(ph)
	}
	if sar.Num() > 0 && sar.Den() > 0 {
		aspect *= sar.Float64()
	}
	if rotation == 90 || rotation == 270 {
		aspect = 1 / aspect
	}
	if !(aspect > 0) || math.IsInf(aspect, 0) {
		aspect = 1
	}
	h := float64(w) / aspect
	if h > float64(2*w) {
		return max(int(float64(2*w)*aspect+0.5)&^1, 2), 2 * w
	}
	return w, max(int(h+0.5)&^1, 2)
}

// resize reuses img when it already has the size.
func resize(img *image.RGBA, w, h int) *image.RGBA {
	if img != nil && img.Rect.Dx() == w && img.Rect.Dy() == h {
		return img
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}
