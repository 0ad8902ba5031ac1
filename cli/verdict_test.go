package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// Rating, reviewing and marking films from the command line land in the user's data, by title,
// id or path, and `reel info --json` shows them.
func TestVerdictCommands(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, "data", "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []store.Film{
		{ID: "c1", Path: "/films/Charade (1963).mkv", Hash: "h1", Title: "Charade", Year: 1963, Duration: 2 * time.Hour},
		{ID: "h1", Path: "/films/His Girl Friday.mkv", Hash: "h2", Title: "His Girl Friday", Year: 1940},
		{ID: "h2", Path: "/films/Hamlet (1948).mkv", Hash: "h3", Title: "Hamlet", Year: 1948},
		{ID: "h3", Path: "/films/Hamlet (1996).mkv", Hash: "h4", Title: "Hamlet", Year: 1996},
	} {
		if err := st.PutFilm(f); err != nil {
			t.Fatal(err)
		}
	}
	st.PutUser("c1", store.UserData{Position: 41 * time.Minute})
	st.Close()

	type user struct {
		Rating   int    `json:"rating"`
		Review   string `json:"review"`
		Watched  bool   `json:"watched"`
		Position int64  `json:"position"`
	}
	info := func(ref string) user {
		t.Helper()
		code, out, errs := reel(t, "--data", data, "info", ref, "--json")
		var got struct{ User user }
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
			t.Fatalf("info %s: %d %s %s", ref, code, out, errs)
		}
		return got.User
	}
	steps := []struct {
		args     []string
		wantOut  string
		wantCode int
	}{
		{[]string{"rate", "charade", "4"}, "Charade (1963): 4/5 · unwatched", 0},
		{[]string{"review", "Charade (1963)", "Witty", "and", "tense."}, "4/5 · reviewed · unwatched", 0},
		{[]string{"watched", "/films/Charade (1963).mkv"}, "4/5 · reviewed · watched", 0},
		{[]string{"rate", "h1", "6"}, "", 1},
		{[]string{"rate", "h1", "lots"}, "", 2},
		{[]string{"rate", "Hamlet", "5"}, "", 1}, // two films are called Hamlet
		{[]string{"rate", "Hamlet (1996)", "5/5"}, "Hamlet (1996): 5/5", 0},
		{[]string{"rate", "Nosferatu", "3"}, "", 1},
	}
	for _, s := range steps {
		code, out, errs := reel(t, append([]string{"--data", data}, s.args...)...)
		if code != s.wantCode || !strings.Contains(out, s.wantOut) {
			t.Errorf("reel %s: got %d %q %q, want %d and %q", strings.Join(s.args, " "), code, out, errs, s.wantCode, s.wantOut)
		}
		if code != 0 && strings.TrimSpace(errs) == "" {
			t.Errorf("reel %s failed without saying why", strings.Join(s.args, " "))
		}
	}
	if got, want := info("c1"), (user{Rating: 4, Review: "Witty and tense.", Watched: true}); got != want {
		t.Errorf("Charade: got %+v, want %+v", got, want)
	}
	if got := info("h1"); got != (user{}) {
		t.Errorf("His Girl Friday was changed by refused commands: %+v", got)
	}
	// Unmarked, the film keeps its rating and review; a blank review takes it away.
	reel(t, "--data", data, "watched", "c1", "--off")
	reel(t, "--data", data, "review", "c1", "")
	if got, want := info("c1"), (user{Rating: 4}); got != want {
		t.Errorf("Charade unmarked: got %+v, want %+v", got, want)
	}
	code, out, _ := reel(t, "--data", data, "rate", "c1", "0", "--json")
	var js struct {
		ID   string
		User user
	}
	if code != 0 || json.Unmarshal([]byte(out), &js) != nil || js.ID != "c1" || js.User.Rating != 0 {
		t.Errorf("rate 0 --json: %d %s", code, out)
	}
}
