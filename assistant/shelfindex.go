package assistant

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/reel-app/reel/assistant/keywords"
	"github.com/reel-app/reel/index/store"
)

// shelfIndex is what the recommender knows of every film of the library, kept until the
// library changes: a feature vector per film over one vocabulary (the words that set the
// film apart, and its genres, tags, directors, writers, cast, collection and decade), and a
// quality prior from the ratings its .nfo carries.
type shelfIndex struct {
	films []*profile
	byID  map[string]int
	vocab map[string]int32
	terms []string // the vocabulary, by id
	// people and sets: which films a director, writer or collection has (for the fallback
	// prior from what the user finished).
	makers map[int32][]int
	rated  bool // some film has a community rating
}

// profile is what the recommender knows of one film.
type profile struct {
	film  store.Film
	pos   int
	idx   []int32   // the feature vector's terms, ascending
	val   []float32 // their weights: the vector has unit length
	emb   []float32 // unit-length embedding, nil without an embedding model
	terms []keywords.Term
	prior float64 // 0–1: the film's quality as its voters rated it, shrunk to the library's mean
	bayes float64 // that rating on 0–10, 0 without one
	tie   uint64  // a hash of the id: ties between equal scores go by it, never by the title
	// playable is false for a file Reel could not read as a film (no picture, no length):
	// it is listed with its warning, and never suggested.
	playable bool
}

// The weights of the feature groups, before the vector is made unit length: who made a film
// and what collection it belongs to say most about its likeness, then what it is about.
var featureWeights = map[byte]float64{'x': 1.0, 'g': 0.7, 't': 0.6, 'd': 0.8, 'w': 0.5, 'c': 0.45, 's': 0.9, 'y': 0.25}

// Feature keys: a group letter, a colon, the value in lower case ("d:ridley scott").
func featureKey(group byte, v string) string {
	return string(group) + ":" + strings.ToLower(strings.Join(strings.Fields(v), " "))
}

// buildShelf reads every film and makes its vector and prior.
func buildShelf(ctx context.Context, c Shelf) (*shelfIndex, error) {
	films, err := c.Films(false)
	if err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	sort.Slice(films, func(i, j int) bool { return films[i].ID < films[j].ID })
	corpus := keywords.NewCorpus()
	toks := make([][]string, len(films))
	for i, f := range films {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cues, err := c.Cues(f.ID)
		if err != nil {
			return nil, fmt.Errorf("read lines of %s: %w", f.Title, err)
		}
		toks[i] = filmTokens(f, mainLanguage(cues))
		toks[i] = append(toks[i], keywords.Tokens(f.Tagline)...)
		corpus.Add(toks[i])
	}
	s := &shelfIndex{byID: make(map[string]int, len(films)), vocab: map[string]int32{}, makers: map[int32][]int{}}
	id := func(key string) int32 {
		if v, ok := s.vocab[key]; ok {
			return v
		}
		v := int32(len(s.terms))
		s.vocab[key] = v
		s.terms = append(s.terms, key)
		return v
	}
	for i, f := range films {
		terms := corpus.Top(toks[i], 200)
		feat := map[int32]float64{}
		add := func(group byte, keys []string, weights []float64) {
			var norm float64
			for _, w := range weights {
				norm += w * w
			}
			if norm == 0 {
				return
			}
			scale := featureWeights[group] / math.Sqrt(norm)
			for j, k := range keys {
				feat[id(k)] += weights[j] * scale
			}
		}
		var keys []string
		var ws []float64
		for _, t := range terms {
			keys, ws = append(keys, "x:"+t.Word), append(ws, t.Score)
		}
		add('x', keys, ws)
		list := func(group byte, vals []string, limit int) {
			var keys []string
			var ws []float64
			seen := map[string]bool{}
			for _, v := range vals {
				k := featureKey(group, v)
				if strings.TrimSpace(v) == "" || seen[k] || len(keys) == limit {
					continue
				}
				seen[k] = true
				keys, ws = append(keys, k), append(ws, 1)
			}
			add(group, keys, ws)
		}
		list('g', f.Genres, 8)
		list('t', f.Tags, 12)
		list('d', f.Directors, 4)
		list('w', f.Writers, 4)
		list('c', castNames(f), 6)
		if f.Set != "" {
			list('s', []string{f.Set}, 1)
		}
		if f.Year > 0 {
			list('y', []string{fmt.Sprintf("%ds", f.Year/10*10)}, 1)
		}
		p := &profile{film: f, pos: i, playable: f.Duration > 0 || f.Width > 0}
		var norm float64
		for _, v := range feat {
			norm += v * v
		}
		for k := range feat {
			p.idx = append(p.idx, k)
		}
		sort.Slice(p.idx, func(a, b int) bool { return p.idx[a] < p.idx[b] })
		for _, k := range p.idx {
			p.val = append(p.val, float32(feat[k]/math.Sqrt(norm)))
		}
		top := terms
		if len(top) > 15 {
			top = top[:15]
		}
		p.terms = top
		h := fnv.New64a()
		h.Write([]byte(f.ID))
		p.tie = h.Sum64()
		for _, k := range p.idx {
			if g := s.terms[k][0]; g == 'd' || g == 'w' || g == 's' {
				s.makers[k] = append(s.makers[k], i)
			}
		}
		s.byID[f.ID] = i
		s.films = append(s.films, p)
	}
	s.priors()
	return s, nil
}

// priors sets each film's quality prior: the Bayesian average of its community rating,
// (v·R + m·C) / (v + m), where C is the library's mean rating and m the median number of
// voters, so that 9.1 from 400,000 voters outranks 9.5 from 12; a place in the top 250 adds a
// little. A rating without a vote count counts as a quarter of the median. Films without a
// rating get the library's mean. The prior is that average scaled to 0–1 over the library.
func (s *shelfIndex) priors() {
	var sum float64
	var n int
	var votes []int
	for _, p := range s.films {
		if p.film.Rating > 0 {
			sum += p.film.Rating
			n++
			if p.film.Votes > 0 {
				votes = append(votes, p.film.Votes)
			}
		}
	}
	s.rated = n > 0
	if n == 0 {
		return
	}
	mean := sum / float64(n)
	m := 1000.0
	if len(votes) > 0 {
		sort.Ints(votes)
		m = math.Max(10, float64(votes[len(votes)/2]))
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range s.films {
		b := mean
		if r := p.film.Rating; r > 0 {
			v := float64(p.film.Votes)
			if v == 0 {
				v = m / 4
			}
			b = (v*r + m*mean) / (v + m)
			if t := p.film.Top250; t > 0 {
				b += 0.3 * float64(251-t) / 250
			}
			p.bayes = b
		}
		p.prior = b
		lo, hi = math.Min(lo, b), math.Max(hi, b)
	}
	// How many voted says how many watched: a film most people chose is a safer suggestion
	// than one few did, whatever its mark. The prior is the two halves together.
	maxLog := 0.0 // no vote counts (ratings alone, as many .nfo files give): the mark only
	if len(votes) > 0 {
		maxLog = math.Log1p(float64(votes[len(votes)-1]))
	}
	for _, p := range s.films {
		q := 0.5
		if hi > lo {
			q = (p.prior - lo) / (hi - lo)
		}
		if maxLog > 0 {
			p.prior = 0.5*q + 0.5*math.Log1p(float64(p.film.Votes))/maxLog
		} else {
			p.prior = q
		}
	}
}

// common calls fn for each feature two films share, with its weight in each.
func common(a, b *profile, fn func(k int32, va, vb float32)) {
	i, j := 0, 0
	for i < len(a.idx) && j < len(b.idx) {
		switch {
		case a.idx[i] < b.idx[j]:
			i++
		case a.idx[i] > b.idx[j]:
			j++
		default:
			fn(a.idx[i], a.val[i], b.val[j])
			i++
			j++
		}
	}
}

// cos is the cosine of two films' feature vectors (both unit length), with their embeddings
// weighed in equally when both have one.
func cos(a, b *profile) float64 {
	var dot float64
	common(a, b, func(_ int32, va, vb float32) { dot += float64(va) * float64(vb) })
	if a.emb != nil && b.emb != nil && len(a.emb) == len(b.emb) {
		var e float64
		for k := range a.emb {
			e += float64(a.emb[k]) * float64(b.emb[k])
		}
		dot = 0.5*dot + 0.5*math.Max(0, e)
	}
	return dot
}

// dense is a vector over the vocabulary (a profile of taste, or a seed film), for scoring
// every film against it in one pass.
type dense struct {
	v   []float32
	emb []float64
}

func (d *dense) add(p *profile, w float64) {
	for k, i := range p.idx {
		d.v[i] += float32(w) * p.val[k]
	}
	if p.emb != nil {
		if d.emb == nil {
			d.emb = make([]float64, len(p.emb))
		}
		if len(d.emb) == len(p.emb) {
			for k, x := range p.emb {
				d.emb[k] += w * float64(x)
			}
		}
	}
}

func (d *dense) dot(p *profile) float64 {
	var s float64
	for k, i := range p.idx {
		s += float64(d.v[i]) * float64(p.val[k])
	}
	if d.emb != nil && p.emb != nil && len(d.emb) == len(p.emb) {
		var e float64
		for k, x := range p.emb {
			e += d.emb[k] * float64(x)
		}
		s = 0.5*s + 0.5*e
	}
	return s
}
