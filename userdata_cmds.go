package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/reel-app/reel/index/store"
)

// userExport is the stable shape of `reel export`: what the user made of their films (ratings,
// reviews, history, positions) and the scene notes, keyed so that another library (another
// machine, or the same films under other names) can take them back.
type userExport struct {
	Version  int          `json:"version"`
	Exported time.Time    `json:"exported"`
	Films    []filmExport `json:"films"`
}

type filmExport struct {
	ID    string            `json:"id"`
	Path  string            `json:"path"`
	Hash  string            `json:"hash"`
	Title string            `json:"title"`
	Year  int               `json:"year,omitempty"`
	User  store.UserData    `json:"user"`
	Notes []store.SceneNote `json:"notes,omitempty"`
}

func userDataCommands() []command {
	return []command{
		{name: "export", args: "FILE", summary: "write your ratings, reviews, history and scene notes to a JSON file", min: 1, max: 1,
			run: func(ctx context.Context, e *env, a []string) error { return cmdExport(ctx, e, a[0]) }},
		{name: "import", args: "FILE", summary: "take back ratings, reviews, history and notes from `reel export` (matched by id, path or content)", min: 1, max: 1,
			run: func(ctx context.Context, e *env, a []string) error { return cmdImport(ctx, e, a[0]) }},
	}
}

func cmdExport(_ context.Context, e *env, path string) error {
	st, err := store.Open(filepath.Join(e.places().Data, "library.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := exportUserData(st, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "exported your data for %d films to %s\n", n, path)
	return nil
}

// exportUserData writes what the user made of their films to path (atomically) and returns
// for how many films.
func exportUserData(st *store.Store, path string) (int, error) {
	films, err := st.Films(true)
	if err != nil {
		return 0, err
	}
	out := userExport{Version: 1, Exported: time.Now().UTC().Truncate(time.Second), Films: []filmExport{}}
	for _, f := range films {
		u, err := st.User(f.ID)
		if err != nil {
			return 0, err
		}
		notes, err := st.Notes(f.ID)
		if err != nil {
			return 0, err
		}
		if u == (store.UserData{}) && len(notes) == 0 {
			continue // nothing of the user's
		}
		out.Films = append(out.Films, filmExport{ID: f.ID, Path: f.Path, Hash: f.Hash, Title: f.Title, Year: f.Year, User: u, Notes: notes})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return 0, err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return len(out.Films), nil
}

func cmdImport(_ context.Context, e *env, path string) error {
	in, err := readExport(path) // a wrong file is said before the library is opened
	if err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(e.places().Data, "library.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	ids, skipped, err := importUserData(st, in)
	if err != nil {
		return err
	}
	done := len(ids)
	for _, title := range skipped {
		fmt.Fprintf(e.stderr, "reel import: %s is not in this library: skipped\n", title)
	}
	fmt.Fprintf(e.stdout, "imported your data for %d films (%d not in this library)\n", done, len(skipped))
	if done > 0 {
		fmt.Fprintln(e.stdout, "Scene notes are searchable after `reel reindex`.")
	}
	return nil
}

// readExport reads a `reel export` file.
func readExport(path string) (userExport, error) {
	var in userExport
	data, err := os.ReadFile(path)
	if err != nil {
		return in, fmt.Errorf("import: %w", err)
	}
	if err := json.Unmarshal(data, &in); err != nil || in.Version != 1 {
		return in, fmt.Errorf("import: %s is not a file from `reel export` (%v)", path, err)
	}
	return in, nil
}

// importUserData takes back what an export holds: each film is matched by id, then path, then
// content hash. It returns the films that took data back and the titles of those not found.
func importUserData(st *store.Store, in userExport) (done []string, skipped []string, err error) {
	for _, fe := range in.Films {
		f, ok, err := st.Film(fe.ID)
		if err == nil && !ok && fe.Path != "" {
			f, ok, err = st.FilmByPath(fe.Path)
		}
		if err == nil && !ok && fe.Hash != "" {
			f, ok, err = st.FilmByHash(fe.Hash)
		}
		if err != nil {
			return done, skipped, err
		}
		if !ok {
			skipped = append(skipped, fe.Title)
			continue
		}
		if err := st.PutUser(f.ID, fe.User); err != nil {
			return done, skipped, err
		}
		for _, n := range fe.Notes {
			if err := st.PutNote(f.ID, n); err != nil {
				return done, skipped, err
			}
		}
		done = append(done, f.ID)
	}
	return done, skipped, nil
}
