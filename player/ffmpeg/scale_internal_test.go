package ffmpeg

import (
	"image"
	"testing"
)

// A 2x1 picture [A B] turned clockwise by 90° stands as [A over B]... read clockwise: the left
// pixel goes to the top.
func TestRotate(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 2, 1))
	src.Pix[0], src.Pix[4] = 'A', 'B'
	tests := []struct {
		deg  int
		w, h int
		want string // the first byte of each pixel, row by row
	}{
		{90, 1, 2, "AB"},
		{180, 2, 1, "BA"},
		{270, 1, 2, "BA"},
	}
	for _, tt := range tests {
		dst := image.NewRGBA(image.Rect(0, 0, tt.w, tt.h))
		rotate(src, dst, tt.deg)
		got := string([]byte{dst.Pix[0], dst.Pix[4]})
		if got != tt.want {
			t.Errorf("rotate %d: %q, want %q", tt.deg, got, tt.want)
		}
	}
}
