package ffmpeg

/*
#cgo pkg-config: libswscale libavutil
#include <libswscale/swscale.h>
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>

// reel_scale_into scales src into a packed RGBA buffer the caller owns (Go memory holding no
// Go pointers): the pointer array sws_scale wants lives on the C stack.
static int reel_scale_into(struct SwsContext *c, AVFrame *src, uint8_t *dst, int stride) {
	uint8_t *planes[4] = {dst, NULL, NULL, NULL};
	int strides[4] = {stride, 0, 0, 0};
	return sws_scale(c, (const uint8_t *const *)src->data, src->linesize, 0, src->height, planes, strides);
}

static int reel_scale_frame(struct SwsContext *c, AVFrame *src, AVFrame *dst) {
	return sws_scale(c, (const uint8_t *const *)src->data, src->linesize, 0, src->height, dst->data, dst->linesize);
}

static struct SwsContext *reel_cached(struct SwsContext *c, int sw, int sh, int sf, int dw, int dh, int df, int flags) {
	return sws_getCachedContext(c, sw, sh, (enum AVPixelFormat)sf, dw, dh, (enum AVPixelFormat)df, flags, NULL, NULL, NULL);
}

static AVFrame *reel_alloc_picture(int w, int h, int fmt) {
	AVFrame *f = av_frame_alloc();
	if (!f) return NULL;
	f->width = w; f->height = h; f->format = fmt;
	if (av_frame_get_buffer(f, 32) < 0) { av_frame_free(&f); return NULL; }
	return f;
}

static void reel_free_picture(AVFrame *f) { av_frame_free(&f); }
static int reel_bilinear(void) { return SWS_BILINEAR; }
static int reel_yuv420p(void) { return AV_PIX_FMT_YUV420P; }
static int reel_rgba(void) { return AV_PIX_FMT_RGBA; }
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"unsafe"

	"github.com/asticode/go-astiav"
)

// viewScaler turns decoded pictures into RGBA at the view's size, written straight into the
// Go-owned image (no copy). A downscale goes in two steps, both with SIMD in swscale: resize in
// YUV 4:2:0 (1.5 bytes a pixel), then convert to RGBA at the same size. That is about 1.5×
// faster than one scaled conversion to RGBA, which swscale does in plain C.
type viewScaler struct {
	down, rgb *C.struct_SwsContext
	mid       *C.AVFrame
}

func (v *viewScaler) Close() {
	C.sws_freeContext(v.down)
	C.sws_freeContext(v.rgb)
	if v.mid != nil {
		C.reel_free_picture(v.mid)
	}
	v.down, v.rgb, v.mid = nil, nil, nil
}

// scale writes src into dst, whose size it keeps.
func (v *viewScaler) scale(src *astiav.Frame, dst *image.RGBA) error {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	if dst.Stride != 4*w || w < 2 || h < 2 {
		return fmt.Errorf("view picture %dx%d with stride %d", w, h, dst.Stride)
	}
	cs := (*C.AVFrame)(src.UnsafePointer())
	sw, sh, sf := src.Width(), src.Height(), int(src.PixelFormat())
	in := cs
	if sw != w || sh != h {
		yuv := int(C.reel_yuv420p())
		v.down = C.reel_cached(v.down, C.int(sw), C.int(sh), C.int(sf), C.int(w), C.int(h), C.int(yuv), C.reel_bilinear())
		if v.down == nil {
			return fmt.Errorf("scale %dx%d %s to %dx%d", sw, sh, src.PixelFormat(), w, h)
		}
		if v.mid == nil || int(v.mid.width) != w || int(v.mid.height) != h {
			if v.mid != nil {
				C.reel_free_picture(v.mid)
			}
			if v.mid = C.reel_alloc_picture(C.int(w), C.int(h), C.int(yuv)); v.mid == nil {
				return errors.New("allocate scaled picture")
			}
		}
		if C.reel_scale_frame(v.down, cs, v.mid) < 0 {
			return errors.New("scale picture")
		}
		in, sf = v.mid, yuv
	}
	v.rgb = C.reel_cached(v.rgb, C.int(w), C.int(h), C.int(sf), C.int(w), C.int(h), C.reel_rgba(), C.reel_bilinear())
	if v.rgb == nil {
		return fmt.Errorf("convert %s to RGBA", src.PixelFormat())
	}
	if C.reel_scale_into(v.rgb, in, (*C.uint8_t)(unsafe.Pointer(&dst.Pix[0])), C.int(dst.Stride)) < 0 {
		return errors.New("convert picture to RGBA")
	}
	return nil
}
