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
	"github.com/reel-app/reel/player"
)

// SceneFinder splits a film into scenes and writes a thumbnail per scene into thumbDir.
// player/ffmpeg provides it.
type SceneFinder interface {
	Scenes(ctx context.Context, path, thumbDir string) ([]player.Scene, error)
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
		res = store.Analysis{Hash: f.Hash}
		if err != nil {
			res.Error = err.Error()
		}
		for _, s := range scenes {
			res.Scenes = append(res.Scenes, store.Scene{Start: s.Start, End: s.End, StartFrame: s.StartFrame, Thumb: s.Thumb, Black: s.Black})
		}
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
		if !ok || got.Hash != f.Hash || thumbsGone(got) || ungrouped(got) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AddedAt.After(out[j].AddedAt) })
	return out, nil
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
