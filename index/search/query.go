package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/ansi"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is what the user searches for.
type Query struct {
	Text   string // as typed; the last word may be unfinished
	Genre  string // only films of this genre ("" for any)
	Decade int    // only films of this decade (1990 for the 1990s; 0 for any)
	Limit  int    // most hits of each kind (default 20)
	// Highlight marks the matched words in line fragments: "html" (<mark>), "ansi" (for a
	// terminal) or "" (none).
	Highlight string
}

// FilmHit is a film that matches.
type FilmHit struct {
	ID    string
	Score float64
}

// LineHit is a line of dialogue that matches.
type LineHit struct {
	FilmID     string
	Start, End time.Duration
	Text       string
	Fragment   string // the text with the matched words marked, when highlighting was asked
	Score      float64
	Note       bool // a scene note the language model wrote, not a line of dialogue
}

// Results are the films and the lines that match, best first.
type Results struct {
	Films []FilmHit
	Lines []LineHit
}

// Search finds films and lines of dialogue.
func (x *Index) Search(ctx context.Context, q Query) (Results, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	var res Results
	// Films and lines are separate indexes: search both at once.
	var linesErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if strings.TrimSpace(q.Text) != "" {
			res.Lines, linesErr = x.searchLines(ctx, q)
		}
	}()
	films, err := x.searchFilms(ctx, q)
	<-done
	if err != nil {
		return res, err
	}
	if linesErr != nil {
		return res, linesErr
	}
	res.Films = films
	return res, nil
}

// tokens splits text as the title fields do (folded, lower case, Unicode words).
func (x *Index) tokens(text string) []string {
	return words(x.films.Mapping().AnalyzerNamed(textAnalyzer), text)[0]
}

// words is text's words as analyzer a gives them (the joined words the analyzer adds left
// out), and after them the variants with two neighbouring words joined, as a name may be
// written as one word where the query has two ("spider man" finds "Spiderman"); for up to six
// words.
func words(a analysis.Analyzer, text string) [][]string {
	var toks []*analysis.Token
	for _, t := range a.Analyze([]byte(text)) {
		if t.Type != analysis.Shingle {
			toks = append(toks, t)
		}
	}
	base := make([]string, len(toks))
	for i, t := range toks {
		base[i] = string(t.Term)
	}
	out := [][]string{base}
	if len(toks) > 6 {
		return out
	}
	for i := 0; i+1 < len(toks); i++ {
		var joined string
		switch {
		case toks[i].Start == toks[i+1].Start:
			joined = base[i] + base[i+1] // parts of one word ("spider-man")
		case i > 0 && toks[i-1].Start == toks[i].Start, i+2 < len(toks) && toks[i+2].Start == toks[i+1].Start:
			continue // a part of a word is not joined to the next word
		default:
			raw := text[toks[i].Start:toks[i].End] + text[toks[i+1].Start:toks[i+1].End]
			for _, t := range a.Analyze([]byte(raw)) {
				if t.Type != analysis.Shingle {
					joined = string(t.Term)
					break
				}
			}
		}
		if joined == "" {
			continue
		}
		v := append(append(append([]string{}, base[:i]...), joined), base[i+2:]...)
		out = append(out, v)
	}
	return out
}

// wordsQuery matches every word in field f, the last one as a prefix (search as you type),
// and, when fuzzy, each word within an edit distance that grows with its length.
func wordsQuery(words []string, f string, fuzzy bool, boost float64) query.Query {
	var parts []query.Query
	for i, w := range words {
		var q query.Query
		switch {
		case fuzzy && len([]rune(w)) >= 4:
			fq := query.NewFuzzyQuery(w)
			fq.SetFuzziness(1)
			if len([]rune(w)) >= 7 {
				fq.SetFuzziness(2)
			}
			fq.SetField(f)
			q = fq
		case !fuzzy && i == len(words)-1:
			pq := query.NewPrefixQuery(w)
			pq.SetField(f)
			q = pq
		default:
			tq := query.NewTermQuery(w)
			tq.SetField(f)
			q = tq
		}
		parts = append(parts, q)
	}
	c := query.NewConjunctionQuery(parts)
	c.SetBoost(boost)
	return c
}

func (x *Index) searchFilms(ctx context.Context, q Query) ([]FilmHit, error) {
	var match query.Query
	variants := words(x.films.Mapping().AnalyzerNamed(textAnalyzer), q.Text)
	if len(variants[0]) == 0 {
		match = query.NewMatchAllQuery()
	} else {
		exact := query.NewTermQuery(Normalize(q.Text))
		exact.SetField("title_exact")
		exact.SetBoost(20)
		plot := query.NewMatchQuery(q.Text)
		plot.SetField("plot")
		plot.SetBoost(0.3)
		genre := query.NewTermQuery(strings.ToLower(strings.TrimSpace(q.Text)))
		genre.SetField("genres")
		tag := query.NewTermQuery(strings.ToLower(strings.TrimSpace(q.Text)))
		tag.SetField("tags")
		parts := []query.Query{exact, plot, genre, tag}
		for i, w := range variants {
			parts = append(parts,
				wordsQuery(w, "title", false, 5),
				wordsQuery(w, "original", false, 3),
				wordsQuery(w, "people", false, 2))
			if i == 0 {
				parts = append(parts, wordsQuery(w, "title", true, 1.5))
			}
		}
		match = query.NewDisjunctionQuery(parts)
	}
	conj := []query.Query{match}
	if q.Genre != "" {
		g := query.NewTermQuery(strings.ToLower(q.Genre))
		g.SetField("genres")
		conj = append(conj, g)
	}
	if q.Decade > 0 {
		lo, hi := float64(q.Decade), float64(q.Decade+10)
		r := query.NewNumericRangeQuery(&lo, &hi)
		r.SetField("year")
		conj = append(conj, r)
	}
	var final query.Query = match
	if len(conj) > 1 {
		final = query.NewConjunctionQuery(conj)
	}
	req := bleve.NewSearchRequestOptions(final, q.Limit, 0, false)
	res, err := x.films.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search films: %w", err)
	}
	out := make([]FilmHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, FilmHit{ID: h.ID, Score: h.Score})
	}
	return out, nil
}

func (x *Index) searchLines(ctx context.Context, q Query) ([]LineHit, error) {
	// Every word of the query, or of one of its variants with two words joined.
	var either []query.Query
	for _, w := range words(x.lines.Mapping().AnalyzerNamed(enAnalyzer), q.Text) {
		if len(w) == 0 {
			continue
		}
		terms := make([]query.Query, len(w))
		for i, t := range w {
			tq := query.NewTermQuery(t)
			tq.SetField("text")
			terms[i] = tq
		}
		either = append(either, query.NewConjunctionQuery(terms))
	}
	cjk := query.NewMatchQuery(q.Text)
	cjk.SetField("text_cjk")
	cjk.SetOperator(query.MatchQueryOperatorAnd)
	either = append(either, cjk)
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(either), q.Limit, 0, false)
	req.Fields = []string{"film", "start", "end", "text", "text_cjk", "kind"}
	switch q.Highlight {
	case "html":
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	case "ansi":
		req.Highlight = bleve.NewHighlightWithStyle(ansi.Name)
	}
	res, err := x.lines.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search lines: %w", err)
	}
	out := make([]LineHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		l := LineHit{Score: h.Score}
		l.FilmID, _ = h.Fields["film"].(string)
		if v, ok := h.Fields["start"].(float64); ok {
			l.Start = time.Duration(v * float64(time.Second))
		}
		if v, ok := h.Fields["end"].(float64); ok {
			l.End = time.Duration(v * float64(time.Second))
		}
		kind, _ := h.Fields["kind"].(string)
		l.Note = kind == "note"
		l.Text, _ = h.Fields["text"].(string)
		if l.Text == "" {
			l.Text, _ = h.Fields["text_cjk"].(string)
		}
		for _, f := range []string{"text", "text_cjk"} {
			if frags := h.Fragments[f]; len(frags) > 0 {
				l.Fragment = frags[0]
			}
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out, nil
}

// LinesBefore finds the lines of dialogue of one film that share words with text (any of
// them, best first: more of the question's rarer words rank higher), among the lines that
// start before before. The bound is part of the query: nothing spoken later is ever read.
// Scene notes are left out: a note speaks for a whole scene, and a scene going on at before
// has not been seen to its end.
func (x *Index) LinesBefore(ctx context.Context, film string, before time.Duration, text string, n int) ([]LineHit, error) {
	if n <= 0 {
		n = 20
	}
	words := query.NewMatchQuery(text)
	words.SetField("text")
	cjk := query.NewMatchQuery(text)
	cjk.SetField("text_cjk")
	f := query.NewTermQuery(film)
	f.SetField("film")
	hi := before.Seconds()
	inclusive := false
	seen := query.NewNumericRangeInclusiveQuery(nil, &hi, nil, &inclusive)
	seen.SetField("start")
	note := query.NewTermQuery("note")
	note.SetField("kind")
	q := query.NewBooleanQuery([]query.Query{f, seen, query.NewDisjunctionQuery([]query.Query{words, cjk})}, nil, []query.Query{note})
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{"start", "end", "text", "text_cjk"}
	res, err := x.lines.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search the lines of %s: %w", film, err)
	}
	out := make([]LineHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		l := LineHit{FilmID: film, Score: h.Score}
		if v, ok := h.Fields["start"].(float64); ok {
			l.Start = time.Duration(v * float64(time.Second))
		}
		if v, ok := h.Fields["end"].(float64); ok {
			l.End = time.Duration(v * float64(time.Second))
		}
		if l.Start >= before {
			continue // stored seconds round: the query's bound is the rule, this its guard
		}
		l.Text, _ = h.Fields["text"].(string)
		if l.Text == "" {
			l.Text, _ = h.Fields["text_cjk"].(string)
		}
		out = append(out, l)
	}
	return out, nil
}
