package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
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
