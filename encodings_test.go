package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"golang.org/x/text/encoding/htmlindex"
)

// Subtitle files in the legacy encodings people's films still come with, with no byte order
// mark, half named with their language ("Film.ru.srt") and half not ("Film.srt"): each is read
// as written, and a line of each is found by the library search, in its film, at its time.
func TestLegacyEncodedSubtitlesAreSearchable(t *testing.T) {
	clip := ffmpegtest.SharedMedia(t, "real/elephants-dream-hevc-1s.mp4")
	type film struct {
		dir, lang, enc string
		lines          []string
	}
	var films []film
	f, err := os.Open("index/textenc/testdata/lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "= "):
			fs := strings.Fields(line[2:])
			films = append(films, film{lang: fs[0], enc: fs[1]})
		default:
			films[len(films)-1].lines = append(films[len(films)-1].lines, line)
		}
	}
	f.Close()
	root := t.TempDir()
	for i := range films {
		fm := &films[i]
		fm.dir = filepath.Join(root, fmt.Sprintf("Encoded %s %s (%d)", fm.lang, fm.enc, 1990+i))
		if err := os.Mkdir(fm.dir, 0o755); err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(fm.dir)
		copyFile(t, clip, filepath.Join(fm.dir, name+".mp4"))
		var srt strings.Builder
		for j, l := range fm.lines {
			fmt.Fprintf(&srt, "%d\r\n00:%02d:10,000 --> 00:%02d:12,500\r\n%s\r\n\r\n", j+1, j+1, j+1, l)
		}
		e, err := htmlindex.Get(fm.enc)
		if err != nil {
			t.Fatal(err)
		}
		data, err := e.NewEncoder().Bytes([]byte(srt.String()))
		if err != nil {
			t.Fatalf("%s in %s: %v", fm.lang, fm.enc, err)
		}
		sub := name + ".srt"
		if i%2 == 0 {
			sub = name + "." + fm.lang + ".srt"
		}
		if err := os.WriteFile(filepath.Join(fm.dir, sub), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, shelf := openShelf(t, root)
	for _, fm := range films {
		film, ok, err := shelf.Store.FilmByPath(filepath.Join(fm.dir, filepath.Base(fm.dir)+".mp4"))
		if err != nil || !ok {
			t.Fatalf("%s: film not found (%v)", fm.dir, err)
		}
		cues, _ := shelf.Store.Cues(film.ID)
		if len(cues) != len(fm.lines) {
			t.Errorf("%s %s: %d lines, want %d", fm.lang, fm.enc, len(cues), len(fm.lines))
			continue
		}
		for j, c := range cues {
			if c.Text != fm.lines[j] {
				t.Errorf("%s %s line %d read as %q, want %q", fm.lang, fm.enc, j+1, c.Text, fm.lines[j])
			}
		}
		want := fm.lines[len(fm.lines)-1]
		res, err := shelf.Index.Search(context.Background(), search.Query{Text: want})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Duration(len(fm.lines))*time.Minute + 10*time.Second
		found := false // two films share their lines in two encodings (KOI8-R and Windows-1251)
		for _, h := range res.Lines[:min(len(res.Lines), 2)] {
			found = found || h.FilmID == film.ID && h.Start == at && h.Text == want
		}
		if !found {
			t.Errorf("%s %s: search %q: %+v, want film %s at %v", fm.lang, fm.enc, want, firstLines(res.Lines), film.ID, at)
		}
	}
}

func firstLines(l []search.LineHit) []search.LineHit { return l[:min(len(l), 2)] }
