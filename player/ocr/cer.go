package ocr

import (
	"regexp"
	"strings"
	"time"
)

// TimedText is one cue's text and times, as read or as written.
type TimedText struct {
	Start, End time.Duration
	Text       string
}

// Score is how far read cues are from the written ones.
type Score struct {
	Edits, Chars int     // character edits needed, characters written
	CER          float64 // Edits / Chars
	Missed       int     // written cues with nothing read over them
	// ShownCER leaves the missed cues out: how well the pictures there are were read, when
	// a track lacks some of the lines its text twin has.
	ShownCER float64
}

var tags = regexp.MustCompile(`</?[a-zA-Z][^>]*>|\{\\[^}]*\}`)

// normalise is a cue's text as compared: markup removed, line breaks and runs of space one
// space.
func normalise(s string) string {
	return strings.Join(strings.Fields(tags.ReplaceAllString(s, " ")), " ")
}

// CharErrorRate compares the text read from a picture track with a text track of the same
// subtitles, character by character (Levenshtein distance over runes, markup and line breaks
// aside). The two are aligned in order, each cue read with at most one written cue near it in
// time (within alignSlack: a track and its text twin are timed by hand, apart), so as to need
// the fewest edits; a written cue left without one is missed (all its characters are edits),
// a cue read without one adds all of its own.
func CharErrorRate(read, written []TimedText) Score {
	n, m := len(read), len(written)
	r := make([][]rune, n)
	w := make([][]rune, m)
	for i := range read {
		r[i] = []rune(normalise(read[i].Text))
	}
	for j := range written {
		w[j] = []rune(normalise(written[j].Text))
	}
	// cost[i][j]: fewest edits for read[i:] against written[j:].
	cost := make([][]int, n+1)
	for i := range cost {
		cost[i] = make([]int, m+1)
	}
	for i := n; i >= 0; i-- {
		for j := m; j >= 0; j-- {
			switch {
			case i == n && j == m:
				cost[i][j] = 0
			case i == n:
				cost[i][j] = len(w[j]) + cost[i][j+1]
			case j == m:
				cost[i][j] = len(r[i]) + cost[i+1][j]
			default:
				best := min(len(r[i])+cost[i+1][j], len(w[j])+cost[i][j+1])
				if near(read[i], written[j]) {
					best = min(best, levenshtein(r[i], w[j])+cost[i+1][j+1])
				}
				cost[i][j] = best
			}
		}
	}
	var sc Score
	var shownEdits, shownChars int
	for i, j := 0, 0; i < n || j < m; {
		switch {
		case i < n && j < m && near(read[i], written[j]) && cost[i][j] == levenshtein(r[i], w[j])+cost[i+1][j+1]:
			e := levenshtein(r[i], w[j])
			sc.Edits += e
			shownEdits += e
			sc.Chars += len(w[j])
			shownChars += len(w[j])
			i, j = i+1, j+1
		case j < m && (i == n || cost[i][j] == len(w[j])+cost[i][j+1]):
			sc.Missed++
			sc.Edits += len(w[j])
			sc.Chars += len(w[j])
			j++
		default:
			sc.Edits += len(r[i])
			shownEdits += len(r[i])
			i++
		}
	}
	if sc.Chars > 0 {
		sc.CER = float64(sc.Edits) / float64(sc.Chars)
	}
	if shownChars > 0 {
		sc.ShownCER = float64(shownEdits) / float64(shownChars)
	}
	return sc
}

// alignSlack is how far apart in time a cue read and a written cue may be and still be the
// same line.
const alignSlack = 2 * time.Second

func near(a, b TimedText) bool {
	return a.Start < b.End+alignSlack && b.Start < a.End+alignSlack
}

func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
