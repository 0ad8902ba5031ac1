package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// Under LANG=C, an empty LANG or no locale variables at all, commands print nothing on stderr
// but their own messages (Fyne's locale warnings belong to the window, which these never open).
func TestQuietCommandLine(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	clip := ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())
	var base []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_CTYPE":
			continue
		}
		base = append(base, kv)
	}
	base = append(base, "REEL_TEST_MAIN=1", "XDG_RUNTIME_DIR="+dir)
	for _, locale := range []struct {
		name string
		env  []string
	}{
		{"LANG=C", []string{"LANG=C"}},
		{"LANG empty", []string{"LANG="}},
		{"no locale", nil},
		{"LC_ALL=POSIX", []string{"LC_ALL=POSIX"}},
		{"LANG=C.UTF-8 (containers)", []string{"LANG=C.UTF-8"}},
	} {
		for _, args := range [][]string{
			{"version"},
			{"help"},
			{"probe", clip, "--json"},
			{"search", "rabbit", "--json"},
			{"recommend", "--json"},
		} {
			cmd := exec.Command(os.Args[0], append([]string{"--data", data}, args...)...)
			cmd.Env = append(append([]string{}, base...), locale.env...)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				t.Errorf("%s: reel %s: %v\n%s", locale.name, args[0], err, errOut.String())
				continue
			}
			if errOut.Len() > 0 {
				t.Errorf("%s: reel %s wrote on stderr: %q", locale.name, args[0], errOut.String())
			}
			if out.Len() == 0 {
				t.Errorf("%s: reel %s printed nothing", locale.name, args[0])
			}
		}
	}
}
