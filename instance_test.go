package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSingleInstance(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	p := placesFor(filepath.Join(dir, "data"))
	path := socketPath(p)
	got := make(chan []string, 4)
	in, sent, err := claim(path, nil, func(f []string) { got <- f })
	if err != nil || sent || in == nil {
		t.Fatalf("first claim: %v %v %v", in, sent, err)
	}
	if _, err := listen(path, nil); !errors.Is(err, errRunning) {
		t.Errorf("a second listener: %v", err)
	}
	// Another data folder is another window.
	other, _, err := claim(socketPath(placesFor(filepath.Join(dir, "other"))), nil, func([]string) {})
	if err != nil || other == nil {
		t.Fatalf("another folder: %v", err)
	}
	other.Close()

	// A second process, as a file manager starts it: it hands the film over and exits 0.
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
	case <-time.After(5 * time.Second):
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
