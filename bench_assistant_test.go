package main

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/index/store"
)

// BenchmarkAssistant times what the side panel and `reel ask` do before a model sees anything,
// on a library of 10,000 films with 100 lines of dialogue each (1,000,000 lines): reading what
// was seen and building the prompt (goal ≤ 50 ms), reading a stored scene note (the Scene tab
// at a cut, goal ≤ 100 ms), keywords and mood of a film, and "more like this".
func BenchmarkAssistant(b *testing.B) {
	st, err := store.Open(filepath.Join(b.TempDir(), "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r := rand.New(rand.NewSource(7))
	words := make([]string, 3000)
	for i := range words {
		words[i] = fmt.Sprintf("w%04dx", i)
	}
	line := func() string {
		n := 4 + r.Intn(8)
		s := ""
		for j := 0; j < n; j++ {
			// Zipf-ish: low ranks far more often.
			s += words[int(float64(len(words))*r.Float64()*r.Float64()*r.Float64())] + " "
		}
		return s + "good night."
	}
	end := st.Bulk()
	for i := 0; i < 10000; i++ {
		id := fmt.Sprintf("f%05d", i)
		st.PutFilm(store.Film{ID: id, Path: "/films/" + id + ".mkv", Title: "Film " + id, Plot: line(), Genres: []string{[]string{"Drama", "Crime", "Comedy"}[i%3]},
			Directors: []string{fmt.Sprintf("Director %d", i%400)}, Duration: 100 * time.Minute})
		cues := make([]store.Cue, 100)
		for c := range cues {
			at := time.Duration(c) * time.Minute
			cues[c] = store.Cue{Lang: "en", Start: at, End: at + 3*time.Second, Text: line()}
		}
		st.PutCues(id, cues)
		var scenes []store.Scene
		for s := 0; s < 40; s++ {
			scenes = append(scenes, store.Scene{Start: time.Duration(s) * 150 * time.Second, End: time.Duration(s+1) * 150 * time.Second})
		}
		st.PutAnalysis(id, store.Analysis{Scenes: scenes})
		st.PutNote(id, store.SceneNote{Scene: 3, Start: 450 * time.Second, Summary: line()})
	}
	if err := end(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	c := &assistant.Companion{Catalog: st}
	pct := func(name string, n int, fn func(i int)) {
		d := make([]time.Duration, n)
		for i := range d {
			t0 := time.Now()
			fn(i)
			d[i] = time.Since(t0)
		}
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		p50, p99 := d[n/2], d[n*99/100]
		b.Logf("%s: p50 %.2f ms, p99 %.2f ms", name, float64(p50)/1e6, float64(p99)/1e6)
		b.ReportMetric(float64(p99)/1e6, name+"-p99-ms")
	}
	for i := 0; i < b.N; i++ {
		pct("ask-context", 300, func(i int) {
			m, err := c.Memory(ctx, fmt.Sprintf("f%05d", r.Intn(10000)), time.Duration(10+r.Intn(90))*time.Minute, "w0001x w0040x?", assistant.NewWindow(0, 0, 512))
			if err != nil {
				b.Fatal(err)
			}
			_ = assistant.Context(m, false)
		})
		pct("note-read", 300, func(i int) {
			if n, _ := st.Notes(fmt.Sprintf("f%05d", r.Intn(10000))); len(n) != 1 {
				b.Fatal("no note")
			}
		})
		tx := &assistant.Texts{Catalog: st}
		t0 := time.Now()
		if _, err := tx.Film(ctx, "f00001"); err != nil {
			b.Fatal(err)
		}
		b.Logf("keywords and mood, first film (counts words over the library once): %v", time.Since(t0).Round(time.Millisecond))
		pct("film-text", 50, func(i int) {
			if _, err := tx.Film(ctx, fmt.Sprintf("f%05d", r.Intn(10000))); err != nil {
				b.Fatal(err)
			}
		})
		rec := &assistant.Recommender{Catalog: st}
		t0 = time.Now()
		recs, err := rec.MoreLike(ctx, "f00002", 5)
		if err != nil || len(recs) != 5 {
			b.Fatalf("more like: %d, %v", len(recs), err)
		}
		b.Logf("more like this over 10,000 films, first (builds the vectors once): %v", time.Since(t0).Round(time.Millisecond))
		pct("more-like", 20, func(i int) {
			if _, err := rec.MoreLike(ctx, fmt.Sprintf("f%05d", r.Intn(10000)), 5); err != nil {
				b.Fatal(err)
			}
		})
	}
}
