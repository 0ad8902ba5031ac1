package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// The user's data goes out and comes back, into another library where the same film has another
// id and another path (found by its content).
func TestExportImport(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	put := func(data string, f store.Film, u store.UserData, notes ...store.SceneNote) {
		st, err := store.Open(filepath.Join(data, "data", "library.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		st.PutFilm(f)
		if u != (store.UserData{}) {
			st.PutUser(f.ID, u)
		}
		for _, n := range notes {
			st.PutNote(f.ID, n)
		}
	}
	mine := store.UserData{Rating: 4, Review: "Lovely.", Watched: true, PlayCount: 2, Position: 90 * time.Second}
	put(a, store.Film{ID: "x1", Path: "/old/film.mkv", Hash: "h1", Title: "Film"}, mine, store.SceneNote{Scene: 1, Summary: "A walk."})
	put(a, store.Film{ID: "x2", Path: "/old/gone.mkv", Hash: "h2", Title: "Gone"}, store.UserData{Rating: 2})
	put(a, store.Film{ID: "x3", Path: "/old/untouched.mkv", Hash: "h3", Title: "Untouched"}, store.UserData{})
	put(b, store.Film{ID: "y1", Path: "/new/Film (2001).mkv", Hash: "h1", Title: "Film"}, store.UserData{})

	file := filepath.Join(t.TempDir(), "mine.json")
	if code, out, errs := reel(t, "--data", a, "export", file); code != 0 || !strings.Contains(out, "2 films") {
		t.Fatalf("export: %d %s %s", code, out, errs)
	}
	code, out, errs := reel(t, "import", file, "--data", b)
	if code != 0 || !strings.Contains(out, "1 films (1 not in this library)") || !strings.Contains(errs, "Gone is not in this library") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	if strings.Contains(out, "reindex") {
		t.Errorf("import still asks for a reindex: %s", out)
	}
	// The imported notes are searchable at once, as after an import from the window.
	code, out, errs = reel(t, "--data", b, "search", "walk", "--json")
	var found struct {
		Lines []struct {
			FilmID string `json:"film_id"`
			Note   bool   `json:"note"`
		} `json:"lines"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &found) != nil || len(found.Lines) != 1 || !found.Lines[0].Note || found.Lines[0].FilmID != "y1" {
		t.Errorf("search for the imported note: %d %s %s", code, out, errs)
	}
	st, _ := store.Open(filepath.Join(b, "data", "library.db"))
	defer st.Close()
	if u, _ := st.User("y1"); u != mine {
		t.Errorf("imported %+v, want %+v", u, mine)
	}
	if n, _ := st.Notes("y1"); len(n) != 1 || n[0].Summary != "A walk." {
		t.Errorf("notes %+v", n)
	}
	os.WriteFile(file, []byte("{}"), 0o644)
	if code, _, errs := reel(t, "import", file, "--data", b); code != 1 || !strings.Contains(errs, "not a file from `reel export`") {
		t.Errorf("importing junk: %d %s", code, errs)
	}
}
