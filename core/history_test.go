package core

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// Resume picks up where the viewer stopped; 90 % marks the film watched, counts a play, and
// the next play starts from the beginning.
func TestHistoryRemembersPosition(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.PutFilm(store.Film{ID: "f1", Path: "/films/a.mkv", Title: "A"}); err != nil {
		t.Fatal(err)
	}
	dur := 100 * time.Minute
	steps := []struct {
		pos         time.Duration
		wantResume  time.Duration
		wantWatched bool
		wantPlays   int
	}{
		{12 * time.Minute, 12 * time.Minute, false, 0},
		{89 * time.Minute, 89 * time.Minute, false, 0},
		{91 * time.Minute, 0, true, 1},
		{10 * time.Minute, 10 * time.Minute, true, 1}, // watching it again: still watched, resumes there
		{95 * time.Minute, 0, true, 2},
	}
	for _, s := range steps {
		if err := SavePosition(st, "f1", s.pos, dur); err != nil {
			t.Fatal(err)
		}
		u, _ := st.User("f1")
		got, err := Resume(st, "f1")
		if err != nil || got != s.wantResume || u.Watched != s.wantWatched || u.PlayCount != s.wantPlays {
			t.Errorf("after stopping at %v: resume %v (%v) watched %v plays %d; want %v %v %d",
				s.pos, got, err, u.Watched, u.PlayCount, s.wantResume, s.wantWatched, s.wantPlays)
		}
	}
}
