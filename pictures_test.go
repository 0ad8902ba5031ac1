package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// A film whose only subtitles are pictures gets its dialogue from them: the background
// analysis reads the Popeye clip's PGS track with Tesseract, and the library search finds a
// line of it, at its time.
func TestPictureSubtitlesAreSearchable(t *testing.T) {
	src := ffmpegtest.SharedMedia(t, "real/popeye-part2-hevc-pgs.mkv")
	dir := t.TempDir()
	film := filepath.Join(dir, "Popeye the Sailor Meets Sinbad the Sailor (1936).mkv")
	copyFile(t, src, film) // a copy in a temporary folder, not in the repository
	p, shelf := openShelf(t, dir)
	f, _, _ := shelf.Store.FilmByPath(film)
	if cues, _ := shelf.Store.Cues(f.ID); len(cues) != 0 {
		t.Fatalf("the scan found %d lines in a film with only picture subtitles", len(cues))
	}
	an := &index.Analyzer{Store: shelf.Store, Finder: core.SceneFinder{}, ThumbDir: p.SceneDir(), Pictures: core.PictureText{}, Index: shelf.Index}
	if _, err := an.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	cues, _ := shelf.Store.Cues(f.ID)
	if len(cues) != 14 || cues[0].Track != "#1" || cues[0].Lang != "eng" {
		t.Fatalf("%d lines read from the pictures, first %+v", len(cues), cues)
	}
	res, err := shelf.Index.Search(context.Background(), search.Query{Text: "remarkable fellow"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lines) == 0 || res.Lines[0].FilmID != f.ID || !strings.Contains(res.Lines[0].Text, "remarkable") ||
		res.Lines[0].Start < 41*time.Second || res.Lines[0].Start > 42*time.Second {
		t.Fatalf("search for a line of the pictures: %+v", res.Lines)
	}
}

// openShelf opens a library in a fresh data folder, closed when the test ends, and scans dirs
// into it.
func openShelf(t *testing.T, dirs ...string) (core.Places, *core.Library) {
	t.Helper()
	p, err := core.PlacesFor(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	shelf, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shelf.Close() })
	if len(dirs) > 0 {
		if _, err := shelf.Scan(context.Background(), dirs, nil); err != nil {
			t.Fatal(err)
		}
	}
	return p, shelf
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
