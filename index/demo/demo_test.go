package demo

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeEncoder writes a small text file describing the film, so tests see exactly what was asked.
type fakeEncoder struct{ calls atomic.Int32 }

func (e *fakeEncoder) EncodeFilm(_ context.Context, path string, f Film) error {
	e.calls.Add(1)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", f.Title)
	for _, s := range f.Shots {
		fmt.Fprintf(&b, "%v %d\n", s.Duration, s.Seed)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	enc := &fakeEncoder{}
	var last Progress
	if err := Write(context.Background(), dir, enc, func(p Progress) { last = p }); err != nil {
		t.Fatal(err)
	}
	if last.Done != 6 || last.Total != 6 {
		t.Fatalf("last progress %+v, want 6 of 6", last)
	}
	if n := enc.calls.Load(); n != 6 {
		t.Fatalf("%d films encoded, want 6", n)
	}
	for _, f := range films {
		total := 0.0
		for _, s := range f.Shots {
			total += s.Seconds
		}
		if total < 20 || total > 60 {
			t.Errorf("%s lasts %.0f s, want 20–60", f.Title, total)
		}
		if len(f.Shots) < 4 {
			t.Errorf("%s has %d scenes, want at least 4", f.Title, len(f.Shots))
		}
		video := filepath.Join(dir, f.Dir, f.File)
		if _, err := os.Stat(video); err != nil {
			t.Errorf("%s: %v", f.Title, err)
		}
		base := strings.TrimSuffix(video, filepath.Ext(video))
		nfo := base + ".nfo"
		if strings.Contains(f.File, "WEB-DL") {
			nfo = filepath.Join(dir, f.Dir, "movie.nfo")
		}
		var m nfoMovie
		data, err := os.ReadFile(nfo)
		if err == nil {
			err = xml.Unmarshal(data, &m)
		}
		if err != nil || m.Title != f.Title || m.Year != f.Year || len(m.Actors) == 0 || m.Plot == "" || len(m.Genres) == 0 {
			t.Errorf("%s: nfo %+v, %v", f.Title, m, err)
		}
		checkSRT(t, base+".en.srt", time.Duration(total*float64(time.Second)))
	}
	// Nothing half-written is left.
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if strings.Contains(d.Name(), ".partial-") || strings.HasSuffix(d.Name(), ".tmp") {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
}

var cueTimes = regexp.MustCompile(`^(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)$`)

func checkSRT(t *testing.T, path string, length time.Duration) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Error(err)
		return
	}
	var prevEnd time.Duration
	cues := 0
	for _, line := range strings.Split(string(data), "\n") {
		m := cueTimes.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var v [8]int
		for i := range v {
			v[i], _ = strconv.Atoi(m[i+1])
		}
		from := time.Duration(v[0])*time.Hour + time.Duration(v[1])*time.Minute + time.Duration(v[2])*time.Second + time.Duration(v[3])*time.Millisecond
		to := time.Duration(v[4])*time.Hour + time.Duration(v[5])*time.Minute + time.Duration(v[6])*time.Second + time.Duration(v[7])*time.Millisecond
		if from < prevEnd || to <= from || to > length {
			t.Errorf("%s: cue %s overlaps, is empty or runs past the film's %v", filepath.Base(path), line, length)
		}
		prevEnd = to
		cues++
	}
	if cues < 4 {
		t.Errorf("%s: %d cues", filepath.Base(path), cues)
	}
}

func TestWriteIsDeterministicAndResumes(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Write(context.Background(), a, &fakeEncoder{}, nil); err != nil {
		t.Fatal(err)
	}
	// b is interrupted first: one film already there, so only five are encoded.
	first := filepath.Join(b, films[0].Dir)
	os.MkdirAll(first, 0o755)
	(&fakeEncoder{}).EncodeFilm(context.Background(), filepath.Join(first, films[0].File), Film{Title: films[0].Title, Shots: shotsOf(films[0])})
	enc := &fakeEncoder{}
	if err := Write(context.Background(), b, enc, nil); err != nil {
		t.Fatal(err)
	}
	if n := enc.calls.Load(); n != 5 {
		t.Errorf("resumed write encoded %d films, want 5", n)
	}
	files := map[string][]byte{}
	filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			rel, _ := filepath.Rel(a, p)
			files[rel], _ = os.ReadFile(p)
		}
		return nil
	})
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs between two writes: %v", rel, err)
		}
	}
}

func shotsOf(f film) []Shot {
	var out []Shot
	for _, s := range f.Shots {
		out = append(out, Shot{Duration: s.duration(), Seed: s.Seed})
	}
	return out
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, t.TempDir(), &fakeEncoder{}, nil); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
