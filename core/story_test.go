package core

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/story/storytest"
)

// The shots the real detector finds in a film drawn from a plan, grouped with the plan's
// dialogue, give back the plan's scenes: precision and recall of scene starts (within a
// second) over a 40-minute film.
func TestGroupEncodedFilm(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes and decodes a 40-minute film")
	}
	ctx := context.Background()
	p := storytest.New(11, 40*time.Minute)
	path := filepath.Join(t.TempDir(), "planned.mkv")
	if err := EncodePlan(ctx, path, p, 96, 54, 10); err != nil {
		t.Fatal(err)
	}
	shots, got := groupFilm(t, path, p)
	prec, rec := startAccuracy(got, p.Starts, time.Second)
	t.Logf("%d shots planned, %d found; %d scenes planned, %d found; precision %.2f, recall %.2f", len(p.Shots), len(shots), len(p.Starts), len(got), prec, rec)
	if prec < 0.8 || rec < 0.8 {
		t.Errorf("precision %.2f, recall %.2f of scene starts; want both ≥ 0.8", prec, rec)
	}
}

// groupFilm finds the shots of an encoded plan with the real detector, and groups them with
// the plan's dialogue, as the analysis does.
func groupFilm(tb testing.TB, path string, p storytest.Plan) ([]store.Scene, []store.StoryScene) {
	tb.Helper()
	found, err := SceneFinder{}.Scenes(context.Background(), path, filepath.Join(tb.TempDir(), "thumbs"))
	if err != nil {
		tb.Fatal(err)
	}
	var shots []store.Scene
	for _, s := range found {
		shots = append(shots, store.Scene{Start: s.Start, End: s.End, Thumb: s.Thumb, Black: s.Black})
	}
	var cues []store.Cue
	for _, l := range p.Lines {
		cues = append(cues, store.Cue{Start: l.Start, End: l.End, Text: "…"})
	}
	return shots, index.Group(shots, cues)
}

func startAccuracy(got []store.StoryScene, want []time.Duration, tol time.Duration) (precision, recall float64) {
	near := func(x time.Duration, in []time.Duration) bool {
		for _, y := range in {
			if x-y <= tol && y-x <= tol {
				return true
			}
		}
		return false
	}
	var g []time.Duration
	for _, s := range got[1:] {
		g = append(g, s.Start)
	}
	n := 0
	for _, x := range g {
		if near(x, want[1:]) {
			n++
		}
	}
	if len(g) > 0 {
		precision = float64(n) / float64(len(g))
	}
	n = 0
	for _, x := range want[1:] {
		if near(x, g) {
			n++
		}
	}
	if len(want) > 1 {
		recall = float64(n) / float64(len(want)-1)
	}
	return precision, recall
}

// BenchmarkGroupEncodedFilm reports the precision and recall of narrative scene starts (within
// a second) on a two-hour film drawn from a plan (shots of about four seconds alternating
// between settings; changes of scene by a fade, a pause, or a new setting alone), through the
// real shot detector and the thumbnails' colours, and the scenes per film.
func BenchmarkGroupEncodedFilm(b *testing.B) {
	ctx := context.Background()
	p := storytest.New(5, 2*time.Hour)
	path := filepath.Join(b.TempDir(), "planned.mkv")
	if err := EncodePlan(ctx, path, p, 160, 90, 10); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		shots, got := groupFilm(b, path, p)
		prec, rec := startAccuracy(got, p.Starts, time.Second)
		b.ReportMetric(prec, "precision")
		b.ReportMetric(rec, "recall")
		b.ReportMetric(float64(len(shots)), "shots")
		b.ReportMetric(float64(len(got)), "scenes")
		b.ReportMetric(float64(len(p.Starts)), "scenes-planned")
	}
}
