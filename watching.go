package main

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/speaker"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// watching is the watch screen's view of Reel: FFmpeg playback into the sound device, subtitle
// tracks, and the resume position in the store. It also tells the background analysis to wait
// while a film plays.
type watching struct {
	st *store.Store // nil: nothing is remembered

	mu      sync.Mutex
	playing int
	idle    *sync.Cond
}

func newWatching(st *store.Store) *watching {
	w := &watching{st: st}
	w.idle = sync.NewCond(&w.mu)
	return w
}

// Open opens the sound device (the null device when there is no sound card) and the film.
func (w *watching) Open(ctx context.Context, path string, sink player.VideoSink, opt player.Options) (*player.Engine, error) {
	spk, err := speaker.Open(speaker.Options{})
	var out player.AudioOut
	popt := ffmpeg.PlaybackOptions{}
	if err != nil {
		slog.Warn("no sound output; playing pictures only", "err", err)
	} else {
		out = spk
		popt.AudioRate, popt.AudioChannels = spk.Format()
	}
	media, err := ffmpeg.OpenPlayback(ctx, path, popt)
	if err != nil {
		if spk != nil {
			_ = spk.Close()
		}
		return nil, err
	}
	w.mu.Lock()
	w.playing++
	w.mu.Unlock()
	eng := player.New(media, out, sink, opt)
	go func() {
		<-ctx.Done()
		w.mu.Lock()
		w.playing--
		w.mu.Unlock()
		w.idle.Broadcast()
	}()
	return eng, nil
}

// Yield blocks while a film plays (for index.Analyzer): scene detection decodes whole films and
// would take the cores the picture needs.
func (w *watching) Yield(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		w.mu.Lock()
		w.idle.Broadcast()
		w.mu.Unlock()
	})
	defer stop()
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.playing > 0 && ctx.Err() == nil {
		w.idle.Wait()
	}
	return ctx.Err()
}

// Subtitles reads the subtitle files beside the film and its embedded text tracks. A film of
// the library has the lines of its embedded tracks in the store since its scan, by track:
// those are used, not read again from the film (which reads every packet of a feature, once
// per track: a second of disk time per GB, minutes from a NAS). A file that cannot be read is
// skipped with a log line.
func (w *watching) Subtitles(ctx context.Context, filmID, path string) []app.SubtitleTrack {
	var out []app.SubtitleTrack
	info, probeErr := ffmpeg.Probe(ctx, path)
	var video image.Point
	if v, ok := info.Video(); ok && probeErr == nil {
		video = image.Pt(v.Width, v.Height)
	}
	var fonts []ffmpeg.Font
	fontsRead := false
	for _, sf := range index.Sidecars(path) {
		tr, err := subtitle.ReadFile(sf.Path, sf.Format, sf.Language)
		if err != nil {
			slog.Warn("subtitle file skipped", "path", sf.Path, "err", err)
			continue
		}
		track := app.SubtitleTrack{Label: sidecarLabel(sf), Language: sf.Language, Cues: tr.Cues}
		if isStyled(sf.Format) {
			// Drawn by libass as authored, with the film's attached fonts; read as plain
			// lines when libass cannot.
			if !fontsRead {
				fontsRead = true
				var warnings []string
				if fonts, warnings, err = ffmpeg.FontAttachments(ctx, path); err == nil && len(warnings) > 0 {
					slog.Warn("film fonts", "path", path, "warnings", warnings)
				}
			}
			script, err := subtitle.ReadText(sf.Path, sf.Language)
			var st *ffmpeg.StyledTrack
			if err == nil {
				st, err = ffmpeg.OpenStyledScript(sf.Path, script, fonts, video)
			}
			if err != nil {
				slog.Warn("styled subtitles drawn as plain lines", "path", sf.Path, "err", err)
			} else {
				track.Pictures = st
				context.AfterFunc(ctx, st.Close)
			}
		}
		out = append(out, track)
	}
	if probeErr != nil {
		return out
	}
	stored := w.storedTracks(filmID, path)
	for _, s := range info.Streams {
		if s.Type != player.StreamSubtitle || s.Bitmap || isStyled(s.Codec) {
			continue // drawn as pictures: PictureTracks
		}
		cues, ok := stored[fmt.Sprintf("#%d", s.Index)]
		if !ok {
			var err error
			if cues, err = (core.FFmpegTracks{}).TextCues(ctx, path, s.Index); err != nil {
				continue
			}
		}
		if len(cues) == 0 {
			continue
		}
		label := app.Tr("Embedded #%d", s.Index)
		if s.Language != "" {
			label += " · " + s.Language
		}
		if s.Title != "" {
			label += " · " + s.Title
		}
		out = append(out, app.SubtitleTrack{Label: label, Language: s.Language, Cues: cues})
	}
	return out
}

// storedTracks are the lines the scan stored of film id's embedded tracks, by track ("#N"),
// when the library's record is of this very file; none for a library scanned before tracks
// were kept (those are read from the film).
func (w *watching) storedTracks(id, path string) map[string][]subtitle.Cue {
	if w.st == nil || id == "" {
		return nil
	}
	f, ok, err := w.st.Film(id)
	if err != nil || !ok || f.Path != path {
		return nil
	}
	if info, err := os.Stat(path); err != nil || info.Size() != f.Size || !info.ModTime().Equal(f.ModTime) {
		return nil // changed since the scan: its stored lines may not be its own
	}
	cues, err := w.st.Cues(id)
	if err != nil {
		return nil
	}
	out := map[string][]subtitle.Cue{}
	for _, c := range cues {
		if strings.HasPrefix(c.Track, "#") {
			out[c.Track] = append(out[c.Track], subtitle.Cue{Start: c.Start, End: c.End, Text: c.Text})
		}
	}
	// A track the scan read and found empty has no lines stored: it is not read again either.
	for _, s := range f.Subtitles {
		if s.Path == "" && !s.Bitmap {
			if k := fmt.Sprintf("#%d", s.Stream); out[k] == nil && len(out) > 0 {
				out[k] = []subtitle.Cue{}
			}
		}
	}
	return out
}

// PictureTracks reads the film's picture subtitle tracks in one pass while it plays (app:
// Watching): the screen draws from them as they fill in. A track's damage is a log line and
// that track shows what could be read.
func (w *watching) PictureTracks(ctx context.Context, path string, ready func([]app.SubtitleTrack)) {
	info, err := ffmpeg.Probe(ctx, path)
	if err != nil {
		return
	}
	var pictures []int
	styled := false
	for _, s := range info.Streams {
		if s.Type != player.StreamSubtitle {
			continue
		}
		switch {
		case s.Bitmap:
			pictures = append(pictures, s.Index)
		case isStyled(s.Codec):
			styled = true
		}
	}
	// Picture and styled tracks are read side by side: the styled ones of a film with both do
	// not wait for a pass over the whole file.
	var (
		mu      sync.Mutex
		shown   []app.SubtitleTrack
		closers []func()
		wg      sync.WaitGroup
	)
	defer func() {
		for _, c := range closers {
			c()
		}
	}()
	hand := func(tracks []app.SubtitleTrack, close []func()) {
		mu.Lock()
		defer mu.Unlock()
		shown = append(shown, tracks...)
		closers = append(closers, close...)
		ready(append([]app.SubtitleTrack(nil), shown...))
	}
	if len(pictures) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tracks []*ffmpeg.PictureTrack
			_, err := ffmpeg.ReadPictureTracks(ctx, path, pictures, ffmpeg.PictureTrackOptions{Ready: func(ts []*ffmpeg.PictureTrack) {
				tracks = ts
				var out []app.SubtitleTrack
				var close []func()
				for _, t := range ts {
					close = append(close, t.Close)
					out = append(out, app.SubtitleTrack{Label: pictureLabel(t), Language: t.Language, Pictures: pictureSubs{t}, Forced: t.Forced})
				}
				hand(out, close)
			}})
			if err != nil && ctx.Err() == nil {
				slog.Warn("picture subtitles not read", "path", path, "err", err)
			}
			for _, t := range tracks {
				if ws := t.Warnings(); len(ws) > 0 {
					slog.Warn("picture subtitle track", "path", path, "stream", t.Stream, "warnings", ws)
				}
			}
		}()
	}
	if styled {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tracks, err := ffmpeg.ReadStyledTracks(ctx, path, ffmpeg.StyledTrackOptions{Ready: func(ts []*ffmpeg.StyledTrack) {
				var out []app.SubtitleTrack
				var close []func()
				for _, t := range ts {
					close = append(close, t.Close)
					out = append(out, app.SubtitleTrack{Label: styledLabel(t.Stream, t.Language, t.Title), Language: t.Language, Pictures: t})
				}
				hand(out, close)
			}})
			if err != nil && ctx.Err() == nil {
				slog.Warn("styled subtitles not read", "path", path, "err", err)
			}
			for _, t := range tracks {
				if ws := t.Warnings(); len(ws) > 0 {
					slog.Warn("styled subtitle track", "path", path, "stream", t.Stream, "warnings", ws)
				}
			}
		}()
	}
	wg.Wait()
	if len(closers) > 0 {
		<-ctx.Done() // the tracks are drawn from until the film stops
	}
}

// isStyled says whether a subtitle codec is ASS/SSA, drawn by libass.
func isStyled(codec string) bool { return codec == "ass" || codec == "ssa" }

// styledLabel names a styled track: "English · styled", or "#N · styled".
func styledLabel(stream int, lang, title string) string {
	parts := []string{fmt.Sprintf("#%d", stream)}
	if name := languageName(lang); name != "" {
		parts = []string{name}
	}
	if title != "" {
		parts = append(parts, title)
	}
	return strings.Join(append(parts, app.Tr("styled")), " · ")
}

// pictureSubs is a picture track for the watch screen.
type pictureSubs struct{ t *ffmpeg.PictureTrack }

func (p pictureSubs) CueAt(t time.Duration, forcedOnly bool) int { return p.t.CueAt(t, forcedOnly) }

func (p pictureSubs) Draw(i, w, h int) (*image.RGBA, error) {
	c, err := p.t.Cue(i)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ffmpeg.DrawCue(img, c, p.t.Video)
	return img, nil
}

// pictureLabel names a picture track for the tracks menu: "English · picture", with its title
// and "forced" when it has them; "#N · picture" when it has no language.
func pictureLabel(t *ffmpeg.PictureTrack) string {
	parts := []string{fmt.Sprintf("#%d", t.Stream)}
	if name := languageName(t.Language); name != "" {
		parts = []string{name}
	}
	if t.Title != "" {
		parts = append(parts, t.Title)
	}
	if t.Forced {
		parts = append(parts, app.Tr("forced"))
	}
	return strings.Join(append(parts, app.Tr("picture")), " · ")
}

// languageName is a language tag's name in the UI's language ("eng" → "English", 英语).
func languageName(tag string) string {
	base := index.BaseLanguage(tag)
	if base == "" {
		return ""
	}
	ui, err := language.Parse(app.UILanguage())
	if err != nil {
		ui = language.English
	}
	name := display.Tags(ui).Name(language.Make(base))
	if name == "" {
		return tag
	}
	return name
}

func sidecarLabel(sf index.SubtitleFile) string {
	parts := []string{}
	if sf.Language != "" {
		parts = append(parts, sf.Language)
	}
	if sf.Forced {
		parts = append(parts, app.Tr("forced"))
	}
	if sf.SDH {
		parts = append(parts, "SDH")
	}
	parts = append(parts, app.Tr("%s file", sf.Format))
	return strings.Join(parts, " · ")
}

// Resume is where the viewer stopped (core.Resume); 0 for a film outside the library.
func (w *watching) Resume(id string) time.Duration {
	if w.st == nil || id == "" {
		return 0
	}
	at, err := core.Resume(w.st, id)
	if err != nil {
		return 0
	}
	return at
}

// SavePosition keeps where the viewer is (core.SavePosition: at 90 % or more the film is
// watched); a film outside the library is not remembered.
func (w *watching) SavePosition(id string, pos, dur time.Duration) error {
	if w.st == nil || id == "" {
		return nil
	}
	return core.SavePosition(w.st, id, pos, dur)
}
