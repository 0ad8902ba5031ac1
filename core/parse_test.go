package core

import (
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true},
		{"90", 90 * time.Second, true},
		{"90.5", 90500 * time.Millisecond, true},
		{"1:30", 90 * time.Second, true},
		{"0:01:30", 90 * time.Second, true},
		{"1:00:00", time.Hour, true},
		{"1:2:3:4", 0, false},
		{"-5", 0, false},
		{"a:10", 0, false},
		{"1:", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e10", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		w, h int
		ok   bool
	}{
		{"1280x720", 1280, 720, true},
		{"640X360", 640, 360, true},
		{"15x720", 0, 0, false},
		{"1280", 0, 0, false},
		{"x", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		w, h, err := ParseSize(tt.in)
		if w != tt.w || h != tt.h || (err == nil) != tt.ok {
			t.Errorf("ParseSize(%q) = %d, %d, %v; want %d, %d, ok %v", tt.in, w, h, err, tt.w, tt.h, tt.ok)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"90", "1:30", "0:01:30.5", "", "::", "1e9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseClock(s); err == nil && (d < 0 || d > maxClock) {
			t.Errorf("ParseClock(%q) = %v, outside 0 to %v", s, d, maxClock)
		}
	})
}
