package app

import (
	"context"
	"time"

	"github.com/reel-app/reel/index"
)

// Library is what the library screens need from the film library.
type Library interface {
	// Films brings the library up to date with the user's folders (reporting progress) and
	// lists its films, with what could not be read.
	Films(ctx context.Context, report func(status string, done float64)) ([]index.Film, []index.Warning, error)
	// PosterPath returns an image file for the film's poster, making it if needed.
	PosterPath(ctx context.Context, f index.Film) (string, error)
	// Search finds films and lines of dialogue, best first.
	Search(ctx context.Context, text string) (Results, error)
	// Details returns what the film page shows.
	Details(ctx context.Context, id string) (Details, error)
}

// Results are what a search found.
type Results struct {
	FilmIDs []string
	Lines   []Line
}

// Line is a line of dialogue that matched.
type Line struct {
	FilmID string
	Title  string
	Start  time.Duration
	Text   string
}

// Details is what the film page shows of a film.
type Details struct {
	Film      index.Film
	Original  string
	Tagline   string
	Directors []string
	Cast      []string // "Name (Role)"
	Duration  time.Duration
	Picture   string   // "1920x1080 h264"
	Subtitles []string // languages and sources
	Warnings  []string
	Lines     int
	Scenes    []SceneThumb // the narrative scenes; empty until the background analysis has reached the film
	Shots     []SceneThumb // every shot, for the seek bar's previews
	Keywords  []string     // the words that set the film apart (TF-IDF over the library)
	Mood      string       // "positive (+0.43 over 4 lines)", "" without lines
	Arc       []float64    // the sentiment across the film, -1 to 1, in equal stretches
	Verdict   Verdict      // what the user made of it
}

// Verdicts keeps what the user makes of their films: the film page and the cards' menus
// change it, and the recommender reads it on its next call. Each method returns the film's
// verdict as stored after the change.
type Verdicts interface {
	// Rate sets the user's stars, 1–5, or 0 for none.
	Rate(ctx context.Context, id string, stars int) (Verdict, error)
	// Review keeps the user's review ("" takes it away).
	Review(ctx context.Context, id, text string) (Verdict, error)
	// MarkWatched marks the film watched or not.
	MarkWatched(ctx context.Context, id string, watched bool) (Verdict, error)
}

// Verdict is what the user made of a film.
type Verdict struct {
	Rating     int // 1–5, 0 for none
	Review     string
	ReviewMood string // the sentiment of the review: "positive", "negative", "neutral", "" for none
	Watched    bool
	Position   time.Duration // where the viewer stopped, 0 for none
	PlayCount  int
}

// SceneThumb is one scene on the film page's strip.
type SceneThumb struct {
	Start time.Duration
	Thumb string // image file
}

// Preparer readies the library before it is listed (on first run, by writing the demo
// library). It reports progress as a sentence and a fraction done.
type Preparer func(ctx context.Context, report func(status string, done float64)) error

// Folders are the library folders the user has chosen.
type Folders interface {
	Roots() []string
	SetRoots(roots []string) error
}
