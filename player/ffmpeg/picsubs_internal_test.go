package ffmpeg

import "testing"

// A PGS packet is a whole display set or damage: FFmpeg's decoder takes a cut one silently.
func TestPGSIntact(t *testing.T) {
	pcs := []byte{0x16, 0, 2, 1, 2}
	end := []byte{0x80, 0, 0}
	whole := append(append([]byte{}, pcs...), end...)
	tests := []struct {
		name string
		b    []byte
		want bool
	}{
		{"presentation and end", whole, true},
		{"no end segment", pcs, false},
		{"cut inside a segment", whole[:4], false},
		{"a length past the end", []byte{0x16, 0xff, 0xf0, 1, 0x80, 0, 0}, false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		if got := pgsIntact(tt.b); got != tt.want {
			t.Errorf("%s: pgsIntact = %v, want %v", tt.name, got, tt.want)
		}
	}
}
