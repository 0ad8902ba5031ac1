package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/store"
)

// analyzeCommands run the window's background analysis from the command line.
func analyzeCommands() []Command {
	var asJSON bool
	return []Command{
		{Name: "analyze", Library: true, Args: "[FILM...]", Summary: "find the films' shots, thumbnails and narrative scenes (all that need it, or the films named)", Min: 0, Max: -1,
			Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdAnalyze(ctx, e, a, asJSON)
			}},
	}
}

// analyzedJSON is the stable shape of `reel analyze --json`.
type analyzedJSON struct {
	Films []analyzedFilm `json:"films"`
}

type analyzedFilm struct {
	ID     string  `json:"id"`
	Title  string  `json:"title"`
	Shots  int     `json:"shots"`
	Scenes int     `json:"scenes"` // narrative scenes
	DurS   float64 `json:"duration_s"`
	Error  string  `json:"error,omitempty"`
}

// cmdAnalyze analyses the films named (or every film that needs it), one at a time, each
// committed when done: a run stopped part way goes on where it stopped.
func cmdAnalyze(ctx context.Context, e *Env, refs []string, asJSON bool) error {
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	p, err := e.Places()
	if err != nil {
		return err
	}
	title, shown := "", -1
	finder := core.SceneFinder{Report: func(at, d time.Duration) {
		// At most a hundred updates a film: the detector reports every 50 frames.
		if pct := int(100 * at / max(d, 1)); d > 0 && pct != shown {
			shown = pct
			fmt.Fprintf(e.Stderr, "\r\033[Kanalysing %s: %d%% (%s of %s)", title, pct, clock(at.Truncate(time.Second)), clock(d.Truncate(time.Second)))
		}
	}}
	a := &index.Analyzer{Store: lib.Store, Finder: finder, ThumbDir: p.SceneDir(), Pictures: core.PictureText{}, Index: lib.Index}
	var films []store.Film
	if len(refs) == 0 {
		if films, err = a.Pending(); err != nil {
			return err
		}
	}
	for _, ref := range refs {
		f, err := findFilm(e, lib.Store, ref)
		if err != nil {
			return err
		}
		films = append(films, f)
	}
	start := time.Now()
	_, err = a.RunFilms(ctx, films, func(pr index.AnalysisProgress) {
		title, shown = pr.Film, -1
		if pr.Done < pr.Total {
			fmt.Fprintf(e.Stderr, "\r\033[Kanalysing %s (%d of %d)", pr.Film, pr.Done+1, pr.Total)
		}
	})
	if len(films) > 0 {
		fmt.Fprintf(e.Stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	out := analyzedJSON{Films: []analyzedFilm{}}
	for _, f := range films {
		an, _, err := lib.Store.Analysis(f.ID)
		if err != nil {
			return err
		}
		out.Films = append(out.Films, analyzedFilm{ID: f.ID, Title: f.Title, Shots: len(an.Scenes), Scenes: len(an.Story), DurS: seconds(f.Duration), Error: an.Error})
	}
	if asJSON {
		return writeJSON(e.Stdout, out)
	}
	for _, f := range out.Films {
		if f.Error != "" {
			fmt.Fprintf(e.Stdout, "%s: %d shots, %d scenes (stopped: %s)\n", f.Title, f.Shots, f.Scenes, f.Error)
			continue
		}
		fmt.Fprintf(e.Stdout, "%s: %d shots, %d scenes\n", f.Title, f.Shots, f.Scenes)
	}
	if len(films) == 0 {
		fmt.Fprintln(e.Stdout, "Every film is analysed.")
	} else {
		fmt.Fprintf(e.Stderr, "analysed %d films in %.1f s\n", len(films), time.Since(start).Seconds())
	}
	return nil
}
