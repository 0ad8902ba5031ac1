package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
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
	a := x.films.Mapping().AnalyzerNamed(textAnalyzer)
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
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
	words := x.tokens(q.Text)
	if len(words) == 0 {
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
		match = query.NewDisjunctionQuery([]query.Query{
			exact,
			wordsQuery(words, "title", false, 5),
			wordsQuery(words, "original", false, 3),
			wordsQuery(words, "title", true, 1.5),
			wordsQuery(words, "people", false, 2),
			plot, genre, tag,
		})
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
	text := query.NewMatchQuery(q.Text)
	text.SetField("text")
	text.SetOperator(query.MatchQueryOperatorAnd)
	cjk := query.NewMatchQuery(q.Text)
	cjk.SetField("text_cjk")
	cjk.SetOperator(query.MatchQueryOperatorAnd)
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery([]query.Query{text, cjk}), q.Limit, 0, false)
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
