package core

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/reel-app/reel/index/atomicfile"
	"github.com/reel-app/reel/index/store"
)

// UserExport is the stable shape of `reel export`: what the user made of their films (ratings,
// reviews, history, positions) and the scene notes, keyed so that another library (another
// machine, or the same films under other names) can take them back.
type UserExport struct {
	Version  int          `json:"version"`
	Exported time.Time    `json:"exported"`
	Films    []FilmExport `json:"films"`
}

// FilmExport is one film of an export.
type FilmExport struct {
	ID    string            `json:"id"`
	Path  string            `json:"path"`
	Hash  string            `json:"hash"`
	Title string            `json:"title"`
	Year  int               `json:"year,omitempty"`
	User  store.UserData    `json:"user"`
	Notes []store.SceneNote `json:"notes,omitempty"`
}

// ExportUserData writes what the user made of their films to path (atomically) and returns
// for how many films.
func ExportUserData(st *store.Store, path string) (int, error) {
	films, err := st.Films(true)
	if err != nil {
		return 0, err
	}
	out := UserExport{Version: 1, Exported: time.Now().UTC().Truncate(time.Second), Films: []FilmExport{}}
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
		out.Films = append(out.Films, FilmExport{ID: f.ID, Path: f.Path, Hash: f.Hash, Title: f.Title, Year: f.Year, User: u, Notes: notes})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return 0, err
	}
	if err := atomicfile.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return len(out.Films), nil
}

// ReadExport reads a `reel export` file.
func ReadExport(path string) (UserExport, error) {
	var in UserExport
	data, err := os.ReadFile(path)
	if err != nil {
		return in, fmt.Errorf("import: %w", err)
	}
	if err := json.Unmarshal(data, &in); err != nil || in.Version != 1 {
		return in, fmt.Errorf("import: %s is not a file from `reel export` (%v)", path, err)
	}
	return in, nil
}

// ImportUserData takes back what an export holds: each film is matched by id, then path, then
// content hash. The imported scene notes are searchable at once. It returns the films that took
// data back and the titles of those not found.
func ImportUserData(lib *Library, in UserExport) (done []string, skipped []string, err error) {
	st := lib.Store
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
	for _, id := range done {
		notes, err := st.Notes(id)
		if err == nil && len(notes) > 0 {
			err = lib.Index.IndexNotes(id, notes)
		}
		if err != nil {
			return done, skipped, fmt.Errorf("import: index the notes: %w", err)
		}
	}
	return done, skipped, nil
}
