package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/keywords"
	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
)

// library is the window's view of the store and the search index.
type library struct {
	lib       *core.Library
	analyzer  *index.Analyzer
	analyzing sync.Mutex
	roots     func() []string
	st        *store.Store
	idx       *search.Index
	posters   *index.Posters
	texts     *assistant.Texts
}

func newLibrary(p core.Places, lib *core.Library, roots func() []string) *library {
	return &library{
		lib:      lib,
		roots:    roots,
		texts:    &assistant.Texts{Catalog: lib.Store},
		st:       lib.Store,
		idx:      lib.Index,
		posters:  &index.Posters{Dir: p.PosterDir(), Framer: core.PosterFramer{}},
		analyzer: &index.Analyzer{Store: lib.Store, Finder: core.SceneFinder{}, ThumbDir: p.SceneDir(), Pictures: core.PictureText{}, Index: lib.Index},
	}
}

// Analyze runs the background analysis of the films that need it, reporting in the status
// bar; one run at a time (a second call while one runs returns at once).
func (l *library) Analyze(ctx context.Context, report func(string, float64)) {
	if !l.analyzing.TryLock() {
		return
	}
	defer l.analyzing.Unlock()
	n, err := l.analyzer.Run(ctx, func(p index.AnalysisProgress) {
		if p.Done < p.Total {
			report(app.Tr("Finding scenes and reading picture subtitles: %[1]s (%[2]d of %[3]d)", p.Film, p.Done+1, p.Total), float64(p.Done)/float64(p.Total))
		}
	})
	switch {
	case err != nil && ctx.Err() == nil:
		slog.Error("scene analysis", "err", err)
		report(app.Tr("Scene analysis stopped: %v", err), -1)
	case n > 0:
		slog.Info("scene analysis done", "films", n)
		report(app.Trn("Scenes found for %d films", n), -1)
	}
}

// Films scans the library folders, then lists the films, by title.
func (l *library) Films(ctx context.Context, report func(string, float64)) ([]index.Film, []index.Warning, error) {
	stats, err := l.lib.Scan(ctx, l.roots(), func(p index.Progress) {
		if p.Phase == index.PhaseReading && p.Total > 0 {
			report(app.Tr("Reading films: %s", filepath.Base(p.Path)), float64(p.Done)/float64(p.Total))
		}
	})
	if err != nil {
		return nil, nil, err
	}
	all, err := l.st.Films(false)
	if err != nil {
		return nil, nil, err
	}
	roots := l.roots()
	films := make([]index.Film, 0, len(all))
	// The problems: what the walk met that is not a film (every scan meets it again), then
	// what each film keeps of its own, found when it was read (this scan or an earlier one).
	var problems []index.Warning
	for _, w := range stats.Warnings {
		if w.Film == "" {
			problems = append(problems, w)
		}
	}
	for _, f := range all {
		if index.UnderRoots(f.Path, roots) { // a folder the user removed takes its films with it
			for _, w := range f.Warnings {
				problems = append(problems, index.Warning{Path: f.Path, Reason: w, Film: f.Path})
			}
			lf := listed(f)
			if u, err := l.st.User(f.ID); err == nil {
				lf.Watched, lf.Rating = u.Watched, u.Rating
				if f.Duration > 0 && u.Position > 0 {
					lf.Played = min(1, u.Position.Seconds()/f.Duration.Seconds())
				}
			}
			films = append(films, lf)
		}
	}
	sort.SliceStable(films, func(i, j int) bool { return strings.ToLower(films[i].Title) < strings.ToLower(films[j].Title) })
	return films, problems, nil
}

func listed(f store.Film) index.Film {
	return index.Film{ID: f.ID, Path: f.Path, Title: f.Title, Year: f.Year, Edition: f.Edition, Plot: f.Plot,
		Genres: f.Genres, Size: f.Size, ModTime: f.ModTime}
}

func (l *library) PosterPath(ctx context.Context, f index.Film) (string, error) {
	return l.posters.Path(ctx, f)
}

func (l *library) Search(ctx context.Context, text string) (app.Results, error) {
	res, err := l.idx.Search(ctx, search.Query{Text: text, Limit: 60})
	if err != nil {
		return app.Results{}, err
	}
	var out app.Results
	for _, h := range res.Films {
		out.FilmIDs = append(out.FilmIDs, h.ID)
	}
	titles := map[string]string{}
	for _, h := range res.Lines {
		t, ok := titles[h.FilmID]
		if !ok {
			if f, found, _ := l.st.Film(h.FilmID); found {
				t = f.Title
			}
			titles[h.FilmID] = t
		}
		text := h.Text
		if h.Note {
			text = "Scene note: " + text
		}
		out.Lines = append(out.Lines, app.Line{FilmID: h.FilmID, Title: t, Start: h.Start, Text: text})
	}
	return out, nil
}

func (l *library) Details(ctx context.Context, id string) (app.Details, error) {
	f, ok, err := l.st.Film(id)
	if err != nil {
		return app.Details{}, err
	}
	if !ok {
		return app.Details{}, fmt.Errorf("film %s is no longer in the library", id)
	}
	cues, err := l.st.Cues(id)
	if err != nil {
		return app.Details{}, err
	}
	d := app.Details{Film: listed(f), Original: f.OriginalTitle, Tagline: f.Tagline, Directors: f.Directors,
		Duration: f.Duration, Warnings: f.Warnings, Lines: len(cues)}
	if an, ok, err := l.st.Analysis(id); err == nil && ok && an.Hash == f.Hash {
		for _, sc := range an.Chapters() {
			d.Scenes = append(d.Scenes, app.SceneThumb{Start: sc.Start, Thumb: sc.Thumb})
		}
		for _, sc := range an.Scenes {
			d.Shots = append(d.Shots, app.SceneThumb{Start: sc.Start, Thumb: sc.Thumb})
		}
	}
	d.Cast = core.Cast(f)
	if u, err := l.st.User(id); err == nil {
		d.Verdict = verdictOf(u)
	}
	if f.Width > 0 {
		d.Picture = fmt.Sprintf("%dx%d %s", f.Width, f.Height, f.VideoCodec)
	}
	for _, s := range f.Subtitles {
		lang := s.Language
		if lang == "" {
			lang = app.Tr("unknown language")
		}
		switch {
		case s.Path != "":
			d.Subtitles = append(d.Subtitles, app.Tr("%[1]s (%[2]s file)", lang, filepath.Ext(s.Path)[1:]))
		case s.Bitmap:
			d.Subtitles = append(d.Subtitles, app.Tr("%s (embedded pictures)", lang))
		default:
			d.Subtitles = append(d.Subtitles, app.Tr("%s (embedded)", lang))
		}
	}
	if t, err := l.texts.Film(ctx, id); err == nil {
		d.Keywords = keywords.Words(t.Keywords)
		if t.Lines > 0 {
			d.Mood = app.Trn("%[1]s (%[2]s over %[3]d lines)", t.Lines, app.MoodWord(t.Mood), fmt.Sprintf("%+.2f", t.Sentiment), t.Lines)
		}
		for _, p := range t.Arc {
			d.Arc = append(d.Arc, p.Compound)
		}
	} else {
		slog.Warn("keywords and sentiment", "film", f.Path, "err", err)
	}
	return d, nil
}

// Rate implements app.Verdicts.
func (l *library) Rate(_ context.Context, id string, stars int) (app.Verdict, error) {
	u, err := core.SetRating(l.st, id, stars)
	return verdictOf(u), err
}

// Review implements app.Verdicts.
func (l *library) Review(_ context.Context, id, text string) (app.Verdict, error) {
	u, err := core.SetReview(l.st, id, text)
	return verdictOf(u), err
}

// MarkWatched implements app.Verdicts.
func (l *library) MarkWatched(_ context.Context, id string, watched bool) (app.Verdict, error) {
	u, err := core.SetWatched(l.st, id, watched)
	return verdictOf(u), err
}

// verdictOf is what the film page shows of the user's data, with the mood of their review.
func verdictOf(u store.UserData) app.Verdict {
	v := app.Verdict{Rating: u.Rating, Review: u.Review, Watched: u.Watched, Position: u.Position, PlayCount: u.PlayCount}
	if strings.TrimSpace(u.Review) != "" {
		v.ReviewMood = sentiment.Text(u.Review).Label()
	}
	return v
}
