package story

import (
	"sort"
	"time"
)

// talk answers questions about the dialogue's timing: lines sorted by start, and the latest
// end of any line up to each one (lines overlap).
type talk struct {
	lines  []Line
	maxEnd []time.Duration // maxEnd[i] is the latest End of lines[0..i]
}

func newTalk(sorted []Line) *talk {
	t := &talk{lines: sorted, maxEnd: make([]time.Duration, len(sorted))}
	var m time.Duration
	for i, l := range sorted {
		m = max(m, l.End)
		t.maxEnd[i] = m
	}
	return t
}

// gapAt is the silence around moment at: from the end of the speech before it to the start of
// the next line. spoken says a line is going on at that moment.
func (t *talk) gapAt(at time.Duration) (gap time.Duration, spoken bool) {
	i := sort.Search(len(t.lines), func(i int) bool { return t.lines[i].Start >= at })
	next := time.Duration(-1)
	if i < len(t.lines) {
		next = t.lines[i].Start
	}
	var prevEnd time.Duration
	if i > 0 {
		prevEnd = t.maxEnd[i-1]
		if prevEnd > at {
			return 0, true
		}
	}
	if next < 0 {
		return 10 * time.Minute, false // nothing said after: as long a silence as any
	}
	if i == 0 {
		prevEnd = min(next, at) - 10*time.Minute
	}
	return next - prevEnd, false
}

// silence is a gap in the dialogue.
type silence struct {
	mid time.Duration
	len time.Duration
}

// gapsIn lists the silences of at least least whose middles fall within [from, to).
func (t *talk) gapsIn(from, to, least time.Duration) []silence {
	var out []silence
	i := sort.Search(len(t.lines), func(i int) bool { return t.lines[i].Start >= from })
	for ; i < len(t.lines) && i > 0; i++ {
		prev := t.maxEnd[i-1]
		g := t.lines[i].Start - prev
		mid := prev + g/2
		if mid >= to {
			break
		}
		if g >= least && mid >= from {
			out = append(out, silence{mid: mid, len: g})
		}
	}
	return out
}
