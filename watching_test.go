package main

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/app"
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
	_, shelf := openShelf(t, dir)
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

// Styled subtitles (ASS) are drawn by libass, embedded or beside the film; the watch screen
// gets them as picture tracks, named by language.
func TestWatchingStyledTracks(t *testing.T) {
	dir := t.TempDir()
	film := filepath.Join(dir, "Styled (2001).mkv")
	header := "[Script Info]\nScriptType: v4.00+\nPlayResX: 320\nPlayResY: 180\n\n[V4+ Styles]\n" +
		"Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n" +
		"Style: Default,DejaVu Sans,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1\n"
	if err := ffmpeg.Encode(context.Background(), film, ffmpeg.FilmSpec{Width: 320, Height: 180, FPS: 10, Threads: 1, NoAudio: true,
		Scenes:       []ffmpeg.SceneSpec{{Duration: 3 * time.Second, Seed: 1}},
		StyledHeader: header,
		Subtitles:    []ffmpeg.SubtitleLine{{Start: time.Second, End: 2 * time.Second, Text: "0,Default,,0,0,0,,{\\an8}A sign at the top"}}}); err != nil {
		t.Fatal(err)
	}
	// Stream 1 of the generated film is its subtitle track, in no language.
	side := filepath.Join(dir, "Styled (2001).en.ass")
	script := header + "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
		"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Beside the film\n"
	if err := os.WriteFile(side, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	w := newWatching(nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	drawn := func(tr app.SubtitleTrack) bool {
		if tr.Pictures == nil {
			return false
		}
		k := tr.Pictures.CueAt(1500*time.Millisecond, false)
		img, err := tr.Pictures.Draw(k, 320, 180)
		return err == nil && img != nil && !inkless(img)
	}
	subs := w.Subtitles(ctx, "", film)
	if len(subs) != 1 || !drawn(subs[0]) {
		t.Fatalf("tracks %+v: want the .ass beside the film, drawn", subs)
	}
	got := make(chan []app.SubtitleTrack, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.PictureTracks(ctx, film, func(ts []app.SubtitleTrack) { got <- ts })
	}()
	ts := <-got
	if len(ts) != 1 || ts[0].Label != "#1 · styled" {
		t.Fatalf("embedded tracks %+v", ts)
	}
	// The track fills in as the film is read: drawn once its line is in.
	for i := 0; !drawn(ts[0]); i++ {
		if i > 2000 {
			t.Fatal("the embedded styled line was never drawn")
		}
		time.Sleep(5 * time.Millisecond) // polling the read, not waiting for a time
	}
	cancel()
	<-done
}

func inkless(img *image.RGBA) bool {
	for i := 3; i < len(img.Pix); i += 4 {
		if img.Pix[i] > 100 {
			return false
		}
	}
	return true
}
