package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

// Names written with and without their hyphen, dot or space, and words behind an elided
// article, are found in titles, people, plots and lines.
func TestCompoundsAndElision(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	films := []store.Film{
		{ID: "spider", Path: "/m/spider.mkv", Title: "Spider-Man", Year: 2002},
		{ID: "spider2", Path: "/m/spider2.mkv", Title: "Spiderman Returns", Year: 2010},
		{ID: "xmen", Path: "/m/xmen.mkv", Title: "X-Men", Year: 2000},
		{ID: "walle", Path: "/m/walle.mkv", Title: "WALL·E", Year: 2008},
		{ID: "amelie", Path: "/m/amelie.mkv", Title: "Le Fabuleux Destin d'Amélie Poulain", Year: 2001},
		{ID: "godard", Path: "/m/godard.mkv", Title: "Pierrot le fou", Year: 1965, Directors: []string{"Jean-Luc Godard"}},
		{ID: "vita", Path: "/m/vita.mkv", Title: "La vita è bella", Year: 1997, Plot: "Un padre protegge il figlio con la forza dell'immaginazione."},
		{ID: "other", Path: "/m/other.mkv", Title: "The Man Who Knew Too Much", Year: 1956, Plot: "A well-known doctor is caught in a spy plot."},
	}
	for _, f := range films {
		st.PutFilm(f)
	}
	st.PutCues("other", []store.Cue{
		{Lang: "fr", Start: 10 * time.Second, End: 12 * time.Second, Text: "C'est l'heure de l'Opéra, qu'il vienne."},
		{Lang: "en", Start: 20 * time.Second, End: 22 * time.Second, Text: "He wore a T-shirt to the ball."},
	})
	idx, err := Open(context.Background(), filepath.Join(dir, "search"), st)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	for _, tt := range []struct{ query, want string }{
		{"spiderman", "spider"},
		{"spider man", "spider"},
		{"Spider-Man", "spider"},
		{"spider man returns", "spider2"},
		{"spider-man returns", "spider2"},
		{"xmen", "xmen"},
		{"x men", "xmen"},
		{"wall e", "walle"},
		{"walle", "walle"},
		{"wall-e", "walle"},
		{"amelie", "amelie"},
		{"amélie poulain", "amelie"},
		{"jeanluc godard", "godard"},
		{"jean luc", "godard"},
		{"immaginazione", "vita"},
		{"wellknown doctor", "other"},
	} {
		res, err := idx.Search(context.Background(), Query{Text: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Films) == 0 || res.Films[0].ID != tt.want {
			t.Errorf("search %q: %+v, want %s first", tt.query, res.Films, tt.want)
		}
	}
	for _, tt := range []struct {
		query string
		at    time.Duration
	}{
		{"opera", 10 * time.Second},
		{"heure", 10 * time.Second},
		{"il vienne", 10 * time.Second},
		{"tshirt", 20 * time.Second},
		{"t shirt", 20 * time.Second},
		{"t-shirt", 20 * time.Second},
	} {
		res, err := idx.Search(context.Background(), Query{Text: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Lines) == 0 || res.Lines[0].Start != tt.at {
			t.Errorf("search %q in lines: %+v, want the line at %v", tt.query, res.Lines, tt.at)
		}
	}
}
