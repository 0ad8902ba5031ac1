package assistant

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/reel-app/reel/assistant/keywords"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
)

// LineFinder finds a film's lines that match a question among those that start before a
// moment; *search.Index satisfies it (the library's Bleve lines index).
type LineFinder interface {
	LinesBefore(ctx context.Context, film string, before time.Duration, text string, n int) ([]search.LineHit, error)
}

// Watched reads a film as the viewer has seen it by a moment. Every read takes the moment:
// no caller can ask for the film without it, and nothing that starts at or after it comes
// back; a scene's note comes back only once the scene is over.
type Watched struct {
	Catalog Catalog
	Notes   NoteReader // nil: no notes
	Find    LineFinder // nil: no index; found matches the lines in memory
}

// Lines are the film's lines (of its main subtitle language) that start before at, in order.
func (w Watched) Lines(id string, at time.Duration) ([]store.Cue, error) {
	cues, err := w.Catalog.Cues(id)
	if err != nil {
		return nil, fmt.Errorf("read the lines of %s: %w", id, err)
	}
	var out []store.Cue
	for _, c := range mainLanguage(cues) {
		if c.Start < at {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out, nil
}

// Scenes are the narrative scenes that start before at; the last may be going on (its End
// is then past at). A film analysed before Reel grouped shots has its shots instead.
func (w Watched) Scenes(id string, at time.Duration) ([]store.StoryScene, error) {
	a, ok, err := w.Catalog.Analysis(id)
	if err != nil || !ok {
		return nil, err
	}
	var out []store.StoryScene
	for _, s := range a.Chapters() {
		if s.Start < at {
			out = append(out, s)
		}
	}
	return out, nil
}

// SceneNotes are the notes of the narrative scenes over by at, in order.
func (w Watched) SceneNotes(id string, at time.Duration) ([]store.SceneNote, error) {
	if w.Notes == nil {
		return nil, nil
	}
	all, err := w.Notes.Notes(id)
	if err != nil {
		return nil, fmt.Errorf("read the notes of %s: %w", id, err)
	}
	var out []store.SceneNote
	for _, n := range all {
		if n.Story() && n.End <= at {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out, nil
}

// Search finds the seen lines that match text through the Bleve index, best first, with
// its scores; none without an index, or while it cannot answer (it may be rebuilding): found
// matches the question's words in the lines in hand either way.
func (w Watched) Search(ctx context.Context, id string, at time.Duration, text string, n int) []scoredCue {
	if w.Find == nil {
		return nil
	}
	hits, err := w.Find.LinesBefore(ctx, id, at, text, n)
	if err != nil {
		return nil
	}
	out := make([]scoredCue, 0, len(hits))
	for _, h := range hits {
		if h.Start < at {
			out = append(out, scoredCue{store.Cue{Start: h.Start, End: h.End, Text: h.Text}, h.Score})
		}
	}
	return out
}

// stem takes common English endings off a word, so that "drive" finds "driving".
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "ly", "e"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// Item is one timed thing a request carries: a line, a scene's note, a stretch's summary.
type Item struct {
	At   time.Duration
	Till time.Duration // the end of the stretch an item sums up; 0 for a line
	Text string
}

func (it Item) render() string {
	text := data(strings.Join(strings.Fields(it.Text), " "))
	if it.Till > it.At {
		return fmt.Sprintf("[%s–%s] %s\n", Stamp(it.At), Stamp(it.Till), text)
	}
	return fmt.Sprintf("[%s] %s\n", Stamp(it.At), text)
}

func itemsTokens(items []Item) int {
	n := 0
	for _, it := range items {
		n += Tokens(it.render()) - 4
	}
	return n
}

// newest keeps the newest lines that fit in budget tokens, at most most of them, in order.
func newest(lines []store.Cue, budget, most int) []Item {
	var out []Item
	used := 0
	for i := len(lines) - 1; i >= 0 && len(out) < most; i-- {
		it := Item{At: lines[i].Start, Text: lines[i].Text}
		t := Tokens(it.render()) - 4
		if used+t > budget {
			break
		}
		used += t
		out = append(out, it)
	}
	for a, b := 0, len(out)-1; a < b; a, b = a+1, b-1 {
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// Passages: an answer is seldom in the line that has the question's words. "Who does
// Bartholomew work for?" finds the line that names Bartholomew; the answer ("do you know what
// C.I.A. is?") comes two lines later. So each match brings the passage around it: passBefore
// lines before it and passAfter after.
const (
	passBefore = 2
	passAfter  = 4
)

// found is the passages around the best matches that fit in budget tokens, best first, each
// in the film's order. hits are the index's matches (best first, scored); skip are lines
// already carried.
// A passage is ranked by the question's words it holds, each counted once and weighed by how
// rare it is among the lines seen (a passage that names Duffy, the train and Hildy beats one
// that names Hildy three times), the index's score breaking ties.
func found(question string, hits []scoredCue, lines []store.Cue, toks [][]string, budget int, skip map[time.Duration]bool) [][]Item {
	want := map[string]bool{}
	for _, t := range keywords.Tokens(question) {
		want[stem(t)] = true
	}
	// Which question words each seen line holds, and in how many lines each is.
	has := make([][]string, len(lines))
	df := map[string]int{}
	for i := range lines {
		for _, t := range toks[i] {
			if st := stem(t); want[st] && !slices.Contains(has[i], st) {
				has[i] = append(has[i], st)
				df[st]++
			}
		}
	}
	index := map[time.Duration]int{}
	for i, l := range lines {
		if _, ok := index[l.Start]; !ok {
			index[l.Start] = i
		}
	}
	bonus := map[int]float64{}
	for _, h := range hits {
		if i, ok := index[h.Start]; ok {
			bonus[i] = max(bonus[i], h.Score)
		}
	}
	anchors := map[int]bool{}
	for i := range lines {
		if len(has[i]) > 0 {
			anchors[i] = true
		}
	}
	for i := range bonus {
		anchors[i] = true
	}
	type passage struct {
		from, to int
		score    float64
	}
	var ps []passage
	n := float64(len(lines))
	for i := range anchors {
		p := passage{from: max(0, i-passBefore), to: min(len(lines)-1, i+passAfter)}
		words := map[string]bool{}
		top := 0.0
		for j := p.from; j <= p.to; j++ {
			for _, w := range has[j] {
				words[w] = true
			}
			top = max(top, bonus[j])
		}
		for w := range words {
			p.score += math.Log(1 + n/float64(df[w]))
		}
		p.score += 0.01 * top
		if bonus[i] > 0 && len(has[i]) == 0 {
			p.score += 0.5 // the index matched a form of a word the words here miss
		}
		ps = append(ps, p)
	}
	sort.Slice(ps, func(a, b int) bool {
		if ps[a].score != ps[b].score {
			return ps[a].score > ps[b].score
		}
		return ps[a].from < ps[b].from
	})
	var out [][]Item
	taken := map[int]bool{}
	used := 0
	for _, p := range ps {
		var take []int
		cost := 0
		for j := p.from; j <= p.to; j++ {
			if taken[j] || skip[lines[j].Start] {
				continue
			}
			take = append(take, j)
			cost += Tokens(Item{At: lines[j].Start, Text: lines[j].Text}.render()) - 4
		}
		if len(take) == 0 {
			continue
		}
		if used+cost > budget {
			if used > budget*9/10 {
				break
			}
			continue // a shorter passage further down may still fit
		}
		used += cost
		var passage []Item
		for _, j := range take {
			taken[j] = true
			passage = append(passage, Item{At: lines[j].Start, Text: lines[j].Text})
		}
		out = append(out, passage)
	}
	return out
}

// scoredCue is a line that matches, and how well.
type scoredCue struct {
	store.Cue
	Score float64
}

// recap is the story so far, in order, within budget tokens: a note per scene over, or for
// scenes without a note, their keywords and key line. When that is too long, neighbouring
// scenes are summed up together (2, 4, 8… at a time), each stretch with its times, so that
// the whole of what was seen is there, in less detail.
func recap(scenes []store.StoryScene, notes []store.SceneNote, lines []store.Cue, toks [][]string, at time.Duration, budget int) []Item {
	byStart := map[time.Duration]store.SceneNote{}
	for _, n := range notes {
		byStart[n.Start] = n
	}
	var base []Item
	for _, sc := range scenes {
		end := min(sc.End, at)
		if n, ok := byStart[sc.Start]; ok && sc.End <= at {
			text := n.Summary
			if len(n.Who) > 0 {
				text += " (" + strings.Join(n.Who, ", ") + ")"
			}
			base = append(base, Item{At: sc.Start, Till: end, Text: text})
			continue
		}
		base = append(base, Item{At: sc.Start, Till: end, Text: sceneGist(sc.Start, end, lines, toks)})
	}
	for k := 1; ; k *= 2 {
		items := group(base, k, budget)
		if itemsTokens(items) <= budget || k >= len(base) {
			return fitItems(items, budget)
		}
	}
}

// group sums up k scenes at a time: their first sentences, cut to share budget evenly.
func group(base []Item, k, budget int) []Item {
	if k == 1 {
		return base
	}
	var out []Item
	per := max(12, budget/max(1, (len(base)+k-1)/k)-8) * 3 // bytes each stretch may take
	for i := 0; i < len(base); i += k {
		j := min(i+k, len(base))
		var parts []string
		for _, it := range base[i:j] {
			if s := firstSentence(it.Text); s != "" {
				parts = append(parts, s)
			}
		}
		out = append(out, Item{At: base[i].At, Till: base[j-1].Till, Text: cutText(strings.Join(parts, " "), per)})
	}
	return out
}

// fitItems drops the longest items' tails until the whole fits (a last resort: grouping
// nearly always fits first).
func fitItems(items []Item, budget int) []Item {
	for itemsTokens(items) > budget {
		longest := 0
		for i := range items {
			if len(items[i].Text) > len(items[longest].Text) {
				longest = i
			}
		}
		if len(items[longest].Text) <= 24 {
			return items[len(items)/2:]
		}
		items[longest].Text = cutText(items[longest].Text, len(items[longest].Text)*2/3)
	}
	return items
}

// tokenize splits each line into its keyword tokens, once for all the reads of a request.
func tokenize(lines []store.Cue) [][]string {
	out := make([][]string, len(lines))
	for i, l := range lines {
		out[i] = keywords.Tokens(l.Text)
	}
	return out
}

// sceneGist is what a scene without a note says: its keywords, and its most telling line.
// lines are in order, toks their tokens.
func sceneGist(from, to time.Duration, lines []store.Cue, toks [][]string) string {
	first := sort.Search(len(lines), func(i int) bool { return lines[i].Start >= from })
	last := sort.Search(len(lines), func(i int) bool { return lines[i].Start >= to })
	if first >= last {
		return "(no dialogue)"
	}
	corpus := keywords.NewCorpus()
	var doc []string
	for i := first; i < last; i++ {
		corpus.Add(toks[i])
		doc = append(doc, toks[i]...)
	}
	words := keywords.Words(corpus.Top(doc, 4))
	key := map[string]bool{}
	for _, w := range words {
		key[w] = true
	}
	best, bestN := lines[first], -1
	for i := first; i < last; i++ {
		n := 0
		for _, t := range toks[i] {
			if key[t] {
				n++
			}
		}
		if n > bestN {
			best, bestN = lines[i], n
		}
	}
	text := "“" + strings.Join(strings.Fields(best.Text), " ") + "”"
	if len(words) > 0 {
		text = strings.Join(words, ", ") + ": " + text
	}
	return text
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".!?"); i > 0 && i < len(s)-1 {
		return s[:i+1]
	}
	return s
}

// cutText cuts s to at most n bytes at a word, marking the cut.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:max(0, n-1)], ' ')
	if cut <= 0 {
		cut = max(0, n-1)
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
	}
	return s[:cut] + "…"
}
