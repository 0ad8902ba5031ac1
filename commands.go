package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/demo"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func commands() map[string]command {
	var jsonOut bool
	jsonFlag := func(fs *flag.FlagSet) {
		fs.BoolVar(&jsonOut, "json", false, "print JSON (stable: fields are added, never renamed)")
	}
	var out string
	var width int
	var thumbsDir string
	list := []command{
		{name: "probe", args: "FILE", summary: "show a film's container, streams and chapters", min: 1, max: 1, flags: jsonFlag,
			run: func(ctx context.Context, e *env, a []string) error { return cmdProbe(ctx, e, a[0], jsonOut) }},
		{name: "thumbs", args: "FILE --out DIR", summary: "write a JPEG of every keyframe", min: 1, max: 1,
			flags: func(fs *flag.FlagSet) {
				jsonFlag(fs)
				fs.StringVar(&out, "out", "", "write the thumbnails into `DIR` (required)")
				fs.IntVar(&width, "width", 320, "thumbnail width in `pixels`")
			},
			run: func(ctx context.Context, e *env, a []string) error {
				return cmdThumbs(ctx, e, a[0], out, width, jsonOut)
			}},
		{name: "scenes", args: "FILE", summary: "find the film's scenes (hard cuts)", min: 1, max: 1,
			flags: func(fs *flag.FlagSet) {
				jsonFlag(fs)
				fs.StringVar(&thumbsDir, "thumbs", "", "also write one thumbnail per scene into `DIR`")
			},
			run: func(ctx context.Context, e *env, a []string) error {
				return cmdScenes(ctx, e, a[0], thumbsDir, jsonOut)
			}},
		{name: "scan", args: "DIR...", summary: "find the films under the folders and update the library", min: 1, max: -1, flags: jsonFlag,
			run: func(ctx context.Context, e *env, a []string) error { return cmdScan(ctx, e, a, jsonOut) }},
		{name: "demo", args: "DIR", summary: "write the demo library (six short films with .nfo and .srt) into DIR", min: 1, max: 1,
			run: func(ctx context.Context, e *env, a []string) error { return cmdDemo(ctx, e, a[0]) }},
		{name: "version", summary: "print Reel's version", max: 0,
			run: func(_ context.Context, e *env, _ []string) error { fmt.Fprintln(e.stdout, "reel", version); return nil }},
	}
	list = append(list, libraryCommands(&jsonOut, jsonFlag)...)
	list = append(list, chapterCommand(), playCommand())
	list = append(list, textCommands(&jsonOut, jsonFlag)...)
	list = append(list, assistantCommands(&jsonOut, jsonFlag)...)
	list = append(list, userDataCommands()...)
	m := make(map[string]command, len(list))
	for _, c := range list {
		m[c.name] = c
	}
	return m
}

// seconds rounds a duration to milliseconds, as JSON seconds.
func seconds(d time.Duration) float64 { return math.Round(d.Seconds()*1000) / 1000 }

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// probeJSON is the stable shape of `reel probe --json`.
type probeJSON struct {
	Path      string            `json:"path"`
	Container string            `json:"container"`
	DurationS float64           `json:"duration_s"`
	BitRate   int64             `json:"bit_rate"`
	Title     string            `json:"title"`
	Tags      map[string]string `json:"tags"`
	Streams   []streamJSON      `json:"streams"`
	Chapters  []chapterJSON     `json:"chapters"`
}

type streamJSON struct {
	Index      int     `json:"index"`
	Type       string  `json:"type"`
	Codec      string  `json:"codec"`
	Language   string  `json:"language"`
	Title      string  `json:"title,omitempty"`
	Default    bool    `json:"default"`
	Width      int     `json:"width"`
	Height     int     `json:"height"`
	FPS        float64 `json:"fps"`
	SAR        string  `json:"sar,omitempty"`
	Rotation   int     `json:"rotation"`
	Channels   int     `json:"channels"`
	SampleRate int     `json:"sample_rate"`
	Bitmap     bool    `json:"bitmap"`
}

type chapterJSON struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	Title  string  `json:"title"`
}

func toProbeJSON(info player.MediaInfo) probeJSON {
	out := probeJSON{Path: info.Path, Container: info.Container, DurationS: seconds(info.Duration),
		BitRate: info.BitRate, Title: info.Title, Tags: info.Tags, Streams: []streamJSON{}, Chapters: []chapterJSON{}}
	for _, s := range info.Streams {
		js := streamJSON{Index: s.Index, Type: string(s.Type), Codec: s.Codec, Language: s.Language, Title: s.Title,
			Default: s.Default, Width: s.Width, Height: s.Height, FPS: s.FPS, Rotation: s.Rotation,
			Channels: s.Channels, SampleRate: s.SampleRate, Bitmap: s.Bitmap}
		if s.Type == player.StreamVideo && s.SAR.Num > 0 {
			js.SAR = s.SAR.String()
		}
		out.Streams = append(out.Streams, js)
	}
	for _, c := range info.Chapters {
		out.Chapters = append(out.Chapters, chapterJSON{StartS: seconds(c.Start), EndS: seconds(c.End), Title: c.Title})
	}
	return out
}

func cmdProbe(ctx context.Context, e *env, path string, asJSON bool) error {
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, toProbeJSON(info))
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "File\t%s\n", info.Path)
	if info.Title != "" {
		fmt.Fprintf(w, "Title\t%s\n", info.Title)
	}
	fmt.Fprintf(w, "Container\t%s\n", info.Container)
	fmt.Fprintf(w, "Duration\t%s\n", clock(info.Duration))
	if info.BitRate > 0 {
		fmt.Fprintf(w, "Bit rate\t%d kb/s\n", info.BitRate/1000)
	}
	for _, s := range info.Streams {
		fmt.Fprintf(w, "Stream %d\t%s\n", s.Index, describeStream(s))
	}
	for i, c := range info.Chapters {
		fmt.Fprintf(w, "Chapter %d\t%s – %s  %s\n", i+1, clock(c.Start), clock(c.End), c.Title)
	}
	return w.Flush()
}

func describeStream(s player.Stream) string {
	parts := []string{string(s.Type), s.Codec}
	switch s.Type {
	case player.StreamVideo:
		parts = append(parts, fmt.Sprintf("%dx%d", s.Width, s.Height))
		if s.FPS > 0 {
			parts = append(parts, fmt.Sprintf("%g fps", s.FPS))
		}
		if s.SAR.Num > 0 && s.SAR.Float() != 1 {
			parts = append(parts, "pixels "+s.SAR.String())
		}
		if s.Rotation != 0 {
			parts = append(parts, fmt.Sprintf("rotated %d°", s.Rotation))
		}
	case player.StreamAudio:
		parts = append(parts, fmt.Sprintf("%d ch", s.Channels), fmt.Sprintf("%d Hz", s.SampleRate))
	case player.StreamSubtitle:
		if s.Bitmap {
			parts = append(parts, "bitmap")
		} else {
			parts = append(parts, "text")
		}
	}
	if s.Language != "" {
		parts = append(parts, s.Language)
	}
	if s.Default {
		parts = append(parts, "default")
	}
	return strings.Join(parts, ", ")
}

// clock formats a duration as H:MM:SS.mmm.
func clock(d time.Duration) string {
	ms := d.Milliseconds()
	return fmt.Sprintf("%d:%02d:%02d.%03d", ms/3600000, ms/60000%60, ms/1000%60, ms%1000)
}

type thumbsJSON struct {
	Path   string      `json:"path"`
	Thumbs []thumbJSON `json:"thumbs"`
}

type thumbJSON struct {
	TimeS float64 `json:"time_s"`
	Path  string  `json:"path"`
}

func cmdThumbs(ctx context.Context, e *env, path, out string, width int, asJSON bool) error {
	if out == "" {
		return usagef("--out DIR is required")
	}
	if width < 16 || width > 7680 {
		return usagef("--width must be between 16 and 7680")
	}
	kfs, err := ffmpeg.Keyframes(ctx, path, out, ffmpeg.KeyframeOptions{Width: width})
	if err != nil {
		return err
	}
	if asJSON {
		res := thumbsJSON{Path: path, Thumbs: []thumbJSON{}}
		for _, k := range kfs {
			res.Thumbs = append(res.Thumbs, thumbJSON{TimeS: seconds(k.Time), Path: k.Path})
		}
		return writeJSON(e.stdout, res)
	}
	for _, k := range kfs {
		fmt.Fprintf(e.stdout, "%s  %s\n", clock(k.Time), k.Path)
	}
	fmt.Fprintf(e.stderr, "%d keyframe thumbnails in %s\n", len(kfs), out)
	return nil
}

// scenesJSON is the stable shape of `reel scenes --json`.
type scenesJSON struct {
	Path      string      `json:"path"`
	FPS       float64     `json:"fps"`
	Frames    int64       `json:"frames"`
	DurationS float64     `json:"duration_s"`
	Scenes    []sceneJSON `json:"scenes"`
}

type sceneJSON struct {
	Index      int     `json:"index"`
	StartS     float64 `json:"start_s"`
	EndS       float64 `json:"end_s"`
	StartFrame int64   `json:"start_frame"`
	Thumb      string  `json:"thumb"`
	ThumbS     float64 `json:"thumb_s,omitempty"`
}

func cmdScenes(ctx context.Context, e *env, path, thumbs string, asJSON bool) error {
	opt := ffmpeg.SceneOptions{ThumbDir: thumbs}
	if isTerminal(e.stderr) {
		opt.Report = func(p ffmpeg.SceneProgress) {
			if p.Duration > 0 {
				fmt.Fprintf(e.stderr, "\rscanning %s / %s, %d scenes ", clock(p.Position), clock(p.Duration), p.Scenes)
			}
		}
		defer fmt.Fprint(e.stderr, "\r\033[K")
	}
	res, err := ffmpeg.DetectScenes(ctx, path, opt)
	if err != nil {
		return err
	}
	if asJSON {
		out := scenesJSON{Path: path, FPS: res.FPS, Frames: res.Frames, DurationS: seconds(res.Duration), Scenes: []sceneJSON{}}
		for _, s := range res.Scenes {
			out.Scenes = append(out.Scenes, sceneJSON{Index: s.Index, StartS: seconds(s.Start), EndS: seconds(s.End),
				StartFrame: s.StartFrame, Thumb: s.Thumb, ThumbS: seconds(s.ThumbAt)})
		}
		return writeJSON(e.stdout, out)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Scene\tStart\tEnd\tFrame\tThumbnail")
	for _, s := range res.Scenes {
		fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\n", s.Index+1, clock(s.Start), clock(s.End), s.StartFrame, s.Thumb)
	}
	return w.Flush()
}

// isTerminal reports whether w is a terminal (progress lines are for people, not for pipes).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func cmdDemo(ctx context.Context, e *env, dir string) error {
	start := time.Now()
	err := demo.Write(ctx, dir, demoEncoder{}, func(p demo.Progress) {
		fmt.Fprintf(e.stderr, "[%d/%d] %s\n", p.Done, p.Total, p.Film)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "demo library written to %s in %.1f s\n", dir, time.Since(start).Seconds())
	return nil
}

// scanJSON is the stable shape of `reel scan --json`.
type scanJSON struct {
	Films     int           `json:"films"`
	New       int           `json:"new"`
	Changed   int           `json:"changed"`
	Moved     int           `json:"moved"`
	Removed   int           `json:"removed"`
	Unchanged int           `json:"unchanged"`
	Warnings  []warningJSON `json:"warnings"`
	TookS     float64       `json:"took_s"`
}

type warningJSON struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func cmdScan(ctx context.Context, e *env, roots []string, asJSON bool) error {
	st, idx, err := openLibrary(ctx, e.places())
	if err != nil {
		return err
	}
	defer st.Close()
	defer idx.Close()
	sc := &index.Scanner{Store: st, Prober: ffmpegProber{}, Tracks: ffmpegTracks{}, Index: idx}
	var report func(index.Progress)
	if isTerminal(e.stderr) {
		report = func(p index.Progress) {
			if p.Phase == index.PhaseReading {
				fmt.Fprintf(e.stderr, "\r\033[Kreading %d/%d %s", p.Done+1, p.Total, filepath.Base(p.Path))
			}
		}
		defer fmt.Fprint(e.stderr, "\r\033[K")
	}
	stats, err := sc.Scan(ctx, roots, report)
	if err != nil {
		return err
	}
	// The index has every change the scan made: say so, or the next start rebuilds it.
	if gen, err := st.Generation(); err == nil {
		if err := idx.Checkpoint(gen); err != nil {
			return err
		}
	}
	if asJSON {
		out := scanJSON{Films: stats.Found, New: stats.New, Changed: stats.Changed, Moved: stats.Moved, Removed: stats.Removed,
			Unchanged: stats.Unchanged, Warnings: []warningJSON{}, TookS: seconds(stats.Took)}
		for _, w := range stats.Warnings {
			out.Warnings = append(out.Warnings, warningJSON{Path: w.Path, Reason: w.Reason})
		}
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "%d films: %d new, %d changed, %d moved, %d removed, %d unchanged (%.1f s)\n",
		stats.Found, stats.New, stats.Changed, stats.Moved, stats.Removed, stats.Unchanged, stats.Took.Seconds())
	for _, w := range stats.Warnings {
		fmt.Fprintf(e.stdout, "warning: %s: %s\n", w.Path, w.Reason)
	}
	return nil
}
