package assistant

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// shelf is a library of heists (three near-sequels), a sea story and a fox story.
func shelf(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	films := []struct {
		id, title, plot string
		genres, dirs    []string
		lines           []string
	}{
		{"h1", "Vault", "A crew plans a heist on a bank vault in Paris.", []string{"Crime"}, []string{"Ada Quill"}, []string{"The vault opens at midnight.", "The heist needs the clock."}},
		{"h2", "Vault Two", "The crew returns for a second heist on a Paris vault.", []string{"Crime"}, []string{"Ben Rook"}, []string{"Another vault, another heist.", "Paris again."}},
		{"h3", "Vault Three", "A third heist: the crew and the Paris vault once more.", []string{"Crime"}, []string{"Ben Rook"}, []string{"The last heist.", "The vault, the crew, Paris."}},
		{"h4", "The Clock Job", "A clockmaker and a crew plan a heist on a museum.", []string{"Crime", "Comedy"}, []string{"Ada Quill"}, []string{"The clock strikes twelve.", "The museum guard sleeps."}},
		{"sea", "Lamp", "A keeper tends the lighthouse lamp through the storm.", []string{"Drama"}, []string{"Cy Moss"}, []string{"The lamp must be lit.", "The storm is coming."}},
		{"fox", "Fox", "A boy follows a fox across the snow.", []string{"Family"}, []string{"Di Lark"}, []string{"Tracks in the snow.", "The fox knows the way."}},
		{"port", "Harbour", "A detective walks the harbour at night.", []string{"Crime", "Drama"}, []string{"Ed Vane"}, []string{"The tide is out.", "Nobody saw the boat."}},
	}
	for _, f := range films {
		st.PutFilm(store.Film{ID: f.id, Path: "/films/" + f.id + ".mkv", Title: f.title, Plot: f.plot, Genres: f.genres, Directors: f.dirs, Duration: time.Hour})
		var cues []store.Cue
		for i, l := range f.lines {
			cues = append(cues, store.Cue{Lang: "en", Start: time.Duration(i) * time.Minute, Text: l})
		}
		st.PutCues(f.id, cues)
	}
	return st
}

func ids(rs []Recommendation) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Film.ID)
	}
	return out
}

func TestMoreLikeThis(t *testing.T) {
	st := shelf(t)
	st.PutUser("h1", store.UserData{Watched: true, Rating: 5})
	r := &Recommender{Catalog: st}
	got, err := r.MoreLike(context.Background(), "h1", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Film.ID == "h1" {
		t.Fatalf("more like h1: %v", ids(got))
	}
	for _, rec := range got {
		if rec.Film.ID == "h1" {
			t.Error("the film itself was recommended")
		}
	}
	// The heist by the same director is among them, and says why.
	var clock *Recommendation
	for i := range got {
		if got[i].Film.ID == "h4" {
			clock = &got[i]
		}
	}
	if clock == nil {
		t.Fatalf("the same director's heist is missing: %v", ids(got))
	}
	if !strings.Contains(strings.Join(clock.Reasons, "; "), "same director as Vault (Ada Quill), which you rated 5") {
		t.Errorf("reasons %q", clock.Reasons)
	}
	if want := (Reason{Kind: SameDirector, Film: "Vault", Names: []string{"Ada Quill"}, Rating: 5}); len(clock.Why) != len(clock.Reasons) || !reflect.DeepEqual(clock.Why[0], want) {
		t.Errorf("why %+v", clock.Why)
	}
}

// MMR: with variety weighed in, the list is not all sequels.
func TestDiversity(t *testing.T) {
	st := shelf(t)
	st.PutUser("h1", store.UserData{Watched: true, Rating: 5})
	pure, _ := (&Recommender{Catalog: st, Lambda: 1}).MoreLike(context.Background(), "h1", 3)
	mixed, _ := (&Recommender{Catalog: st, Lambda: 0.3}).MoreLike(context.Background(), "h1", 3)
	heists := func(rs []Recommendation) int {
		n := 0
		for _, r := range rs {
			if strings.HasPrefix(r.Film.ID, "h") {
				n++
			}
		}
		return n
	}
	if heists(pure) != 3 || heists(mixed) >= 3 {
		t.Errorf("pure relevance %v, with variety %v", ids(pure), ids(mixed))
	}
}

func TestForYou(t *testing.T) {
	st := shelf(t)
	r := &Recommender{Catalog: st}
	if got, _ := r.ForYou(context.Background(), 3); len(got) != 0 {
		t.Errorf("nothing watched, yet %v", ids(got))
	}
	st.PutUser("sea", store.UserData{Watched: true, Rating: 1, Review: "Boring and dull, I hated it."})
	st.PutUser("h1", store.UserData{Watched: true, Review: "A wonderful, clever heist. Loved it!"})
	got, err := r.ForYou(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !strings.HasPrefix(got[0].Film.ID, "h") || len(got[0].Reasons) == 0 {
		t.Errorf("for you: %v %+v", ids(got), got)
	}
	for _, rec := range got {
		if rec.Film.ID == "sea" || rec.Film.ID == "h1" {
			t.Errorf("a watched film was recommended: %s", rec.Film.ID)
		}
	}
}

// countingEmbedder gives each film a fixed direction by its title and counts the texts.
type countingEmbedder struct{ texts int }

func (e *countingEmbedder) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	e.texts += len(texts)
	out := make([][]float32, len(texts))
	for i, t := range texts {
		switch {
		case strings.HasPrefix(t, "Fox."):
			out[i] = []float32{1, 0, 0}
		case strings.HasPrefix(t, "Lamp."):
			out[i] = []float32{0.95, 0.05, 0}
		default:
			out[i] = []float32{0, 0, 1}
		}
	}
	return out, nil
}

// With an embedding model, meaning leads: the sea story is "like" the fox story though they
// share no word; the vectors are cached in the store and made again only for changed text.
func TestEmbeddings(t *testing.T) {
	st := shelf(t)
	emb := &countingEmbedder{}
	r := &Recommender{Catalog: st, Embed: emb, EmbedModel: "nomic", Vectors: st, Lambda: 1}
	got, err := r.MoreLike(context.Background(), "fox", 1)
	if err != nil || len(got) != 1 || got[0].Film.ID != "sea" {
		t.Fatalf("more like fox with embeddings: %v %v", ids(got), err)
	}
	if emb.texts != 7 {
		t.Errorf("embedded %d texts, want 7", emb.texts)
	}
	again := &Recommender{Catalog: st, Embed: emb, EmbedModel: "nomic", Vectors: st}
	again.MoreLike(context.Background(), "fox", 1)
	if emb.texts != 7 {
		t.Errorf("cached vectors were made again (%d texts)", emb.texts)
	}
	st.PutNote("sea", store.SceneNote{Scene: 0, Summary: "A storm."})
	st.PutFilm(store.Film{ID: "new", Path: "/films/new.mkv", Title: "New"}) // a library change
	(&Recommender{Catalog: st, Embed: emb, EmbedModel: "nomic", Vectors: st}).MoreLike(context.Background(), "fox", 1)
	// The new film and the film with a new note are embedded; a film whose keywords moved
	// with the new film's words may be too, and nothing else.
	if n := emb.texts - 7; n < 2 || n > 7 {
		t.Errorf("after a new note and a new film: %d texts embedded, want the two changed and at most the rest", n)
	}
	before := emb.texts
	(&Recommender{Catalog: st, Embed: emb, EmbedModel: "nomic", Vectors: st}).MoreLike(context.Background(), "fox", 1)
	if emb.texts != before {
		t.Errorf("nothing changed, yet %d texts were embedded again", emb.texts-before)
	}
}

// Ratings without vote counts (what most .nfo files give) rank by the mark alone: this once
// indexed an empty list of votes and crashed the For you tab.
func TestForYouRatingsWithoutVotes(t *testing.T) {
	st := shelf(t)
	films, _ := st.Films(false)
	for i, f := range films {
		f.Rating, f.Votes = 5+float64(i%5), 0
		if err := st.PutFilm(f); err != nil {
			t.Fatal(err)
		}
	}
	st.PutUser("h1", store.UserData{Watched: true, Rating: 5})
	r := &Recommender{Catalog: st}
	if got, err := r.ForYou(context.Background(), 3); err != nil || len(got) == 0 {
		t.Fatalf("for you: %v, %v", ids(got), err)
	}
}
