package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/story"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
)

// SceneFinder splits a film into scenes and writes a thumbnail per scene into thumbDir.
// player/ffmpeg provides it.
type SceneFinder interface {
	Scenes(ctx context.Context, path, thumbDir string) ([]player.Scene, error)
}

// PictureReader reads a picture subtitle track (PGS, VobSub, DVB) as text, by OCR in the
// track's language; warnings are what was wrong with the track that did not stop it. core
// provides it.
type PictureReader interface {
	PictureCues(ctx context.Context, path string, stream int, lang string) ([]subtitle.Cue, []string, error)
}

// AnalysisProgress is how far the background analysis has got.
type AnalysisProgress struct {
	Done, Total int
	Film        string // title of the film being analysed
}

// Analyzer gives every film in the store its scenes and scene thumbnails, one film at a time.
// Each film's result is committed when it is done, so an analysis cut short (the window
// closed, the process killed) goes on where it stopped the next time it runs.
type Analyzer struct {
	Store    *store.Store
	Finder   SceneFinder
	ThumbDir string // scene thumbnails go in ThumbDir/<film id>/
	// Yield, when set, is called before each film; it blocks while something more important
	// (playback) needs the machine, and returns an error to stop.
	Yield func(ctx context.Context) error
	// Pictures, when set, reads each picture subtitle track as text: its lines join the
	// film's dialogue (search, keywords, mood, the companion) like a text track's. Index, when
	// set, is told of them at once.
	Pictures PictureReader
	Index    Indexer
}

// analyse finds a film's shots (unless the stored ones are still good) and groups them into
// narrative scenes. Only cancellation and store failures are errors: a film that cannot be
// decoded is an analysis with its Error.
func (a *Analyzer) analyse(ctx context.Context, f store.Film) (store.Analysis, error) {
	res, ok, err := a.Store.Analysis(f.ID)
	if err != nil {
		return res, err
	}
	if !ok || res.Hash != f.Hash || res.Error != "" || thumbsGone(res) || len(res.Scenes) == 0 {
		scenes, err := a.Finder.Scenes(ctx, f.Path, filepath.Join(a.ThumbDir, f.ID))
		if ctx.Err() != nil {
			return res, ctx.Err() // cut short: this film is analysed again next time
		}
		res = store.Analysis{Hash: f.Hash, Read: readKept(res, f.Hash)}
		if err != nil {
			res.Error = err.Error()
		}
		for _, s := range scenes {
			res.Scenes = append(res.Scenes, store.Scene{Start: s.Start, End: s.End, StartFrame: s.StartFrame, Thumb: s.Thumb, Black: s.Black})
		}
	}
	if err := a.readPictures(ctx, &f, &res); err != nil {
		return res, err
	}
	if len(res.Scenes) == 0 {
		return res, nil
	}
	cues, err := a.Store.Cues(f.ID)
	if err != nil {
		return res, fmt.Errorf("read the lines of %s: %w", f.Path, err)
	}
	res.Story, res.Grouped = Group(res.Scenes, cues), story.Version
	return res, ctx.Err()
}

// unreadPictures are the film's picture subtitle tracks not yet read as text ("#N").
func (a *Analyzer) unreadPictures(f store.Film, res store.Analysis) []store.Subtitle {
	if a.Pictures == nil {
		return nil
	}
	var out []store.Subtitle
	for _, s := range f.Subtitles {
		if _, done := res.Read[trackKey(s)]; s.Bitmap && s.Path == "" && !done {
			out = append(out, s)
		}
	}
	return out
}

func trackKey(s store.Subtitle) string { return fmt.Sprintf("#%d", s.Stream) }

// readPictures reads the film's picture subtitle tracks as text, each once: its lines replace
// that track's in the store (and the search index), and res.Read records it, with the reason
// when it could not be read (which is also the film's warning).
func (a *Analyzer) readPictures(ctx context.Context, f *store.Film, res *store.Analysis) error {
	tracks := a.unreadPictures(*f, *res)
	if len(tracks) == 0 {
		return nil
	}
	if res.Read == nil {
		res.Read = map[string]string{}
	}
	for _, s := range tracks {
		if a.Yield != nil {
			if err := a.Yield(ctx); err != nil {
				return err
			}
		}
		key := trackKey(s)
		lines, warnings, err := a.Pictures.PictureCues(ctx, f.Path, s.Stream, s.Language)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			res.Read[key] = err.Error()
			warnings = []string{"not read as text: " + err.Error()}
		} else {
			res.Read[key] = ""
		}
		// A scan may have run while the track was read (minutes for a feature): the film as
		// stored now is the one kept, and the lines only if it is still this content.
		now, ok, err := a.Store.Film(f.ID)
		if err != nil {
			return err
		}
		if !ok || now.Hash != f.Hash || now.Removed {
			return nil // changed or gone: analysed again when its turn comes
		}
		*f = now
		if err := a.putTrackLines(*f, key, s.Language, lines); err != nil {
			return err
		}
		if len(warnings) > 0 {
			for _, w := range warnings {
				f.Warnings = append(f.Warnings, fmt.Sprintf("subtitle track %s: %s", key, w))
			}
			if err := a.Store.PutFilm(*f); err != nil {
				return fmt.Errorf("record the warnings of %s: %w", f.Path, err)
			}
		}
	}
	return nil
}

// putTrackLines replaces one track's lines among the film's.
func (a *Analyzer) putTrackLines(f store.Film, track, lang string, lines []subtitle.Cue) error {
	old, err := a.Store.Cues(f.ID)
	if err != nil {
		return fmt.Errorf("read the lines of %s: %w", f.Path, err)
	}
	all := make([]store.Cue, 0, len(old)+len(lines))
	for _, c := range old {
		if c.Track != track {
			all = append(all, c)
		}
	}
	for _, c := range lines {
		all = append(all, store.Cue{Lang: lang, Track: track, Start: c.Start, End: c.End, Text: c.Text})
	}
	if err := a.Store.PutCues(f.ID, all); err != nil {
		return fmt.Errorf("record the lines of %s: %w", f.Path, err)
	}
	if a.Index == nil {
		return nil
	}
	if err := a.Index.IndexFilm(f, all, len(old)); err != nil {
		return err
	}
	return a.Index.Flush()
}

// Group groups a film's shots into narrative scenes, from their thumbnails' colours and the
// dialogue's timing. A thumbnail that cannot be read leaves its shot without colours.
func Group(shots []store.Scene, cues []store.Cue) []store.StoryScene {
	in := make([]story.Shot, len(shots))
	for i, s := range shots {
		in[i] = story.Shot{Start: s.Start, End: s.End, Black: s.Black}
		if s.Thumb != "" {
			in[i].Hist, _ = story.HistogramFile(s.Thumb)
		}
	}
	lines := make([]story.Line, len(cues))
	for i, c := range cues {
		lines[i] = story.Line{Start: c.Start, End: c.End}
	}
	var out []store.StoryScene
	for _, g := range story.Group(in, lines, story.Options{}) {
		out = append(out, store.StoryScene{Start: g.Start, End: g.End, First: g.First, Shots: g.Shots, Thumb: shots[g.Typical].Thumb})
	}
	return out
}

// Pending returns the films that need analysing: new ones, and ones whose file has changed.
// Newest first: the film just added is the one the user is about to look at.
func (a *Analyzer) Pending() ([]store.Film, error) {
	films, err := a.Store.Films(false)
	if err != nil {
		return nil, err
	}
	var out []store.Film
	for _, f := range films {
		got, ok, err := a.Store.Analysis(f.ID)
		if err != nil {
			return nil, err
		}
		if !ok || got.Hash != f.Hash || thumbsGone(got) || ungrouped(got) || len(a.unreadPictures(f, got)) > 0 {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AddedAt.After(out[j].AddedAt) })
	return out, nil
}

// readKept is which picture tracks an earlier analysis read, when it was of the same file:
// shots are found again (thumbnails deleted) without reading the pictures again.
func readKept(old store.Analysis, hash string) map[string]string {
	if old.Hash != hash {
		return nil
	}
	return old.Read
}

// ungrouped says the analysis has shots but no narrative scenes of the current grouping: it is
// grouped from the stored shots, without decoding the film again.
func ungrouped(a store.Analysis) bool {
	return a.Error == "" && len(a.Scenes) > 0 && a.Grouped < story.Version
}

// thumbsGone says whether the analysis's thumbnails were deleted (the cache cleared): the
// film is analysed again. The first thumbnail stands for all of them.
func thumbsGone(a store.Analysis) bool {
	for _, sc := range a.Scenes {
		if sc.Thumb != "" {
			_, err := os.Stat(sc.Thumb)
			return errors.Is(err, fs.ErrNotExist)
		}
	}
	return false
}

// Run analyses the pending films and returns how many it did. A film that cannot be analysed
// is recorded with its error (and not retried until its file changes); only cancellation or a
// store failure stops the run.
func (a *Analyzer) Run(ctx context.Context, report func(AnalysisProgress)) (int, error) {
	pending, err := a.Pending()
	if err != nil {
		return 0, err
	}
	return a.RunFilms(ctx, pending, report)
}

// RunFilms analyses the given films, in order, whether or not they need it (their stored
// shots are kept when still good: only the grouping is done again), committing each when it
// is done.
func (a *Analyzer) RunFilms(ctx context.Context, pending []store.Film, report func(AnalysisProgress)) (int, error) {
	if report == nil {
		report = func(AnalysisProgress) {}
	}
	for i, f := range pending {
		if a.Yield != nil {
			if err := a.Yield(ctx); err != nil {
				return i, err
			}
		}
		if err := ctx.Err(); err != nil {
			return i, err
		}
		report(AnalysisProgress{Done: i, Total: len(pending), Film: f.Title})
		res, err := a.analyse(ctx, f)
		if err != nil {
			return i, err
		}
		if err := a.Store.PutAnalysis(f.ID, res); err != nil {
			return i, fmt.Errorf("record the analysis of %s: %w", f.Path, err)
		}
	}
	report(AnalysisProgress{Done: len(pending), Total: len(pending)})
	return len(pending), nil
}
