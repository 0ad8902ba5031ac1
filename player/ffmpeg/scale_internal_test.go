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

// Whatever size a file claims, a thumbnail fits its box: w wide, at most 2w tall, even sides
// of at least 2.
func TestFitBox(t *testing.T) {
	sq := astiav.NewRational(1, 1)
	for _, tt := range []struct {
		pw, ph, rot  int
		sar          astiav.Rational
		w            int
		wantW, wantH int
	}{
		{1920, 1080, 0, sq, 320, 320, 180},
		{1920, 1080, 90, sq, 320, 320, 568}, // portrait: within the box, 2w tall
		{8192, 8, 90, sq, 320, 2, 640},      // asked for 320×327680 before
		{8192, 8, 0, sq, 320, 320, 2},
		{17, 4097, 0, sq, 320, 2, 640},
		{1, 1, 0, sq, 320, 320, 320},
		{1, 1, 0, sq, 1, 2, 2},
		{0, 0, 0, sq, 320, 320, 320},                             // no size: square
		{720, 576, 0, astiav.NewRational(16, 11), 320, 320, 176}, // anamorphic PAL
		{720, 576, 0, astiav.NewRational(0, 1), 320, 320, 256},   // no aspect: square pixels
	} {
		w, h := fitBox(tt.pw, tt.ph, tt.sar, tt.rot, tt.w)
		if w != tt.wantW || h != tt.wantH {
			t.Errorf("fitBox(%dx%d, sar %v, rot %d, %d) = %dx%d, want %dx%d", tt.pw, tt.ph, tt.sar, tt.rot, tt.w, w, h, tt.wantW, tt.wantH)
		}
	}
}
