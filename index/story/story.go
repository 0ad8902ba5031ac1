// Package story groups a film's shots into the scenes of its story: one place and one time,
// typically one to five minutes. A feature has 1,000 to 2,500 shots and 25 to 120 such scenes;
// the strip, chapters, scene keys and the companion's notes work on these, the shots only on
// seek previews.
//
// A change of scene is told by what films use to mark one, weighed together:
//
//   - a fade through black (a shot that comes out of black);
//   - a gap in the dialogue around the cut (a line that goes on across the cut says the scene
//     goes on);
//   - shots that look like none of the shots just before: colour histograms of the shots'
//     thumbnails are compared across the cut, several shots each way, so a setting that
//     returns (A-B-A, the two sides of a conversation) stays one scene.
//
// Scenes are then chosen by dynamic programming, with bounds on their length: a scene is at
// least MinScene long, and at most MaxScene (a single long shot is cut at its dialogue gaps).
package story

import (
	"math"
	"sort"
	"time"
)

// Version is the grouping's version: an analysis grouped by an older one is grouped again.
const Version = 1

// Shot is one shot as the grouping sees it.
type Shot struct {
	Start, End time.Duration
	Black      bool // comes out of black
	Hist       Hist // nil when the shot has no thumbnail
}

// Line is when a line of dialogue is spoken.
type Line struct{ Start, End time.Duration }

// Scene is one narrative scene: shots First to First+Shots-1 (a stretch of one long shot has
// Shots 1), and the shot that stands for it.
type Scene struct {
	Start, End   time.Duration
	First, Shots int
	Typical      int // index of its most typical shot
}

// Options bound the scenes; the zero value is the defaults.
type Options struct {
	MinScene time.Duration // default 40 s
	MaxScene time.Duration // default 8 minutes
	// Threshold is the evidence a cut needs to be a change of scene (default 1).
	Threshold float64
}

func (o Options) withDefaults() Options {
	if o.MinScene <= 0 {
		o.MinScene = 40 * time.Second
	}
	if o.MaxScene <= 0 {
		o.MaxScene = 8 * time.Minute
	}
	if o.MaxScene < 2*o.MinScene {
		o.MaxScene = 2 * o.MinScene
	}
	if o.Threshold <= 0 {
		o.Threshold = 1
	}
	return o
}

// The weights of the evidence.
const (
	wBlack  = 2.0
	wGap    = 1.0
	wLook   = 1.2
	wSpoken = 1.5 // taken off when a line goes on across the cut
	// lookWindow is how far each way the shots compared across a cut reach.
	lookWindow = 75 * time.Second
	lookShots  = 10
)

// candidate is a moment a scene may start, with the evidence for it.
type candidate struct {
	at    time.Duration
	shot  int // the shot that starts there, or holds it
	score float64
}

// Group groups shots (in order, without gaps or overlaps that matter) into scenes, using the
// dialogue's timing (lines in any order).
func Group(shots []Shot, lines []Line, opt Options) []Scene {
	if len(shots) == 0 {
		return nil
	}
	opt = opt.withDefaults()
	ls := append([]Line(nil), lines...)
	sort.Slice(ls, func(i, j int) bool { return ls[i].Start < ls[j].Start })
	talk := newTalk(ls)
	cands := candidates(shots, talk, opt)
	start, end := shots[0].Start, shots[len(shots)-1].End
	bounds := choose(start, end, cands, opt)
	return scenes(shots, bounds)
}

// candidates are the cuts between shots, and inside a shot longer than a scene may be, the
// middles of its gaps in the dialogue (or, in silence, evenly spaced moments).
func candidates(shots []Shot, talk *talk, opt Options) []candidate {
	var out []candidate
	for i, sh := range shots {
		if i > 0 {
			c := candidate{at: sh.Start, shot: i}
			if sh.Black {
				c.score += wBlack
			}
			gap, spoken := talk.gapAt(sh.Start)
			if spoken {
				c.score -= wSpoken
			} else {
				c.score += wGap * gapScore(gap)
			}
			c.score += wLook * lookScore(novelty(shots, i))
			out = append(out, c)
		}
		if sh.End-sh.Start > opt.MaxScene {
			out = append(out, inside(sh, i, talk, opt)...)
		}
	}
	return out
}

// inside gives the moments a long shot may be cut at.
func inside(sh Shot, i int, talk *talk, opt Options) []candidate {
	var out []candidate
	for _, g := range talk.gapsIn(sh.Start+opt.MinScene, sh.End-opt.MinScene, 3*time.Second) {
		out = append(out, candidate{at: g.mid, shot: i, score: wGap * gapScore(g.len)})
	}
	// Evenly spaced fallbacks keep every stretch under MaxScene where nobody speaks for long.
	step := opt.MaxScene / 2
	for t := sh.Start + step; t < sh.End-opt.MinScene; t += step {
		out = append(out, candidate{at: t, shot: i})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].at < out[b].at })
	return out
}

// gapScore turns the silence around a cut into evidence: nothing under 2 s, full at 10 s.
func gapScore(gap time.Duration) float64 {
	return clamp((gap - 2*time.Second).Seconds() / 8)
}

// lookScore turns the least histogram distance across a cut into evidence.
func lookScore(d float64) float64 {
	if d < 0 {
		return 0 // nothing to compare
	}
	return clamp((d - 0.2) / 0.35)
}

func clamp(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// novelty is how unlike every shot shortly before the cut the shots shortly after it are: the
// least distance over the pairs, -1 when either side has no histogram.
func novelty(shots []Shot, i int) float64 {
	at := shots[i].Start
	best, found := 1.0, false
	for a := i - 1; a >= 0 && a >= i-lookShots && at-shots[a].End < lookWindow; a-- {
		if shots[a].Hist == nil {
			continue
		}
		for b := i; b < len(shots) && b < i+lookShots && shots[b].Start-at < lookWindow; b++ {
			if shots[b].Hist == nil {
				continue
			}
			best, found = min(best, Distance(shots[a].Hist, shots[b].Hist)), true
		}
	}
	if !found {
		return -1
	}
	return best
}

// choose picks the scene starts: the most evidence, less Threshold for each, within the
// length bounds. best[j] is the best total for scenes that end at bound j.
func choose(start, end time.Duration, cands []candidate, opt Options) []candidate {
	pts := make([]candidate, 0, len(cands)+2)
	pts = append(pts, candidate{at: start})
	for _, c := range cands {
		if c.at > start && c.at < end {
			pts = append(pts, c)
		}
	}
	pts = append(pts, candidate{at: end})
	n := len(pts)
	best := make([]float64, n)
	from := make([]int, n)
	for j := 1; j < n; j++ {
		gain := pts[j].score - opt.Threshold
		if j == n-1 {
			gain = 0
		}
		best[j], from[j] = math.Inf(-1), -1
		for i := j - 1; i >= 0; i-- {
			d := pts[j].at - pts[i].at
			if d > opt.MaxScene && i < j-1 {
				break
			}
			v := best[i] + gain
			switch {
			case d < opt.MinScene:
				v -= 10 // too short: only when nothing else will do (the film's ends)
			case d > opt.MaxScene:
				v -= 10 // too long: only when there is no closer cut
			}
			if v > best[j] {
				best[j], from[j] = v, i
			}
		}
	}
	var out []candidate
	for j := n - 1; j > 0; j = from[j] {
		out = append(out, pts[j])
	}
	out = append(out, pts[0])
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out // starts, and the film's end last
}

// scenes turns the chosen bounds into scenes of shots.
func scenes(shots []Shot, bounds []candidate) []Scene {
	out := make([]Scene, 0, len(bounds)-1)
	for k := 0; k+1 < len(bounds); k++ {
		s := Scene{Start: bounds[k].at, End: bounds[k+1].at, First: bounds[k].shot}
		last := len(shots) - 1
		if k+2 < len(bounds) {
			last = bounds[k+1].shot
			if shots[last].Start >= s.End {
				last-- // the next scene starts with that shot
			}
		}
		s.Shots = max(1, last-s.First+1)
		s.Typical = typical(shots[s.First : s.First+s.Shots])
		s.Typical += s.First
		out = append(out, s)
	}
	return out
}

// typical is the shot whose picture is closest to the scene's other shots (the longest of
// those with a thumbnail when few have one).
func typical(shots []Shot) int {
	best, bestD := 0, math.Inf(1)
	longest, longestD := -1, time.Duration(-1)
	for i, a := range shots {
		if a.Hist == nil {
			continue
		}
		if d := a.End - a.Start; d > longestD {
			longest, longestD = i, d
		}
		if len(shots) > 40 {
			continue
		}
		sum := 0.0
		for _, b := range shots {
			if b.Hist != nil {
				sum += Distance(a.Hist, b.Hist)
			}
		}
		if sum < bestD {
			best, bestD = i, sum
		}
	}
	if math.IsInf(bestD, 1) && longest >= 0 {
		return longest
	}
	return best
}
