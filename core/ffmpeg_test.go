package core

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/index/demo"
)

// The demo encoder writes the same bytes every time, in both containers.
func TestDemoEncoderIsDeterministic(t *testing.T) {
	f := demo.Film{Title: "Twice", Shots: []demo.Shot{{Duration: time.Second, Seed: 1}, {Duration: time.Second, Seed: 2}}}
	for _, ext := range []string{".mp4", ".mkv"} {
		dir := t.TempDir()
		a, b := filepath.Join(dir, "a"+ext), filepath.Join(dir, "b"+ext)
		if err := (DemoEncoder{}).EncodeFilm(context.Background(), a, f); err != nil {
			t.Fatal(err)
		}
		if err := (DemoEncoder{}).EncodeFilm(context.Background(), b, f); err != nil {
			t.Fatal(err)
		}
		da, _ := os.ReadFile(a)
		db, _ := os.ReadFile(b)
		if len(da) == 0 || !bytes.Equal(da, db) {
			t.Errorf("%s: two encodes differ (%d and %d bytes)", ext, len(da), len(db))
		}
	}
}
