package core

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"

	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
)

// Library is the open library: the store (the source of truth, in the data folder) and its
// search index (a cache of the store, in the cache folder).
type Library struct {
	Store *store.Store
	Index *search.Index
	// scanning makes scans of the library one at a time (the window's own, and one it runs for
	// the command line): a token, taken or waited for until the context ends.
	scanning chan struct{}
	shared   bool // a view of a library someone else closes (Shared)
}

// OpenLibrary opens the store and its search index under p, rebuilding the index if it needs
// it. It is the one place either is opened; the caller closes the library.
func OpenLibrary(ctx context.Context, p Places) (*Library, error) {
	return openLibrary(ctx, p, search.Open)
}

// RebuildLibrary opens the store under p with a search index rebuilt from it (reel reindex):
// whatever index was there is replaced, and not read first.
func RebuildLibrary(ctx context.Context, p Places) (*Library, error) {
	return openLibrary(ctx, p, search.Rebuild)
}

func openLibrary(ctx context.Context, p Places, index func(context.Context, string, *store.Store) (*search.Index, error)) (*Library, error) {
	st, err := store.Open(filepath.Join(p.Data, "library.db"))
	if err != nil {
		return nil, err
	}
	idx, err := index(ctx, filepath.Join(p.Cache, "search"), st)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &Library{Store: st, Index: idx, scanning: make(chan struct{}, 1)}, nil
}

// ErrShared is reel reindex's answer while the window holds the library and its index.
var ErrShared = errors.New("the Reel window has the search index open: close the window, then run reel reindex " +
	"(the window rebuilds a damaged index by itself when it starts)")

// Shared is the same library for someone who must not close it: the window's library, lent
// to a command the window runs for the command line. Its Close does nothing.
func (l *Library) Shared() *Library {
	c := *l
	c.shared = true
	return &c
}

// Close closes the index, then the store (a Shared library stays open).
func (l *Library) Close() error {
	if l.shared {
		return nil
	}
	return errors.Join(l.Index.Close(), l.Store.Close())
}

// Scan finds the films under roots and updates the library (index.Scanner with FFmpeg's prober
// and text tracks), one scan at a time, then checkpoints the index.
func (l *Library) Scan(ctx context.Context, roots []string, report func(index.Progress)) (index.ScanStats, error) {
	select {
	case l.scanning <- struct{}{}:
	case <-ctx.Done():
		return index.ScanStats{}, ctx.Err()
	}
	defer func() { <-l.scanning }()
	stats, err := l.scanner().Scan(ctx, roots, report)
	if err != nil {
		return stats, err
	}
	// The index has every change the scan made: say so, or the next start rebuilds it.
	if err := l.checkpoint(); err != nil {
		slog.Warn("search index checkpoint: the next start rebuilds the index", "err", err)
	}
	return stats, nil
}

// scanner is the library scanner with FFmpeg's prober and text tracks, keeping the index up
// to date as it goes.
func (l *Library) scanner() *index.Scanner {
	return &index.Scanner{Store: l.Store, Prober: FFmpegProber{}, Tracks: FFmpegTracks{}, Index: l.Index}
}

// checkpoint records that the index holds every change made to the store so far, so the next
// start does not rebuild it.
func (l *Library) checkpoint() error {
	gen, err := l.Store.Generation()
	if err != nil {
		return nil // the next start finds out, and rebuilds
	}
	return l.Index.Checkpoint(gen)
}

// Cast is the film's cast as people read it: "Name (Role)", or the name alone.
func Cast(f store.Film) []string {
	var out []string
	for _, p := range f.Cast {
		if p.Role != "" {
			out = append(out, p.Name+" ("+p.Role+")")
		} else {
			out = append(out, p.Name)
		}
	}
	return out
}
