package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/store"
)

// verdictCommands keep what the user makes of a film (core.SetRating, SetReview, SetWatched):
// the same data the film page edits, read by the recommender at once.
func verdictCommands() []Command {
	var asJSON, off bool
	return []Command{
		{Name: "rate", Library: true, Args: "FILM STARS", Summary: "rate a film from 1 to 5 stars (0 takes the rating away); FILM is a title, id or path", Min: 2, Max: 2, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error {
				stars, err := strconv.Atoi(strings.TrimSuffix(a[1], "/5"))
				if err != nil {
					return fmt.Errorf("%w: rate %s: %q is not a number of stars (1 to 5, 0 for none)", errUsage, a[0], a[1])
				}
				return verdict(ctx, e, a[0], asJSON, func(st *store.Store, id string) (store.UserData, error) {
					return core.SetRating(st, id, stars)
				})
			}},
		{Name: "review", Library: true, Args: "FILM TEXT", Summary: "keep your review of a film (\"\" takes it away)", Min: 2, Max: -1, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error {
				text := strings.Join(a[1:], " ")
				return verdict(ctx, e, a[0], asJSON, func(st *store.Store, id string) (store.UserData, error) {
					return core.SetReview(st, id, text)
				})
			}},
		{Name: "watched", Library: true, Args: "FILM", Summary: "mark a film watched (--off: unwatched)", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.BoolVar(&off, "off", false, "mark the film unwatched")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return verdict(ctx, e, a[0], asJSON, func(st *store.Store, id string) (store.UserData, error) {
					return core.SetWatched(st, id, !off)
				})
			}},
	}
}

// verdict finds the film, changes its user data with set, and says what it holds now: the
// user's data, as in `reel info --json`'s "user", with the film's id and title.
func verdict(ctx context.Context, e *Env, ref string, asJSON bool, set func(*store.Store, string) (store.UserData, error)) error {
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	f, err := findFilm(e, lib.Store, ref)
	if err != nil {
		return err
	}
	u, err := set(lib.Store, f.ID)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.Stdout, map[string]any{"id": f.ID, "title": f.Title, "year": f.Year, "user": u})
	}
	fmt.Fprintf(e.Stdout, "%s: %s\n", filmName(f), verdictLine(u))
	return nil
}

// filmName is a film as people name it: "Charade (1963)".
func filmName(f store.Film) string {
	if f.Year > 0 {
		return fmt.Sprintf("%s (%d)", f.Title, f.Year)
	}
	return f.Title
}

// verdictLine says what the user made of a film: "4/5 · reviewed · watched".
func verdictLine(u store.UserData) string {
	var parts []string
	if u.Rating > 0 {
		parts = append(parts, fmt.Sprintf("%d/5", u.Rating))
	} else {
		parts = append(parts, "not rated")
	}
	if u.Review != "" {
		parts = append(parts, "reviewed")
	}
	if u.Watched {
		parts = append(parts, "watched")
	} else {
		parts = append(parts, "unwatched")
	}
	return strings.Join(parts, " · ")
}
