package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// While a window holds the library (here this process, as the window does: the library open,
// the data folder claimed, commands served), `reel scan`, `search`, `info` and `export` run
// from a terminal work: the window runs them on its library and the terminal gets their output
// and exit status; a scan refreshes the window's grid; the terminal's stderr stays quiet.
func TestCommandsWhileTheWindowIsOpen(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	data := filepath.Join(dir, "data")
	p, err := core.PlacesFor(data)
	if err != nil {
		t.Fatal(err)
	}
	films := filepath.Join(dir, "films")
	os.MkdirAll(films, 0o755)
	clip, err := os.ReadFile(ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec()))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(films, "Fox Hunt (2001).mp4"), clip, 0o644)
	os.WriteFile(filepath.Join(films, "Fox Hunt (2001).srt"), []byte("1\n00:00:01,000 --> 00:00:03,000\nThe rabbit wakes up.\n"), 0o644)

	lib, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	served := newCommandServer()
	in, _, err := core.Claim(core.SocketPath(p), nil, core.Handlers{Run: served.run})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	defer served.close()
	var refreshed atomic.Int32
	served.open(lib, func() { refreshed.Add(1) })

	reel := func(args ...string) (string, string) {
		t.Helper()
		cmd := exec.Command(os.Args[0], append([]string{"--data", data}, args...)...)
		cmd.Dir = films // relative paths are the terminal's, not the window's
		cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1", "XDG_RUNTIME_DIR="+dir, "LANG=C")
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("reel %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out.String(), errOut.String())
		}
		return out.String(), errOut.String()
	}

	out, errOut := reel("scan", ".", "--json")
	var scan struct{ Films, New int }
	if err := json.Unmarshal([]byte(out), &scan); err != nil || scan.Films != 1 || scan.New != 1 {
		t.Fatalf("scan with the window open: %v %+v\n%s", err, scan, out)
	}
	if errOut != "" {
		t.Errorf("scan wrote on stderr: %q", errOut)
	}
	if refreshed.Load() != 1 {
		t.Errorf("the window's grid was refreshed %d times after the scan, want 1", refreshed.Load())
	}
	out, errOut = reel("search", "rabbit", "--json")
	var found struct {
		Lines []struct {
			FilmID string `json:"film_id"`
			Text   string
		}
	}
	if err := json.Unmarshal([]byte(out), &found); err != nil || len(found.Lines) != 1 || found.Lines[0].Text != "The rabbit wakes up." {
		t.Fatalf("search with the window open: %v\n%s", err, out)
	}
	if errOut != "" {
		t.Errorf("search wrote on stderr: %q", errOut)
	}
	out, _ = reel("info", "Fox Hunt (2001).mp4", "--json")
	if !strings.Contains(out, `"title": "Fox Hunt"`) {
		t.Errorf("info by a relative path with the window open:\n%s", out)
	}
	reel("export", "mine.json")
	if _, err := os.Stat(filepath.Join(films, "mine.json")); err != nil {
		t.Errorf("export wrote its file elsewhere than the terminal's folder: %v", err)
	}
	// The window's own library is still open and sees what the scan added.
	if fs, err := lib.Store.Films(false); err != nil || len(fs) != 1 {
		t.Errorf("the window's library after the commands: %d films, %v", len(fs), err)
	}
	// Without the window serving, the same command meets the locked library: serving is what
	// made the commands above work.
	served.close()
	in.Close()
	cmd := exec.Command(os.Args[0], "--data", data, "search", "rabbit")
	cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1", "XDG_RUNTIME_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "open in another Reel") {
		t.Errorf("with the library held and no window serving: %v\n%s", err, out)
	}
}
