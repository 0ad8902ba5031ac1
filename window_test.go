package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/player"
)

// reel runs a command line as the reel binary does, with the window.
func reel(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestNoDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	code, _, errs := reel(t, "--data", t.TempDir())
	if code == 0 || !strings.Contains(errs, "no display") {
		t.Fatalf("exit %d, %q", code, errs)
	}
}

func TestDisplayNotAnswering(t *testing.T) {
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("DISPLAY", ":987")
	code, _, errs := reel(t, "--data", t.TempDir())
	if code != 1 || !strings.Contains(errs, "cannot reach the display :987") {
		t.Fatalf("exit %d, %q", code, errs)
	}
}

// Without --data, an unset HOME is said before anything else (no folders relative to wherever
// Reel was started).
func TestWindowWithoutHome(t *testing.T) {
	t.Setenv("HOME", "")
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"} {
		t.Setenv(v, "")
	}
	code, _, errs := reel(t)
	if code != 1 || !strings.Contains(errs, "HOME is not set: set it, or run with --data DIR") {
		t.Fatalf("exit %d, %q", code, errs)
	}
}

// `reel play --headless --view` sizes pictures as the window does: core.FitPicture is
// app.FitPicture's rule, for the command line (which cannot import app).
func TestFitPictureAgrees(t *testing.T) {
	streams := []player.Stream{
		{Type: player.StreamVideo, Width: 1920, Height: 1080},
		{Type: player.StreamVideo, Width: 720, Height: 576, SAR: player.Ratio{Num: 16, Den: 11}},
		{Type: player.StreamVideo, Width: 1080, Height: 1920},
		{Type: player.StreamVideo, Width: 1920, Height: 1080, Rotation: 90},
		{Type: player.StreamVideo},
	}
	for _, s := range streams {
		for _, box := range [][2]int{{1280, 720}, {640, 360}, {1276, 718}, {300, 900}, {16, 16}} {
			aw, ah := app.FitPicture(s, box[0], box[1])
			cw, ch := core.FitPicture(s, box[0], box[1])
			if aw != cw || ah != ch {
				t.Errorf("%+v in %v: app %dx%d, core %dx%d", s, box, aw, ah, cw, ch)
			}
		}
	}
}
