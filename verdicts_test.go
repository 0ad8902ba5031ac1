package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/index/store"
)

// A film rated and reviewed in the window is in the store's user data at once, and "For you"
// changes with it: before, nothing to go on; after, films like the one rated, with the reason.
func TestVerdictsChangeForYou(t *testing.T) {
	p, shelf := openShelf(t)
	for _, f := range []store.Film{
		{ID: "v1", Path: "/films/Vault.mkv", Hash: "h1", Title: "Vault", Genres: []string{"Crime", "Thriller"}, Directors: []string{"Di Lark"}, Plot: "A crew plans a bank heist.", Duration: 2 * time.Hour},
		{ID: "v2", Path: "/films/Vault 2.mkv", Hash: "h2", Title: "Vault Two", Genres: []string{"Crime", "Thriller"}, Directors: []string{"Di Lark"}, Plot: "The crew plans another heist.", Duration: 2 * time.Hour},
		{ID: "m1", Path: "/films/Meadow.mkv", Hash: "h3", Title: "Meadow", Genres: []string{"Romance"}, Directors: []string{"Ann Other"}, Plot: "Two people fall in love in spring.", Duration: 2 * time.Hour},
	} {
		if err := shelf.Store.PutFilm(f); err != nil {
			t.Fatal(err)
		}
	}
	lib := newLibrary(p, shelf, func() []string { return []string{"/films"} })
	comp := newCompanion(shelf.Store, shelf.Index, "http://127.0.0.1:1", &egress.Log{}, func() app.ModelChoice { return app.ModelChoice{} }, nil)
	ctx := context.Background()
	before, err := comp.ForYou(ctx, 5)
	if err != nil || len(before) != 0 {
		t.Fatalf("before any verdict: %v, %v; want nothing to go on", before, err)
	}
	if _, err := lib.Rate(ctx, "v1", 5); err != nil {
		t.Fatal(err)
	}
	v, err := lib.Review(ctx, "v1", "A wonderful, clever heist.")
	if err != nil || v.Rating != 5 || v.ReviewMood != "positive" {
		t.Fatalf("review: %+v, %v", v, err)
	}
	if _, err := lib.MarkWatched(ctx, "v1", true); err != nil {
		t.Fatal(err)
	}
	u, err := shelf.Store.User("v1")
	if err != nil || u.Rating != 5 || u.Review != "A wonderful, clever heist." || !u.Watched || u.VerdictAt.IsZero() {
		t.Fatalf("stored: %+v, %v", u, err)
	}
	after, err := comp.ForYou(ctx, 5)
	if err != nil || len(after) == 0 || after[0].Film.ID != "v2" {
		t.Fatalf("after rating Vault 5: %+v, %v; want Vault Two first", after, err)
	}
	if why := strings.Join(after[0].Reasons, "; "); !strings.Contains(why, "Vault") {
		t.Errorf("Vault Two's reasons do not name Vault: %q", why)
	}
	d, err := lib.Details(ctx, "v1")
	if err != nil || d.Verdict.Rating != 5 || !d.Verdict.Watched {
		t.Errorf("the film page reads %+v, %v", d.Verdict, err)
	}
}
