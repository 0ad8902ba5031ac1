package assistant

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant/assistanttest"
	"github.com/reel-app/reel/index/store"
)

func film(id, title string, genres, dirs []string, plot string) store.Film {
	return store.Film{ID: id, Path: "/films/" + id + ".mkv", Title: title, Genres: genres, Directors: dirs, Plot: plot, Duration: 2 * time.Hour}
}

func has(rs []Recommendation, id string) bool {
	for _, r := range rs {
		if r.Film.ID == id {
			return true
		}
	}
	return false
}

func kinds(r Recommendation) []ReasonKind {
	var out []ReasonKind
	for _, w := range r.Why {
		out = append(out, w.Kind)
	}
	return out
}

// A user whose only verdict is three stars still gets suggestions: three is a mild liking.
func TestThreeStarsIsALiking(t *testing.T) {
	sh := assistanttest.NewShelf(
		film("a", "Vault", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist on a vault."),
		film("b", "Vault Two", []string{"Crime"}, []string{"Ada Quill"}, "The crew plans another heist."),
		film("c", "Meadow", []string{"Romance"}, []string{"Bo Reed"}, "Two people fall in love in spring."),
	)
	sh.PutUser("a", store.UserData{Rating: 3})
	got, err := (&Recommender{Catalog: sh}).ForYou(context.Background(), 3)
	if err != nil || len(got) == 0 || got[0].Film.ID != "b" {
		t.Fatalf("after one 3-star rating: %v %v", ids(got), err)
	}
}

// A film the user rated or reviewed, but never marked watched, is not suggested back; nor is
// one they started.
func TestVerdictsAreNotSuggestedBack(t *testing.T) {
	var films []store.Film
	for i := 0; i < 6; i++ {
		films = append(films, film(fmt.Sprint("h", i), fmt.Sprint("Heist ", i), []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist."))
	}
	sh := assistanttest.NewShelf(films...)
	sh.PutUser("h0", store.UserData{Rating: 5, Watched: true})
	sh.PutUser("h1", store.UserData{Rating: 4})                     // rated, not marked watched
	sh.PutUser("h2", store.UserData{Review: "Loved every minute."}) // reviewed only
	sh.PutUser("h3", store.UserData{Position: 10 * time.Minute, LastPlayed: time.Now()})
	r := &Recommender{Catalog: sh}
	got, _ := r.ForYou(context.Background(), 5)
	for _, id := range []string{"h0", "h1", "h2", "h3"} {
		if has(got, id) {
			t.Errorf("for you suggests %s back: %v", id, ids(got))
		}
	}
	like, _ := r.MoreLike(context.Background(), "h0", 5)
	for _, id := range []string{"h1", "h2", "h3"} {
		if has(like, id) {
			t.Errorf("more like this suggests %s, which the user rated, reviewed or started: %v", id, ids(like))
		}
	}
}

// "More like this" returns only films that are like the film, and never calls one that is
// only similar in its words "a change".
func TestMoreLikeNeedsLikeness(t *testing.T) {
	sh := assistanttest.NewShelf(
		film("a", "Vault", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist on a bank vault in Paris."),
		film("b", "Vault Two", []string{"Thriller"}, []string{"Ben Rook"}, "A crew plans a heist on a bank vault in Rome."),
		film("z", "Meadow", []string{"Romance"}, []string{"Bo Reed"}, "Two people fall in love in spring."),
	)
	got, err := (&Recommender{Catalog: sh, Lambda: 1}).MoreLike(context.Background(), "a", 5)
	if err != nil || len(got) != 1 || got[0].Film.ID != "b" {
		t.Fatalf("more like Vault: %v %v; want Vault Two only", ids(got), err)
	}
	for _, k := range kinds(got[0]) {
		if k == AChange {
			t.Errorf("a film picked for its shared words is called a change: %v", got[0].Reasons)
		}
	}
	if !strings.Contains(strings.Join(got[0].Reasons, "; "), "shares themes") {
		t.Errorf("reasons %v do not say what the films share", got[0].Reasons)
	}
}

// Equal films are ordered by their voters' rating, never by their titles; a film rated 9.1 by
// 400,000 outranks one rated 9.5 by 12.
func TestTiesGoToTheRatingNotTheAlphabet(t *testing.T) {
	var films []store.Film
	for c := 'A'; c <= 'Z'; c++ {
		f := film(string(c), string(c)+" Heist", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist.")
		f.Rating, f.Votes = 6, 5000
		films = append(films, f)
	}
	films[25].Rating, films[25].Votes = 9.1, 400000 // Z
	films[24].Rating, films[24].Votes = 9.5, 12     // Y
	seed := film("seed", "The First Heist", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist.")
	sh := assistanttest.NewShelf(append(films, seed)...)
	sh.PutUser("seed", store.UserData{Rating: 5, Watched: true})
	got, _ := (&Recommender{Catalog: sh, Lambda: 1}).ForYou(context.Background(), 5)
	if len(got) == 0 || got[0].Film.ID != "Z" {
		t.Fatalf("for you: %v; want Z (9.1 from 400k) first", ids(got))
	}
	for i, r := range got {
		if r.Film.ID == "Y" && i == 1 {
			t.Logf("Y second: %v", ids(got))
		}
	}
	if early := strings.Join(ids(got), ""); early == "ZABCD" || early == "ABCDE" {
		t.Errorf("after the best rated, the ties went to the alphabet: %v", ids(got))
	}
	want := Reason{Kind: WellRated, Score: 9.1, Votes: 400000}
	found := false
	for _, w := range got[0].Why {
		found = found || (w.Kind == want.Kind && w.Score == want.Score && w.Votes == want.Votes)
	}
	if !found || !strings.Contains(strings.Join(got[0].Reasons, "; "), "rated 9.1 by 400k viewers") {
		t.Errorf("Z's reasons %v", got[0].Reasons)
	}
}

// The collection, writers and tags of the .nfo count, and the reasons say so.
func TestCollectionWritersAndTags(t *testing.T) {
	a := film("a", "Alien", []string{"Horror"}, []string{"Ridley Scott"}, "A crew meets a creature.")
	a.Set, a.Writers, a.Tags = "Alien Collection", []string{"Dan O'Bannon"}, []string{"space", "monster"}
	b := film("b", "Aliens", []string{"Action"}, []string{"James Cameron"}, "Marines go back.")
	b.Set = "Alien Collection"
	c := film("c", "Dark Star", []string{"Comedy"}, []string{"John Carpenter"}, "Bored astronauts.")
	c.Writers = []string{"Dan O'Bannon"}
	d := film("d", "Event Horizon", []string{"Drama"}, []string{"Paul Anderson"}, "A ship returns.")
	d.Tags = []string{"Space"}
	e := film("e", "Meadow", []string{"Romance"}, []string{"Bo Reed"}, "Two people fall in love.")
	sh := assistanttest.NewShelf(a, b, c, d, e)
	sh.PutUser("a", store.UserData{Rating: 5, Watched: true})
	got, _ := (&Recommender{Catalog: sh, Lambda: 1}).ForYou(context.Background(), 4)
	if len(got) < 3 || got[0].Film.ID != "b" {
		t.Fatalf("for you: %v; want Aliens (the same collection) first", ids(got))
	}
	say := map[string]string{}
	for _, r := range got {
		say[r.Film.ID] = strings.Join(r.Reasons, "; ")
	}
	for id, want := range map[string]string{
		"b": "from the Alien Collection collection, as Alien, which you rated 5",
		"c": "written by Dan O'Bannon, as Alien was, which you rated 5",
		"d": "Space, as Alien",
	} {
		if !strings.Contains(say[id], want) {
			t.Errorf("%s: reasons %q, want %q", id, say[id], want)
		}
	}
	if has(got, "e") {
		t.Errorf("Meadow shares nothing with Alien, yet it is suggested: %v", ids(got))
	}
}

// The diversity step keeps variety within a large tie: ten films of one kind and a few of
// another, all liked alike, give a list of both.
func TestDiversityOnACommonScale(t *testing.T) {
	var films []store.Film
	for i := 0; i < 12; i++ {
		films = append(films, film(fmt.Sprint("c", i), fmt.Sprint("Caper ", i), []string{"Crime", "Comedy"}, []string{"Ada Quill"}, "A crew plans a heist."))
	}
	for i := 0; i < 3; i++ {
		films = append(films, film(fmt.Sprint("w", i), fmt.Sprint("Western ", i), []string{"Western"}, []string{"Cy Moss"}, "A rider crosses the plains."))
	}
	films = append(films,
		film("likedC", "A Caper", []string{"Crime", "Comedy"}, []string{"Ada Quill"}, "A crew plans a heist."),
		film("likedW", "A Western", []string{"Western"}, []string{"Cy Moss"}, "A rider crosses the plains."))
	sh := assistanttest.NewShelf(films...)
	sh.PutUser("likedC", store.UserData{Rating: 5, Watched: true})
	sh.PutUser("likedW", store.UserData{Rating: 4, Watched: true})
	pure, _ := (&Recommender{Catalog: sh, Lambda: 1}).ForYou(context.Background(), 5)
	mixed, _ := (&Recommender{Catalog: sh}).ForYou(context.Background(), 5)
	westerns := func(rs []Recommendation) int {
		n := 0
		for _, r := range rs {
			if strings.HasPrefix(r.Film.ID, "w") {
				n++
			}
		}
		return n
	}
	if westerns(pure) != 0 || westerns(mixed) == 0 {
		t.Errorf("pure relevance %v (%d westerns), with variety %v (%d)", ids(pure), westerns(pure), ids(mixed), westerns(mixed))
	}
	for _, r := range mixed {
		if strings.HasPrefix(r.Film.ID, "w") && !strings.Contains(strings.Join(r.Reasons, "; "), "A Western") {
			t.Errorf("a western picked for variety does not say which liked film it is like: %v", r.Reasons)
		}
	}
}

// The taste is kept, and changed only when a verdict changes: a call with no change reads no
// verdict; a new rating shows in the next call.
func TestTasteKeptAndUpdated(t *testing.T) {
	sh := &countingShelf{Shelf: assistanttest.NewShelf(
		film("a", "Vault", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist."),
		film("b", "Vault Two", []string{"Crime"}, []string{"Ada Quill"}, "The crew plans another heist."),
		film("c", "Meadow", []string{"Romance"}, []string{"Bo Reed"}, "Two people fall in love in spring."),
		film("d", "Meadow Two", []string{"Romance"}, []string{"Bo Reed"}, "They fall in love again in summer."),
	)}
	r := &Recommender{Catalog: sh}
	sh.PutUser("a", store.UserData{Rating: 5})
	first, _ := r.ForYou(context.Background(), 1)
	r.ForYou(context.Background(), 1)
	r.MoreLike(context.Background(), "a", 1)
	if sh.reads != 1 {
		t.Errorf("the verdicts were read %d times over three calls without a change, want once", sh.reads)
	}
	sh.PutUser("a", store.UserData{Rating: 1})
	sh.PutUser("c", store.UserData{Rating: 5})
	second, _ := r.ForYou(context.Background(), 1)
	if ids(first)[0] != "b" || len(second) == 0 || second[0].Film.ID != "d" {
		t.Errorf("before %v, after the verdicts changed %v; want b then d", ids(first), ids(second))
	}
}

type countingShelf struct {
	*assistanttest.Shelf
	reads int
}

func (c *countingShelf) Users() (map[string]store.UserData, error) {
	c.reads++
	return c.Shelf.Users()
}

// failingEmbedder fails until told otherwise.
type failingEmbedder struct {
	fail  bool
	calls int
}

func (e *failingEmbedder) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	e.calls++
	if e.fail {
		return nil, errors.New("connection refused")
	}
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = []float32{1, 0}
	}
	return out, nil
}

// One failed embedding call does not turn embeddings off for good: they are tried again a
// few minutes later, though the library has not changed.
func TestEmbeddingsTriedAgain(t *testing.T) {
	st := shelf(t)
	now := time.Now()
	emb := &failingEmbedder{fail: true}
	r := &Recommender{Catalog: st, Embed: emb, EmbedModel: "nomic", Vectors: st, Now: func() time.Time { return now }}
	if _, err := r.MoreLike(context.Background(), "fox", 1); err != nil {
		t.Fatalf("a failing embedder fails the suggestions: %v", err)
	}
	r.MoreLike(context.Background(), "fox", 1)
	if emb.calls != 1 {
		t.Errorf("the model was asked %d times within the wait, want once", emb.calls)
	}
	emb.fail = false
	now = now.Add(embedRetry + time.Second)
	r.MoreLike(context.Background(), "fox", 1)
	if emb.calls < 2 || r.lib.films[0].emb == nil {
		t.Errorf("after the wait: %d calls, embedding %v; want the model asked again and used", emb.calls, r.lib.films[0].emb)
	}
}

// The verdict weights: stars first, a mild liking at three, giving up early counts against,
// rewatches for, and old verdicts count less.
func TestVerdictWeight(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	f := store.Film{Duration: 2 * time.Hour}
	for _, c := range []struct {
		name string
		u    store.UserData
		want func(float64) bool
	}{
		{"five stars", store.UserData{Rating: 5}, func(w float64) bool { return w == 1 }},
		{"three stars", store.UserData{Rating: 3}, func(w float64) bool { return w > 0 && w < 0.5 }},
		{"one star", store.UserData{Rating: 1}, func(w float64) bool { return w == -1 }},
		{"watched", store.UserData{Watched: true}, func(w float64) bool { return w == 0.5 }},
		{"given up", store.UserData{Position: 10 * time.Minute, LastPlayed: now.AddDate(0, -1, 0)}, func(w float64) bool { return w < 0 }},
		{"watching", store.UserData{Position: 10 * time.Minute, LastPlayed: now.Add(-time.Hour)}, func(w float64) bool { return w > 0 }},
		{"rewatched", store.UserData{Watched: true, PlayCount: 3}, func(w float64) bool { return w > 0.5 }},
		{"hated review", store.UserData{Watched: true, Review: "Awful, boring and dull."}, func(w float64) bool { return w < 0.5 }},
		{"five stars, long ago", store.UserData{Rating: 5, VerdictAt: now.AddDate(-8, 0, 0)}, func(w float64) bool { return w > 0.5 && w < 0.7 }},
	} {
		if got := verdictWeight(c.u, f, now); !c.want(got) {
			t.Errorf("%s: weight %.3f", c.name, got)
		}
	}
}

// A file Reel could not read as a film (no picture, no length: listed with its warning) is
// never suggested, however like the user's favourites its name and .nfo are.
func TestBrokenFilesAreNotSuggested(t *testing.T) {
	broken := film("x", "Vault Two", []string{"Crime"}, []string{"Ada Quill"}, "The crew plans another heist.")
	broken.Duration = 0
	sh := assistanttest.NewShelf(
		film("a", "Vault", []string{"Crime"}, []string{"Ada Quill"}, "A crew plans a heist."),
		broken,
		film("b", "Vault Three", []string{"Crime"}, []string{"Ada Quill"}, "The crew plans a third heist."),
	)
	sh.PutUser("a", store.UserData{Rating: 5, Watched: true})
	r := &Recommender{Catalog: sh}
	mine, _ := r.ForYou(context.Background(), 5)
	like, _ := r.MoreLike(context.Background(), "a", 5)
	if has(mine, "x") || has(like, "x") || !has(mine, "b") {
		t.Errorf("for you %v, more like %v: the broken file is suggested, or the good one is not", ids(mine), ids(like))
	}
}
