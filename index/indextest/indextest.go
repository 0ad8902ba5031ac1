// Package indextest builds film libraries on disk for tests, and fakes what the index needs
// from FFmpeg.
package indextest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
)

// Library is a folder of films in a test's temporary directory.
type Library struct {
	t    testing.TB
	Root string
}

// New returns an empty library, removed when the test ends.
func New(t testing.TB) *Library {
	return &Library{t: t, Root: t.TempDir()}
}

// Write creates a file at rel (folders made as needed) and returns its path.
func (l *Library) Write(rel, content string) string {
	l.t.Helper()
	p := filepath.Join(l.Root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		l.t.Fatal(err)
	}
	return p
}

// Film writes a fake film the Prober accepts.
func (l *Library) Film(rel string) string { return l.Write(rel, "film:"+rel) }

// Move renames rel to to.
func (l *Library) Move(rel, to string) {
	l.t.Helper()
	dst := filepath.Join(l.Root, to)
	os.MkdirAll(filepath.Dir(dst), 0o755)
	if err := os.Rename(filepath.Join(l.Root, rel), dst); err != nil {
		l.t.Fatal(err)
	}
}

// Remove deletes rel.
func (l *Library) Remove(rel string) {
	l.t.Helper()
	if err := os.Remove(filepath.Join(l.Root, rel)); err != nil {
		l.t.Fatal(err)
	}
}

// Prober is a fake prober: files whose content starts with "film:" are 90-minute 1080p H.264
// films with English audio; anything else is "invalid data". It counts its calls.
type Prober struct{ Calls atomic.Int32 }

// Probe implements index.Prober.
func (p *Prober) Probe(ctx context.Context, path string) (player.MediaInfo, error) {
	p.Calls.Add(1)
	if err := ctx.Err(); err != nil {
		return player.MediaInfo{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return player.MediaInfo{}, err
	}
	if !strings.HasPrefix(string(b), "film:") {
		return player.MediaInfo{}, errors.New("probe " + path + ": invalid data")
	}
	info := player.MediaInfo{Path: path, Container: "matroska", Duration: 90 * time.Minute, Streams: []player.Stream{
		{Index: 0, Type: player.StreamVideo, Codec: "h264", Width: 1920, Height: 1080, FPS: 24},
		{Index: 1, Type: player.StreamAudio, Codec: "aac", Channels: 2, SampleRate: 48000, Language: "eng"},
	}}
	// "picture subtitles" in the content: an English PGS track and a Klingon VobSub one.
	if strings.Contains(string(b), "picture subtitles") {
		info.Streams = append(info.Streams,
			player.Stream{Index: 2, Type: player.StreamSubtitle, Codec: "hdmv_pgs_subtitle", Language: "eng", Bitmap: true},
			player.Stream{Index: 3, Type: player.StreamSubtitle, Codec: "dvd_subtitle", Language: "tlh", Bitmap: true})
	}
	return info, nil
}

// SceneFinder is a fake scene finder: every film has two scenes, 0–30 s and 30–90 s, with a
// thumbnail file written for each; files whose content starts with "broken" fail. It counts its
// calls, and runs Before (when set) first.
type SceneFinder struct {
	Calls  atomic.Int32
	Before func()
}

// Scenes implements index.SceneFinder.
func (s *SceneFinder) Scenes(ctx context.Context, path, thumbDir string) ([]player.Scene, error) {
	s.Calls.Add(1)
	if s.Before != nil {
		s.Before()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(string(b), "broken") {
		return nil, errors.New("scenes of " + path + ": no frame could be decoded")
	}
	if err := os.MkdirAll(thumbDir, 0o755); err != nil {
		return nil, err
	}
	var out []player.Scene
	for i, span := range [][2]time.Duration{{0, 30 * time.Second}, {30 * time.Second, 90 * time.Second}} {
		thumb := filepath.Join(thumbDir, "scene-00"+string(rune('1'+i))+".jpg")
		os.WriteFile(thumb, []byte("jpeg"), 0o644)
		out = append(out, player.Scene{Index: i, Start: span[0], End: span[1], StartFrame: int64(span[0].Seconds() * 24), Thumb: thumb})
	}
	return out, nil
}
