package ffmpeg

import (
	"image"
	"testing"

	"github.com/asticode/go-astiav"
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

func TestPacketText(t *testing.T) {
	tests := []struct {
		codec astiav.CodecID
		in    []byte
		want  string
	}{
		{astiav.CodecIDSubrip, []byte("<i>Hi</i>"), "<i>Hi</i>"},
		{astiav.CodecIDMovText, append([]byte{0, 5}, "Hello\x00\x00\x00\x0cstyl..."...), "Hello"},
		{astiav.CodecIDMovText, []byte{0, 40, 'H'}, "H"}, // a length past the end is cut to what is there
		{astiav.CodecIDMovText, []byte{1}, ""},
		{astiav.CodecIDAss, []byte(`3,0,Default,,0,0,0,,{\i1}Left, right\Nnext`), "{\\i1}Left, right\nnext"},
		{astiav.CodecIDWebvtt, []byte("cue text"), "cue text"},
	}
	for _, tt := range tests {
		if got := packetText(tt.codec, tt.in); got != tt.want {
			t.Errorf("packetText(%s, %q) = %q, want %q", tt.codec.Name(), tt.in, got, tt.want)
		}
	}
}
