package ffmpegtest

import (
	"testing"

	"github.com/reel-app/reel/player/ffmpeg"
)

// Remux is ffmpeg.Remux, failing the test when it cannot.
func Remux(tb testing.TB, src, dst string, opt ffmpeg.RemuxOptions) {
	tb.Helper()
	if err := ffmpeg.Remux(src, dst, opt); err != nil {
		tb.Fatal(err)
	}
}

// RepeatTrack is ffmpeg.RepeatTrack, failing the test when it cannot.
func RepeatTrack(tb testing.TB, src string, stream, copies int, dst string) {
	tb.Helper()
	if err := ffmpeg.RepeatTrack(src, stream, copies, dst); err != nil {
		tb.Fatal(err)
	}
}
