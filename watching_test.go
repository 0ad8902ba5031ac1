package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// The watch screen remembers positions through core's history rules (core/history_test.go);
// a film outside the library is played but not remembered.
func TestWatchingOutsideTheLibrary(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.PutFilm(store.Film{ID: "f1", Path: "/films/a.mkv", Title: "A"})
	w := newWatching(st)
	if err := w.SavePosition("f1", 12*time.Minute, 100*time.Minute); err != nil || w.Resume("f1") != 12*time.Minute {
		t.Errorf("a film in the library: %v, resume %v", err, w.Resume("f1"))
	}
	if err := w.SavePosition("", time.Minute, 100*time.Minute); err != nil || w.Resume("") != 0 {
		t.Errorf("a film without an id: %v, resume %v", err, w.Resume(""))
	}
	if err := newWatching(nil).SavePosition("f1", time.Minute, time.Hour); err != nil {
		t.Errorf("no store: %v", err)
	}
}
