package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
)

// A second reel process, as a file manager starts it, hands its film to the window that holds
// the data folder and exits 0; once that window is gone, the next launch becomes the window.
func TestSecondLaunchHandsOver(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	p, err := core.PlacesFor(filepath.Join(dir, "data"))
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan []string, 4)
	in, sent, err := core.Claim(core.SocketPath(p), nil, core.Handlers{Open: func(f []string) { got <- f }})
	if err != nil || sent || in == nil {
		t.Fatalf("first claim: %v %v %v", in, sent, err)
	}
	film := filepath.Join(dir, "film.mkv")
	os.WriteFile(film, []byte("x"), 0o644)
	cmd := exec.Command(os.Args[0], "--data", filepath.Join(dir, "data"), film)
	cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1", "XDG_RUNTIME_DIR="+dir, "DISPLAY=")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "already open") {
		t.Fatalf("second launch: %v\n%s", err, out)
	}
	select {
	case files := <-got:
		if len(files) != 1 || files[0] != film {
			t.Errorf("handed %v, want %s", files, film)
		}
	case <-time.After(time.Minute): // a hand-over that never comes, not a timing
		t.Fatal("the running instance heard nothing")
	}
	in.Close()
	// Gone: the next launch becomes the window (and here, without a display, says so).
	cmd = exec.Command(os.Args[0], "--data", filepath.Join(dir, "data"), film)
	cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1", "XDG_RUNTIME_DIR="+dir, "DISPLAY=", "WAYLAND_DISPLAY=")
	out, _ = cmd.CombinedOutput()
	if !strings.Contains(string(out), "display") {
		t.Errorf("after the first closed: %s", out)
	}
}
