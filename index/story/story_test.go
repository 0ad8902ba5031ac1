package story_test

import (
	"testing"
	"time"

	"github.com/reel-app/reel/index/story"
	"github.com/reel-app/reel/index/story/storytest"
)

func synthetic(p storytest.Plan, seed int64) []story.Shot { return p.StoryShots(seed) }

// Accuracy is the precision and recall of found scene starts against the planned ones, a
// start within tol of a planned one counting as found (the film's start is left out).
func accuracy(got []story.Scene, want []time.Duration, tol time.Duration) (precision, recall float64) {
	var g []time.Duration
	for _, s := range got[1:] {
		g = append(g, s.Start)
	}
	w := want[1:]
	match := func(a, b []time.Duration) int {
		n := 0
		for _, x := range a {
			for _, y := range b {
				if x-y <= tol && y-x <= tol {
					n++
					break
				}
			}
		}
		return n
	}
	if len(g) > 0 {
		precision = float64(match(g, w)) / float64(len(g))
	}
	if len(w) > 0 {
		recall = float64(match(w, g)) / float64(len(w))
	}
	return precision, recall
}

func lines(p storytest.Plan) []story.Line { return p.Lines }

func TestGroupPlannedFilms(t *testing.T) {
	var sumP, sumR float64
	const films = 8
	for seed := int64(1); seed <= films; seed++ {
		p := storytest.New(seed, 100*time.Minute)
		got := story.Group(synthetic(p, seed), lines(p), story.Options{})
		pr, rc := accuracy(got, p.Starts, time.Second)
		t.Logf("film %d: %d shots, %d scenes planned, %d found: precision %.2f, recall %.2f", seed, len(p.Shots), len(p.Starts), len(got), pr, rc)
		sumP += pr
		sumR += rc
		if len(got) < 20 || len(got) > 120 {
			t.Errorf("film %d: %d scenes, want 20-120 for 100 minutes", seed, len(got))
		}
		checkCover(t, got, p)
	}
	if p, r := sumP/films, sumR/films; p < 0.85 || r < 0.85 {
		t.Errorf("mean precision %.2f, recall %.2f; want both ≥ 0.85", p, r)
	}
}

// checkCover checks the scenes cover the film in order, without gaps, each within the bounds
// the shots allow.
func checkCover(t *testing.T, got []story.Scene, p storytest.Plan) {
	t.Helper()
	if got[0].Start != 0 || got[len(got)-1].End != p.Duration() {
		t.Errorf("scenes run %v-%v, want 0-%v", got[0].Start, got[len(got)-1].End, p.Duration())
	}
	for i := 1; i < len(got); i++ {
		if got[i].Start != got[i-1].End {
			t.Errorf("scene %d starts at %v, the one before ends at %v", i, got[i].Start, got[i-1].End)
		}
		if got[i].First < got[i-1].First || got[i].Typical < got[i].First || got[i].Typical >= got[i].First+got[i].Shots {
			t.Errorf("scene %d: shots %d+%d, typical %d", i, got[i].First, got[i].Shots, got[i].Typical)
		}
	}
}

func TestGroupBadInput(t *testing.T) {
	two := 2 * time.Hour
	cases := []struct {
		name     string
		shots    []story.Shot
		lines    []story.Line
		min, max int
	}{
		{"no shots", nil, nil, 0, 0},
		{"one shot of two hours, silent", []story.Shot{{End: two}}, nil, 15, 30},
		{"one shot of two hours, talking", []story.Shot{{End: two}}, talkEvery(two, 20*time.Second), 15, 60},
		{"one short shot", []story.Shot{{End: 3 * time.Second}}, nil, 1, 1},
		{"overlapping lines", shotsEvery(10*time.Minute, 4*time.Second), []story.Line{{0, 10 * time.Minute}, {time.Minute, 2 * time.Minute}}, 2, 20},
		{"thousands of lines", shotsEvery(two, 4*time.Second), talkEvery(two, 2*time.Second), 15, 180},
	}
	for _, c := range cases {
		got := story.Group(c.shots, c.lines, story.Options{})
		if len(got) < c.min || len(got) > c.max {
			t.Errorf("%s: %d scenes, want %d-%d", c.name, len(got), c.min, c.max)
		}
		for _, s := range got {
			if s.End-s.Start > 8*time.Minute {
				t.Errorf("%s: a scene of %v", c.name, s.End-s.Start)
			}
		}
	}
}

func shotsEvery(length, each time.Duration) []story.Shot {
	var out []story.Shot
	for t := time.Duration(0); t < length; t += each {
		out = append(out, story.Shot{Start: t, End: min(t+each, length)})
	}
	return out
}

func talkEvery(length, each time.Duration) []story.Line {
	var out []story.Line
	for t := time.Duration(0); t < length; t += each {
		out = append(out, story.Line{Start: t, End: t + each*3/4})
	}
	return out
}

func BenchmarkGroup(b *testing.B) {
	p := storytest.New(3, 120*time.Minute)
	shots := synthetic(p, 3)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		story.Group(shots, p.Lines, story.Options{})
	}
	b.ReportMetric(float64(len(shots)), "shots")
}
