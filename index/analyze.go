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
		if !ok || got.Hash != f.Hash || thumbsGone(got) {
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].AddedAt.After(out[j].AddedAt) })
	return out, nil
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
		scenes, err := a.Finder.Scenes(ctx, f.Path, filepath.Join(a.ThumbDir, f.ID))
		if ctx.Err() != nil {
			return i, ctx.Err() // cut short: this film is analysed again next time
		}
		res := store.Analysis{Hash: f.Hash}
		if err != nil {
			res.Error = err.Error()
		}
		for _, s := range scenes {
			res.Scenes = append(res.Scenes, store.Scene{Start: s.Start, End: s.End, StartFrame: s.StartFrame, Thumb: s.Thumb})
		}
		if err := a.Store.PutAnalysis(f.ID, res); err != nil {
			return i, fmt.Errorf("record the analysis of %s: %w", f.Path, err)
		}
	}
	report(AnalysisProgress{Done: len(pending), Total: len(pending)})
	return len(pending), nil
}
