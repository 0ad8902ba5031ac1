// Package storytest makes films whose story structure is known, to measure the grouping of
// shots into scenes: scenes of one to five minutes, each in one to three settings whose shots
// alternate (A-B-A-B, as the two sides of a conversation), changes of scene marked as films
// mark them (a fade through black, a pause in the dialogue, or only a new setting with the
// talk going on), and lines of dialogue timed like speech. The same plan draws the film (its
// shots' seeds and fades, for the synthetic encoder) and gives the truth to compare with.
package storytest

import (
	"math/rand"
	"sort"
	"time"

	"github.com/reel-app/reel/index/story"
)

// Shot is one shot of a planned film.
type Shot struct {
	Duration        time.Duration
	Setting         int64 // shots of one setting look alike: the encoder's seed
	FadeIn, FadeOut bool
}

// Plan is a film with known scenes.
type Plan struct {
	Shots  []Shot
	Starts []time.Duration // when each scene starts; the first is 0
	Lines  []story.Line
}

// Duration is the film's length.
func (p Plan) Duration() time.Duration {
	var d time.Duration
	for _, s := range p.Shots {
		d += s.Duration
	}
	return d
}

// ShotStarts are the shots' start times.
func (p Plan) ShotStarts() []time.Duration {
	out := make([]time.Duration, len(p.Shots))
	var t time.Duration
	for i, s := range p.Shots {
		out[i] = t
		t += s.Duration
	}
	return out
}

// Tick is what every planned time is a multiple of, so that a film drawn at 5, 10, 25 or 50
// frames a second has its cuts exactly where planned.
const Tick = 200 * time.Millisecond

// Fade is how long a planned fade lasts.
const Fade = 600 * time.Millisecond

// New plans a film of about length with its own dialogue.
func New(seed int64, length time.Duration) Plan {
	r := rand.New(rand.NewSource(seed))
	var starts []time.Duration
	for t := time.Duration(0); t < length-time.Minute; t += time.Duration(60+r.Intn(241)) * time.Second {
		starts = append(starts, t)
	}
	p := build(r, starts, length)
	// Lines: speech in each scene, with pauses; between scenes a pause, or (one change in
	// three) talk that goes on close to the cut.
	for k, s := range p.Starts {
		end := length
		if k+1 < len(p.Starts) {
			end = p.Starts[k+1]
		}
		lead, tail := time.Duration(3+r.Intn(4))*time.Second, time.Duration(3+r.Intn(4))*time.Second
		if r.Intn(3) == 0 {
			lead, tail = 700*time.Millisecond, 700*time.Millisecond
		}
		for t := s + lead; ; {
			d := time.Duration(1500+r.Intn(2500)) * time.Millisecond
			if t+d > end-tail {
				break
			}
			p.Lines = append(p.Lines, story.Line{Start: t, End: t + d})
			gap := time.Duration(300+r.Intn(2200)) * time.Millisecond
			if r.Intn(12) == 0 {
				gap = time.Duration(3+r.Intn(4)) * time.Second // a pause inside the scene
			}
			t += d + gap
		}
	}
	return p
}

// ForLines plans a film of length around real dialogue: its scenes change in the dialogue's
// longer pauses, one to five minutes apart, as a real film's do.
func ForLines(seed int64, length time.Duration, lines []story.Line) Plan {
	r := rand.New(rand.NewSource(seed))
	ls := append([]story.Line(nil), lines...)
	sort.Slice(ls, func(i, j int) bool { return ls[i].Start < ls[j].Start })
	type gap struct{ mid, len time.Duration }
	var gaps []gap
	var end time.Duration
	for _, l := range ls {
		if l.Start-end >= 4*time.Second {
			gaps = append(gaps, gap{end + (l.Start-end)/2, l.Start - end})
		}
		end = max(end, l.End)
	}
	starts := []time.Duration{0}
	for {
		last := starts[len(starts)-1]
		want := last + time.Duration(60+r.Intn(181))*time.Second
		if want > length-time.Minute {
			break
		}
		// The longest pause within a minute of want; want itself when there is none.
		best, bestLen := want, time.Duration(0)
		for _, g := range gaps {
			if g.mid > last+45*time.Second && g.mid > want-time.Minute && g.mid < want+time.Minute && g.len > bestLen {
				best, bestLen = g.mid, g.len
			}
		}
		starts = append(starts, best.Round(Tick))
	}
	p := build(r, starts, length)
	p.Lines = ls
	return p
}

// build plans the shots of scenes that start at starts: about 4 s each (2 to 7), alternating
// among the scene's settings, with a fade through black at one change of scene in three.
func build(r *rand.Rand, starts []time.Duration, length time.Duration) Plan {
	p := Plan{}
	setting := int64(1000)
	var t time.Duration
	for k := range starts {
		end := length
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		n := 1 + r.Intn(3)
		settings := make([]int64, n)
		for i := range settings {
			setting++
			settings[i] = setting
		}
		fade := k > 0 && r.Intn(3) == 0
		if fade && len(p.Shots) > 0 {
			p.Shots[len(p.Shots)-1].FadeOut = true
		}
		p.Starts = append(p.Starts, t)
		for i := 0; t < end; i++ {
			d := time.Duration(10+r.Intn(25)) * Tick
			if end-(t+d) < 2*time.Second {
				d = end - t
			}
			sh := Shot{Duration: d, Setting: settings[i%n], FadeIn: fade && i == 0}
			p.Shots = append(p.Shots, sh)
			t += d
		}
	}
	return p
}

// StoryShots are the plan's shots as the grouping sees them, with colours as thumbnails would
// give them: each setting a histogram of its own, the same for all its shots but for a
// little noise drawn from seed (the film is not drawn; for that, encode the plan).
func (p Plan) StoryShots(seed int64) []story.Shot {
	r := rand.New(rand.NewSource(seed))
	looks := map[int64]story.Hist{}
	var out []story.Shot
	var t time.Duration
	for _, sh := range p.Shots {
		base, ok := looks[sh.Setting]
		if !ok {
			base = make(story.Hist, 72)
			for i := 0; i < 6; i++ {
				base[r.Intn(64)] += 1.0 / 6
			}
			base[64+r.Intn(8)] = 1
			looks[sh.Setting] = base
		}
		h := make(story.Hist, 72)
		noise := 0.05 + 0.1*r.Float64()
		for i := range h {
			h[i] = base[i] * float32(1-noise)
		}
		h[r.Intn(64)] += float32(noise)
		h[64+r.Intn(8)] += float32(noise)
		out = append(out, story.Shot{Start: t, End: t + sh.Duration, Black: sh.FadeIn, Hist: h})
		t += sh.Duration
	}
	return out
}
