package app

import (
	"context"

	"github.com/reel-app/reel/index"
)

// Library is what the library screen needs from the film library.
type Library interface {
	// Films lists the films in the user's folders, with what could not be read.
	Films(ctx context.Context) ([]index.Film, []index.Warning, error)
	// PosterPath returns an image file for the film's poster, making it if needed.
	PosterPath(ctx context.Context, f index.Film) (string, error)
}

// Preparer readies the library before it is listed (on first run, by writing the demo
// library). It reports progress as a sentence and a fraction done.
type Preparer func(ctx context.Context, report func(status string, done float64)) error
