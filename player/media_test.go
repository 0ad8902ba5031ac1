package player

import "testing"

func TestFit(t *testing.T) {
	tests := []struct {
		name       string
		s          Stream
		w, h       int
		wantW, wnt int
	}{
		{"downscale 1080p into 720p", Stream{Width: 1920, Height: 1080}, 1280, 720, 1280, 720},
		{"upscale to the view", Stream{Width: 640, Height: 360}, 1280, 720, 1280, 720},
		{"pillarbox", Stream{Width: 640, Height: 480}, 1280, 360, 480, 360},
		{"2:1 pixels widen", Stream{Width: 320, Height: 240, SAR: Ratio{Num: 2, Den: 1}}, 1280, 720, 1280, 480},
		{"rotated phone", Stream{Width: 1280, Height: 720, Rotation: 90}, 1280, 720, 405, 720},
	}
	for _, tt := range tests {
		gw, gh := tt.s.Fit(tt.w, tt.h)
		if gw != tt.wantW || gh != tt.wnt {
			t.Errorf("%s: got %dx%d, want %dx%d", tt.name, gw, gh, tt.wantW, tt.wnt)
		}
	}
}
