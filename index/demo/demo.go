// Package demo writes Reel's demo library: six short invented films with distinct scenes, a
// soundtrack, Kodi .nfo files and .srt dialogue, laid out the way real libraries are (a folder
// per film, one release-style file name, one Matroska file, accents and hyphens in titles, one
// film with Chinese subtitles). The same call always writes the same files.
//
// The pictures come from an Encoder the caller supplies (main.go wires player/ffmpeg's
// synthetic film encoder), so this package needs no cgo.
package demo

import (
	"context"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/reel-app/reel/index/atomicfile"
)

// Shot is one scene of a film to encode.
type Shot struct {
	Duration time.Duration
	Seed     int64 // picks what the scene looks and sounds like
}

// Film is what the encoder draws.
type Film struct {
	Title string
	Shots []Shot
}

// Encoder writes a film's video file at path (the container follows the extension).
type Encoder interface {
	EncodeFilm(ctx context.Context, path string, f Film) error
}

// Progress reports Write's advance: films finished out of the total, and the one just done.
type Progress struct {
	Done, Total int
	Film        string
}

// Titles lists the demo films' titles, in library order.
func Titles() []string {
	out := make([]string, len(films))
	for i, f := range films {
		out[i] = f.Title
	}
	return out
}

// Write creates the demo library in dir. Films already there are kept (a second call after an
// interrupted one finishes the job). Two films encode at a time.
func Write(ctx context.Context, dir string, enc Encoder, report func(Progress)) error {
	if report == nil {
		report = func(Progress) {}
	}
	var (
		mu   sync.Mutex
		done int
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 2)
	)
	for _, f := range films {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			err := writeFilm(ctx, dir, f, enc)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("demo film %q: %w", f.Title, err))
				return
			}
			done++
			report(Progress{Done: done, Total: len(films), Film: f.Title})
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func writeFilm(ctx context.Context, root string, f film, enc Encoder) error {
	dir := filepath.Join(root, f.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	base := strings.TrimSuffix(f.File, filepath.Ext(f.File))
	nfoName := base + ".nfo"
	if strings.Contains(f.File, ".WEB-DL.") {
		nfoName = "movie.nfo" // the other Kodi convention, for a release-style name
	}
	nfo, err := nfoXML(f)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, nfoName), nfo); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, base+".en.srt"), []byte(srt(f, false))); err != nil {
		return err
	}
	if f.ChineseSubs {
		if err := writeFile(filepath.Join(dir, base+".zh.srt"), []byte(srt(f, true))); err != nil {
			return err
		}
	}
	video := filepath.Join(dir, f.File)
	if _, err := os.Stat(video); err == nil {
		return nil
	}
	film := Film{Title: f.Title}
	for _, s := range f.Shots {
		film.Shots = append(film.Shots, Shot{Duration: s.duration(), Seed: s.Seed})
	}
	return atomicfile.WritePath(video, 0o644, func(tmp string) error { return enc.EncodeFilm(ctx, tmp, film) })
}

// writeFile writes through a temporary file, so a killed process never leaves half a file.
func writeFile(path string, data []byte) error {
	return atomicfile.WriteFile(path, data, 0o644)
}

// srt is the film's dialogue: each line of a shot gets an equal share of the shot and is shown
// inside it (from 0.3 s into its share to 0.2 s before the end, at most 3.5 s), so cues never
// overlap and never cross a cut.
func srt(f film, chinese bool) string {
	var b strings.Builder
	n := 0
	var start time.Duration
	for _, s := range f.Shots {
		lines := s.Lines
		if chinese {
			lines = s.LinesZH
		}
		slot := s.duration() / time.Duration(max(len(lines), 1))
		for i, line := range lines {
			from := start + slot*time.Duration(i) + 300*time.Millisecond
			to := min(from+3500*time.Millisecond, start+slot*time.Duration(i+1)-200*time.Millisecond)
			n++
			fmt.Fprintf(&b, "%d\n%s --> %s\n%s\n\n", n, srtTime(from), srtTime(to), line)
		}
		start += s.duration()
	}
	return b.String()
}

func srtTime(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%02d:%02d:%02d,%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

// Kodi's movie .nfo, the fields the demo fills.
type nfoMovie struct {
	XMLName       xml.Name   `xml:"movie"`
	Title         string     `xml:"title"`
	OriginalTitle string     `xml:"originaltitle,omitempty"`
	Year          int        `xml:"year"`
	Premiered     string     `xml:"premiered"`
	Runtime       int        `xml:"runtime"`
	Tagline       string     `xml:"tagline"`
	Plot          string     `xml:"plot"`
	Genres        []string   `xml:"genre"`
	Tags          []string   `xml:"tag"`
	Directors     []string   `xml:"director"`
	Credits       []string   `xml:"credits"`
	Studio        string     `xml:"studio"`
	Ratings       nfoRatings `xml:"ratings"`
	Actors        []nfoActor `xml:"actor"`
}

type nfoRatings struct {
	Rating []nfoRating `xml:"rating"`
}

type nfoRating struct {
	Name    string  `xml:"name,attr"`
	Max     int     `xml:"max,attr"`
	Default bool    `xml:"default,attr"`
	Value   float64 `xml:"value"`
	Votes   int     `xml:"votes"`
}

type nfoActor struct {
	Name  string `xml:"name"`
	Role  string `xml:"role"`
	Order int    `xml:"order"`
}

func nfoXML(f film) ([]byte, error) {
	var secs float64
	for _, s := range f.Shots {
		secs += s.Seconds
	}
	m := nfoMovie{
		Title: f.Title, OriginalTitle: f.Original, Year: f.Year,
		Premiered: fmt.Sprintf("%d-03-14", f.Year), Runtime: max(1, int(secs/60+0.5)),
		Tagline: f.Tagline, Plot: f.Plot, Genres: f.Genres, Tags: f.Tags,
		Directors: f.Directors, Credits: f.Writers, Studio: f.Studio,
		Ratings: nfoRatings{Rating: []nfoRating{{Name: "demo", Max: 10, Default: true, Value: f.Rating, Votes: 120}}},
	}
	for i, r := range f.Cast {
		m.Actors = append(m.Actors, nfoActor{Name: r.Name, Role: r.Role, Order: i})
	}
	out, err := xml.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
