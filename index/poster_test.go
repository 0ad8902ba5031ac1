package index

import (
	"image"
	"image/color"
	"testing"
)

func TestCropPoster(t *testing.T) {
	wide := image.NewRGBA(image.Rect(0, 0, 640, 360))
	wide.Set(320, 180, color.RGBA{R: 200, A: 255}) // the middle
	gray := image.NewGray(image.Rect(0, 0, 640, 360))
	gray.Set(320, 180, color.Gray{Y: 200})
	narrow := image.NewRGBA(image.Rect(0, 0, 200, 360))
	for _, tt := range []struct {
		name         string
		img          image.Image
		wantW, wantH int
	}{
		{"16:9 RGBA, cut in place", wide, 240, 360},
		{"16:9 gray, copied", gray, 240, 360},
		{"narrower than 2:3, whole", narrow, 200, 360},
	} {
		got := CropPoster(tt.img)
		b := got.Bounds()
		if b.Dx() != tt.wantW || b.Dy() != tt.wantH {
			t.Errorf("%s: %dx%d, want %dx%d", tt.name, b.Dx(), b.Dy(), tt.wantW, tt.wantH)
			continue
		}
		if tt.img != narrow {
			r, _, _, _ := got.At(b.Min.X+b.Dx()/2, b.Min.Y+b.Dy()/2).RGBA()
			if r>>8 < 190 {
				t.Errorf("%s: the middle of the picture is not the middle of the poster", tt.name)
			}
		}
	}
}
