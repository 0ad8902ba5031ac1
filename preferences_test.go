package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
)

func newAppSettings(t *testing.T, dir string) *appSettings {
	t.Helper()
	p, err := core.PlacesFor(dir)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	st, err := core.LoadSettings(p)
	if err != nil {
		t.Fatal(err)
	}
	return &appSettings{SettingsFile: core.NewSettingsFile(p, st), lib: lib}
}

// What the settings window changes is in settings.json when Reel starts again.
func TestPreferencesPersist(t *testing.T) {
	dir := t.TempDir()
	s := newAppSettings(t, dir)
	if got := s.Preferences(); got != (app.Preferences{SendFrames: true}) {
		t.Errorf("defaults %+v: pictures may go to a vision model, the plot may not", got)
	}
	var hosts []string
	s.hostChanged = func(h string) { hosts = append(hosts, h) }
	want := app.Preferences{Ollama: "http://10.0.0.5:11434", SendPlot: true, SendFrames: false, Language: "zh"}
	if err := s.SetPreferences(want); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoots([]string{"/films"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPreferences(want); err != nil { // the same address again: no reconnect
		t.Fatal(err)
	}
	if len(hosts) != 1 || hosts[0] != want.Ollama {
		t.Errorf("the companion was pointed at %v, want once at %s", hosts, want.Ollama)
	}
	again, err := core.LoadSettings(s.SettingsFile.Places())
	if err != nil {
		t.Fatal(err)
	}
	if again.Ollama != want.Ollama || !again.SendPlot || !again.NoFrames || again.Language != "zh" || len(again.Roots) != 1 {
		t.Errorf("after a restart: %+v", again)
	}
	places := s.Places()
	if len(places) != 4 || places[2].Path != filepath.Join(dir, "cache") || places[3].Path != filepath.Join(dir, "state") {
		t.Errorf("places %+v", places)
	}
}

// Clearing the caches deletes posters and thumbnails, and says how much it freed; the search
// index (also in the cache folder) is left alone.
func TestClearCaches(t *testing.T) {
	dir := t.TempDir()
	s := newAppSettings(t, dir)
	cache := filepath.Join(dir, "cache")
	for _, f := range []string{"posters/a.jpg", "scenes/x/scene-001.jpg", "scenes/x/scene-002.jpg"} {
		os.MkdirAll(filepath.Dir(filepath.Join(cache, f)), 0o755)
		os.WriteFile(filepath.Join(cache, f), make([]byte, 1000), 0o644)
	}
	freed, err := s.ClearCaches(context.Background())
	if err != nil || freed != 3000 {
		t.Fatalf("freed %d, %v; want 3000", freed, err)
	}
	for _, d := range []string{"posters", "scenes"} {
		if _, err := os.Stat(filepath.Join(cache, d)); !os.IsNotExist(err) {
			t.Errorf("%s still there: %v", d, err)
		}
	}
	if _, err := os.Stat(filepath.Join(cache, "search")); err != nil {
		t.Errorf("the search index went too: %v", err)
	}
}

// Export and import from the settings window: the imported notes are searchable at once.
func TestSettingsExportImport(t *testing.T) {
	a := newAppSettings(t, t.TempDir())
	b := newAppSettings(t, t.TempDir())
	a.lib.Store.PutFilm(store.Film{ID: "x1", Path: "/old/film.mkv", Hash: "h1", Title: "Film"})
	a.lib.Store.PutUser("x1", store.UserData{Rating: 5})
	a.lib.Store.PutNote("x1", store.SceneNote{Scene: 0, Start: 2 * time.Minute, Summary: "The lighthouse keeper climbs the stairs."})
	b.lib.Store.PutFilm(store.Film{ID: "y1", Path: "/new/film.mkv", Hash: "h1", Title: "Film"})
	b.lib.Store.PutFilm(store.Film{ID: "y2", Path: "/new/other.mkv", Hash: "h9", Title: "Other"})

	file := filepath.Join(t.TempDir(), "mine.json")
	if n, err := a.ExportUserData(context.Background(), file); n != 1 || err != nil {
		t.Fatalf("export: %d %v", n, err)
	}
	res, err := b.ImportUserData(context.Background(), file)
	if err != nil || res.Films != 1 || len(res.Skipped) != 0 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if u, _ := b.lib.Store.User("y1"); u.Rating != 5 {
		t.Errorf("rating %d after import", u.Rating)
	}
	found, err := b.lib.Index.Search(context.Background(), search.Query{Text: "lighthouse stairs"})
	if err != nil || len(found.Lines) != 1 || !found.Lines[0].Note || found.Lines[0].FilmID != "y1" {
		t.Errorf("the imported note is not searchable: %+v %v", found.Lines, err)
	}
}
