package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player/ffmpeg"
)

// The watch screen remembers positions through core's history rules (core/history_test.go);
// a film outside the library is played but not remembered.
func TestWatchingOutsideTheLibrary(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.PutFilm(store.Film{ID: "f1", Path: "/films/a.mkv", Title: "A"})
	w := newWatching(st)
	if err := w.SavePosition("f1", 12*time.Minute, 100*time.Minute); err != nil || w.Resume("f1") != 12*time.Minute {
		t.Errorf("a film in the library: %v, resume %v", err, w.Resume("f1"))
	}
	if err := w.SavePosition("", time.Minute, 100*time.Minute); err != nil || w.Resume("") != 0 {
		t.Errorf("a film without an id: %v, resume %v", err, w.Resume(""))
	}
	if err := newWatching(nil).SavePosition("f1", time.Minute, time.Hour); err != nil {
		t.Errorf("no store: %v", err)
	}
}

// A film of the library plays its embedded text tracks from the lines its scan stored, by
// track: the film is not read again for them. Changed since the scan, it is.
func TestWatchingUsesStoredTracks(t *testing.T) {
	dir := t.TempDir()
	film := filepath.Join(dir, "Film (2001).mkv")
	if err := ffmpeg.Encode(context.Background(), film, ffmpeg.FilmSpec{Width: 160, Height: 90, FPS: 10, Threads: 1,
		Scenes:    []ffmpeg.SceneSpec{{Duration: 3 * time.Second, Seed: 1}},
		Subtitles: []ffmpeg.SubtitleLine{{Start: time.Second, End: 2 * time.Second, Text: "From the film."}}}); err != nil {
		t.Fatal(err)
	}
	p, err := core.PlacesFor(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	shelf, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer shelf.Close()
	if _, err := shelf.Scan(context.Background(), []string{dir}, nil); err != nil {
		t.Fatal(err)
	}
	f, ok, _ := shelf.Store.FilmByPath(film)
	cues, _ := shelf.Store.Cues(f.ID)
	if !ok || len(cues) != 1 || !strings.HasPrefix(cues[0].Track, "#") {
		t.Fatalf("the scan stored %+v", cues)
	}
	// The stored line is marked, so the test can tell where the track came from.
	cues[0].Text = "From the library."
	if err := shelf.Store.PutCues(f.ID, cues); err != nil {
		t.Fatal(err)
	}
	w := newWatching(shelf.Store)
	text := func(id string) string {
		for _, tr := range w.Subtitles(context.Background(), id, film) {
			if len(tr.Cues) > 0 {
				return tr.Cues[0].Text
			}
		}
		return ""
	}
	if got := text(f.ID); got != "From the library." {
		t.Errorf("in the library: %q, want the stored line", got)
	}
	if got := text(""); got != "From the film." {
		t.Errorf("outside the library: %q, want the film's own line", got)
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(film, later, later) // changed since the scan
	if got := text(f.ID); got != "From the film." {
		t.Errorf("changed since the scan: %q, want the film's own line", got)
	}
}
