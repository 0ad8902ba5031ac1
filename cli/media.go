package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/atomicfile"
	"github.com/reel-app/reel/index/demo"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
)

// mediaCommands work on film files, without the library (export-chapters also takes a
// library id).
func mediaCommands() []Command {
	var asJSON, edl, force, shots bool
	var out, thumbsDir string
	var width int
	track := -1
	return []Command{
		{Name: "probe", Args: "FILE", Summary: "show a film's container, streams and chapters", Min: 1, Max: 1, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdProbe(ctx, e, a[0], asJSON) }},
		{Name: "thumbs", Args: "FILE --out DIR", Summary: "write a JPEG of every keyframe", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.StringVar(&out, "out", "", "write the thumbnails into `DIR` (required)")
				fs.IntVar(&width, "width", 320, "thumbnail width in `pixels`")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdThumbs(ctx, e, a[0], out, width, asJSON)
			}},
		{Name: "scenes", Args: "FILE", Summary: "find the film's scenes (hard cuts)", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.StringVar(&thumbsDir, "thumbs", "", "also write one thumbnail per scene into `DIR`")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdScenes(ctx, e, a[0], thumbsDir, asJSON)
			}},
		{Name: "subtitles", Args: "FILE", Summary: "list a film's subtitle tracks and print the lines of one (picture tracks read by OCR)", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.IntVar(&track, "track", -1, "print the lines of stream `N` (default: the first subtitle track)")
			},
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdSubtitles(ctx, e, a[0], track, asJSON) }},
		{Name: "demo", Args: "DIR", Summary: "write the demo library (six short films with .nfo and .srt) into DIR", Min: 1, Max: 1,
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdDemo(ctx, e, a[0]) }},
		{Name: "export-chapters", Library: true, Args: "FILM", Summary: "write the film's scenes as chapters beside it (FFmetadata, or --edl)",
			Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				fs.BoolVar(&edl, "edl", false, "write an EDL (Kodi, MPlayer) instead of an FFmetadata chapter file")
				fs.BoolVar(&force, "force", false, "replace a chapter file that is already there")
				fs.BoolVar(&shots, "shots", false, "a chapter per shot (every cut) instead of per narrative scene")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdExportChapters(ctx, e, a[0], edl, force, shots)
			}},
	}
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
	Forced     bool    `json:"forced,omitempty"` // a subtitle track of forced subtitles only
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
			Channels: s.Channels, SampleRate: s.SampleRate, Bitmap: s.Bitmap, Forced: s.Forced}
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

func cmdProbe(ctx context.Context, e *Env, path string, asJSON bool) error {
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.Stdout, toProbeJSON(info))
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
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
		if s.Forced {
			parts = append(parts, "forced")
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

// subtitlesJSON is the stable shape of `reel subtitles --json`.
type subtitlesJSON struct {
	Tracks   []subTrackJSON `json:"tracks"`
	Track    int            `json:"track"` // the stream whose lines are printed, -1 for none
	Cues     []cueJSON      `json:"cues"`
	Warnings []string       `json:"warnings"`
}

type subTrackJSON struct {
	Index    int    `json:"index"`
	Codec    string `json:"codec"`
	Language string `json:"language"`
	Kind     string `json:"kind"` // "text" or "picture"
	Forced   bool   `json:"forced"`
	Title    string `json:"title,omitempty"`
}

type cueJSON struct {
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	Text   string  `json:"text"`
}

// cmdSubtitles lists the embedded subtitle tracks and prints one track's lines: a text track's
// as written (markup removed), a picture track's as Tesseract reads them in the track's
// language.
func cmdSubtitles(ctx context.Context, e *Env, path string, track int, asJSON bool) error {
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		return err
	}
	out := subtitlesJSON{Tracks: []subTrackJSON{}, Track: -1, Cues: []cueJSON{}, Warnings: []string{}}
	var chosen *player.Stream
	for i, s := range info.Streams {
		if s.Type != player.StreamSubtitle {
			continue
		}
		kind := "text"
		if s.Bitmap {
			kind = "picture"
		}
		out.Tracks = append(out.Tracks, subTrackJSON{Index: s.Index, Codec: s.Codec, Language: s.Language, Kind: kind, Forced: s.Forced, Title: s.Title})
		if (track < 0 && chosen == nil) || s.Index == track {
			chosen = &info.Streams[i]
		}
	}
	if track >= 0 && chosen == nil {
		return usagef("stream %d of %s is not a subtitle track (reel subtitles %s lists them)", track, path, path)
	}
	if chosen != nil {
		out.Track = chosen.Index
		var cues []subtitle.Cue
		if chosen.Bitmap {
			cues, out.Warnings, err = core.PictureText{}.PictureCues(ctx, path, chosen.Index, chosen.Language)
		} else {
			cues, err = core.FFmpegTracks{}.TextCues(ctx, path, chosen.Index)
		}
		if err != nil {
			return fmt.Errorf("subtitles of %s, stream %d: %w", path, chosen.Index, err)
		}
		for _, c := range cues {
			out.Cues = append(out.Cues, cueJSON{StartS: seconds(c.Start), EndS: seconds(c.End), Text: c.Text})
		}
		if out.Warnings == nil {
			out.Warnings = []string{}
		}
	}
	if asJSON {
		return writeJSON(e.Stdout, out)
	}
	for _, w := range out.Warnings {
		fmt.Fprintf(e.Stderr, "warning: %s\n", w)
	}
	if len(out.Tracks) == 0 {
		fmt.Fprintf(e.Stdout, "%s has no embedded subtitle tracks\n", path)
		return nil
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, t := range out.Tracks {
		mark := " "
		if t.Index == out.Track {
			mark = "*"
		}
		extra := ""
		if t.Forced {
			extra = ", forced"
		}
		if t.Title != "" {
			extra += ", " + t.Title
		}
		fmt.Fprintf(w, "%s Stream %d\t%s, %s, %s%s\n", mark, t.Index, t.Kind, t.Codec, orUnknown(t.Language), extra)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "\n%d lines of stream %d:\n", len(out.Cues), out.Track)
	for _, c := range out.Cues {
		text := strings.ReplaceAll(c.Text, "\n", " / ")
		fmt.Fprintf(e.Stdout, "%s → %s  %s\n", preciseClock(c.StartS), preciseClock(c.EndS), text)
	}
	return nil
}

func orUnknown(lang string) string {
	if lang == "" {
		return "language unknown"
	}
	return lang
}

// preciseClock is H:MM:SS.mmm.
func preciseClock(s float64) string {
	d := time.Duration(s * float64(time.Second)).Round(time.Millisecond)
	return fmt.Sprintf("%d:%02d:%02d.%03d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60, int(d.Milliseconds())%1000)
}

type thumbsJSON struct {
	Path   string      `json:"path"`
	Thumbs []thumbJSON `json:"thumbs"`
	Error  string      `json:"error,omitempty"` // why the film stopped part of the way (an incomplete file)
}

type thumbJSON struct {
	TimeS float64 `json:"time_s"`
	Path  string  `json:"path"`
}

func cmdThumbs(ctx context.Context, e *Env, path, out string, width int, asJSON bool) error {
	if out == "" {
		return usagef("--out DIR is required")
	}
	if width < 16 || width > 7680 {
		return usagef("--width must be between 16 and 7680")
	}
	kfs, err := ffmpeg.Keyframes(ctx, path, out, ffmpeg.KeyframeOptions{Width: width})
	if err != nil && !errors.Is(err, ffmpeg.ErrIncomplete) {
		return err
	}
	// An incomplete film's thumbnails up to where it stops are listed, and the exit says it
	// stopped.
	if asJSON {
		res := thumbsJSON{Path: path, Thumbs: []thumbJSON{}}
		for _, k := range kfs {
			res.Thumbs = append(res.Thumbs, thumbJSON{TimeS: seconds(k.Time), Path: k.Path})
		}
		if err != nil {
			res.Error = err.Error()
		}
		if werr := writeJSON(e.Stdout, res); werr != nil {
			return werr
		}
		return err
	}
	for _, k := range kfs {
		fmt.Fprintf(e.Stdout, "%s  %s\n", clock(k.Time), k.Path)
	}
	fmt.Fprintf(e.Stderr, "%d keyframe thumbnails in %s\n", len(kfs), out)
	return err
}

// scenesJSON is the stable shape of `reel scenes --json`.
type scenesJSON struct {
	Path      string      `json:"path"`
	FPS       float64     `json:"fps"`
	Frames    int64       `json:"frames"`
	DurationS float64     `json:"duration_s"`
	Scenes    []sceneJSON `json:"scenes"`
	Error     string      `json:"error,omitempty"` // why the film stopped part of the way (an incomplete file)
}

type sceneJSON struct {
	Index      int     `json:"index"`
	StartS     float64 `json:"start_s"`
	EndS       float64 `json:"end_s"`
	StartFrame int64   `json:"start_frame"`
	Thumb      string  `json:"thumb"`
	ThumbS     float64 `json:"thumb_s,omitempty"`
}

func cmdScenes(ctx context.Context, e *Env, path, thumbs string, asJSON bool) error {
	opt := ffmpeg.SceneOptions{ThumbDir: thumbs}
	if isTerminal(e.Stderr) {
		opt.Report = func(p ffmpeg.SceneProgress) {
			if p.Duration > 0 {
				fmt.Fprintf(e.Stderr, "\rscanning %s / %s, %d scenes ", clock(p.Position), clock(p.Duration), p.Scenes)
			}
		}
		defer fmt.Fprint(e.Stderr, "\r\033[K")
	}
	res, err := ffmpeg.DetectScenes(ctx, path, opt)
	if err != nil && !errors.Is(err, ffmpeg.ErrIncomplete) {
		return err
	}
	if asJSON {
		out := scenesJSON{Path: path, FPS: res.FPS, Frames: res.Frames, DurationS: seconds(res.Duration), Scenes: []sceneJSON{}}
		for _, s := range res.Scenes {
			out.Scenes = append(out.Scenes, sceneJSON{Index: s.Index, StartS: seconds(s.Start), EndS: seconds(s.End),
				StartFrame: s.StartFrame, Thumb: s.Thumb, ThumbS: seconds(s.ThumbAt)})
		}
		if err != nil {
			out.Error = err.Error()
		}
		if werr := writeJSON(e.Stdout, out); werr != nil {
			return werr
		}
		return err
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "Scene\tStart\tEnd\tFrame\tThumbnail")
	for _, s := range res.Scenes {
		fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\n", s.Index+1, clock(s.Start), clock(s.End), s.StartFrame, s.Thumb)
	}
	if werr := w.Flush(); werr != nil {
		return werr
	}
	return err
}

func cmdDemo(ctx context.Context, e *Env, dir string) error {
	start := time.Now()
	err := demo.Write(ctx, dir, core.DemoEncoder{}, func(p demo.Progress) {
		fmt.Fprintf(e.Stderr, "[%d/%d] %s\n", p.Done, p.Total, p.Film)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stderr, "demo library written to %s in %.1f s\n", dir, time.Since(start).Seconds())
	return nil
}

// cmdExportChapters finds the film (a path, or an id in the library), detects its scenes and
// writes them next to it: "<film>.ffmetadata" (for ffmpeg -i film -i film.ffmetadata
// -map_metadata 1 -c copy) or "<film>.edl". It never overwrites without --force.
func cmdExportChapters(ctx context.Context, e *Env, ref string, edl, force, perShot bool) error {
	path := e.abs(ref)
	var chapters []store.StoryScene
	if _, err := os.Stat(path); err != nil {
		lib, err := e.Library(ctx)
		if err != nil {
			return err
		}
		f, err := findFilm(e, lib.Store, ref)
		if err == nil {
			// The narrative scenes of the library's analysis (`reel analyze`), when there are.
			if a, ok, aerr := lib.Store.Analysis(f.ID); aerr == nil && ok && a.Hash == f.Hash && len(a.Story) > 0 {
				chapters = a.Story
				if perShot {
					chapters = store.Analysis{Scenes: a.Scenes}.Chapters()
				}
			}
		}
		lib.Close()
		if err != nil {
			return err
		}
		path = f.Path
	}
	out := strings.TrimSuffix(path, filepath.Ext(path)) + ".ffmetadata"
	if edl {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + ".edl"
	}
	if _, err := os.Stat(out); err == nil && !force {
		return usagef("%s is already there; --force replaces it", out)
	}
	if chapters == nil {
		// A file outside the library: its shots, grouped by their look and fades alone.
		thumbs, err := os.MkdirTemp("", "reel-chapters-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(thumbs)
		res, err := ffmpeg.DetectScenes(ctx, path, ffmpeg.SceneOptions{ThumbDir: thumbs, ThumbWidth: 160})
		if err != nil {
			return err
		}
		var shots []store.Scene
		for _, s := range res.Scenes {
			shots = append(shots, store.Scene{Start: s.Start, End: s.End, Thumb: s.Thumb, Black: s.Black})
		}
		chapters = index.Group(shots, nil)
		if perShot {
			chapters = store.Analysis{Scenes: shots}.Chapters()
		}
	}
	text := ffmetadata(chapters)
	if edl {
		text = edlText(chapters)
	}
	if err := atomicfile.WriteFile(out, []byte(text), 0o644); err != nil {
		return err
	}
	unit := "scenes"
	if perShot {
		unit = "shots"
	}
	fmt.Fprintf(e.Stdout, "%d %s written to %s\n", len(chapters), unit, out)
	return nil
}

func ffmetadata(scenes []store.StoryScene) string {
	var b strings.Builder
	b.WriteString(";FFMETADATA1\n")
	for i, s := range scenes {
		fmt.Fprintf(&b, "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=Scene %d\n", s.Start.Milliseconds(), s.End.Milliseconds(), i+1)
	}
	return b.String()
}

// edlText writes one line per cut in the EDL Kodi and MPlayer read: "start end action", with
// action 3 (a chapter mark, Kodi's "scene marker") at each scene start.
func edlText(scenes []store.StoryScene) string {
	var b strings.Builder
	for _, s := range scenes[1:] {
		t := s.Start.Seconds()
		fmt.Fprintf(&b, "%.3f\t%.3f\t3\n", t, t)
	}
	return b.String()
}
