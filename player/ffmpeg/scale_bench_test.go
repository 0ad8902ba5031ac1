package ffmpeg

import (
	"image"
	"testing"

	"github.com/asticode/go-astiav"
)

func benchSource(b *testing.B) *astiav.Frame {
	src := astiav.AllocFrame()
	src.SetWidth(1920)
	src.SetHeight(1080)
	src.SetPixelFormat(astiav.PixelFormatYuv420P)
	if err := src.AllocBuffer(32); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		rows := 1080
		if i > 0 {
			rows = 540
		}
		pl, _, err := writablePlane(src, i, rows)
		if err != nil {
			b.Fatal(err)
		}
		for j := range pl {
			pl[j] = byte(j * 7 / 3)
		}
	}
	return src
}

// BenchmarkScaleToView compares ways to turn a decoded 1080p picture into the RGBA the view
// shows at 1280×720: one scaled conversion (plain C in swscale) against a YUV resize followed
// by a same-size conversion (both SIMD); BenchmarkViewScaler is the path playback uses.
func BenchmarkScaleToView(b *testing.B) {
	for _, tc := range []struct {
		name string
		flag astiav.SoftwareScaleContextFlag
		two  bool
	}{
		{"bilinear", astiav.SoftwareScaleContextFlagBilinear, false},
		{"fastbilinear", astiav.SoftwareScaleContextFlagFastBilinear, false},
		{"twostep-bilinear", astiav.SoftwareScaleContextFlagBilinear, true},
		{"twostep-fastbilinear", astiav.SoftwareScaleContextFlagFastBilinear, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			src := benchSource(b)
			defer src.Free()
			s1, s2 := newScaler(tc.flag), newScaler(tc.flag)
			defer s1.Close()
			defer s2.Close()
			dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
			for b.Loop() {
				if tc.two {
					mid, err := s1.scale(src, 1280, 720, astiav.PixelFormatYuv420P)
					if err != nil {
						b.Fatal(err)
					}
					if err := s2.toRGBA(mid, dst); err != nil {
						b.Fatal(err)
					}
				} else if err := s1.toRGBA(src, dst); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkViewScaler(b *testing.B) {
	src := benchSource(b)
	defer src.Free()
	var v viewScaler
	defer v.Close()
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 720))
	for b.Loop() {
		if err := v.scale(src, dst); err != nil {
			b.Fatal(err)
		}
	}
}
