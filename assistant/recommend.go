package assistant

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/reel-app/reel/assistant/keywords"
	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/index/store"
)

// Recommendation is an unwatched film of the user's own shelf, with why.
type Recommendation struct {
	Film    store.Film
	Score   float64
	Reasons []string // Why, in English
	Why     []Reason
}

// Reason is one reason a film is suggested, as data, so that a UI can say it in its language.
type Reason struct {
	Kind   ReasonKind `json:"kind"`
	Film   string     `json:"film,omitempty"`   // the film the user knows that it is like
	Names  []string   `json:"names,omitempty"`  // directors, shared words, genres or actors
	Rating int        `json:"rating,omitempty"` // the user's rating of Film (director reasons), 0 for none
}

// ReasonKind says what a Reason is about.
type ReasonKind string

const (
	SameDirector ReasonKind = "director" // Names[0] directed both
	SharedThemes ReasonKind = "themes"   // Names are words both films use
	SameGenres   ReasonKind = "genres"   // Names are the genres both have
	SameActor    ReasonKind = "cast"     // Names[0] is in both
	AChange      ReasonKind = "change"   // nothing in common: unwatched, and unlike the rest
)

// String says the reason in English.
func (r Reason) String() string {
	switch r.Kind {
	case SameDirector:
		rated := ""
		if r.Rating > 0 {
			rated = fmt.Sprintf(", which you rated %d", r.Rating)
		}
		return fmt.Sprintf("same director as %s (%s)%s", r.Film, r.Names[0], rated)
	case SharedThemes:
		return "shares themes: " + strings.Join(r.Names, ", ")
	case SameGenres:
		return "also " + strings.Join(r.Names, ", ")
	case SameActor:
		return fmt.Sprintf("with %s, as in %s", r.Names[0], r.Film)
	}
	return "unwatched, and a change from the rest"
}

// Recommender suggests what to watch next from the library. It compares films by meaning —
// embeddings from an Ollama embedding model of each film's plot, keywords and scene notes,
// cached in the store, or without one TF-IDF vectors of their plots and lines (cosine) — and
// by shared keywords, genres and people;
// the user's ratings, how far they watched, and the sentiment of their reviews weigh the films
// it starts from. A diversity step (MMR) keeps the list from being five of a kind.
type Recommender struct {
	Catalog Catalog
	// Lambda trades relevance for variety in the MMR step: 1 is pure relevance. 0 means 0.7.
	Lambda float64

	// Embed and EmbedModel, when set, add embeddings (cosine in Go); Vectors caches them.
	Embed      Embedder
	EmbedModel string
	Vectors    VectorCatalog

	mu  sync.Mutex
	gen uint64
	all map[string]*profile // the library's profiles, kept until the library changes
}

// Embedder turns texts into vectors; *ollama.Client satisfies it.
type Embedder interface {
	Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
}

// VectorCatalog keeps embeddings and offers the notes they include; *store.Store satisfies it.
type VectorCatalog interface {
	Embedding(id, model string) (store.Embedding, bool, error)
	PutEmbedding(id string, e store.Embedding) error
	Notes(id string) ([]store.SceneNote, error)
}

// profile is what the recommender knows of one film.
type profile struct {
	film  store.Film
	user  store.UserData
	vec   map[string]float64 // unit-length TF-IDF
	emb   []float32          // unit-length embedding, nil without an embedding model
	terms []keywords.Term
}

// MoreLike suggests unwatched films like film id.
func (r *Recommender) MoreLike(ctx context.Context, id string, n int) ([]Recommendation, error) {
	all, err := r.profiles(ctx)
	if err != nil {
		return nil, err
	}
	seed, ok := all[id]
	if !ok {
		return nil, fmt.Errorf("no film %s in the library", id)
	}
	var cands []Recommendation
	for cid, p := range all {
		if cid == id || p.user.Watched {
			continue
		}
		cands = append(cands, Recommendation{Film: p.film, Score: likeness(seed, p)})
	}
	// Reasons are written for the few that are picked, not for the whole library.
	return explain(r.diverse(cands, all, n), func(id string) *profile { return seed }, all), nil
}

// explain gives each pick the reasons it is like the film from seed(its id) (nil: none).
func explain(picks []Recommendation, seed func(id string) *profile, all map[string]*profile) []Recommendation {
	for i := range picks {
		if s := seed(picks[i].Film.ID); s != nil {
			picks[i].Why = reasons(s, all[picks[i].Film.ID])
		}
		if len(picks[i].Why) == 0 {
			picks[i].Why = []Reason{{Kind: AChange}}
		}
		picks[i].Reasons = make([]string, len(picks[i].Why))
		for j, r := range picks[i].Why {
			picks[i].Reasons[j] = r.String()
		}
	}
	return picks
}

// ForYou suggests unwatched films from what the user watched and how they felt about it.
func (r *Recommender) ForYou(ctx context.Context, n int) ([]Recommendation, error) {
	all, err := r.profiles(ctx)
	if err != nil {
		return nil, err
	}
	type seed struct {
		p *profile
		w float64
	}
	var seeds []seed
	for _, p := range all {
		if w := taste(p); w != 0 {
			seeds = append(seeds, seed{p, w})
		}
	}
	if len(seeds) == 0 {
		return nil, nil // nothing watched yet: nothing to go on
	}
	sort.Slice(seeds, func(i, j int) bool { return seeds[i].p.film.ID < seeds[j].p.film.ID })
	var cands []Recommendation
	why := map[string]*profile{} // the liked film each candidate is most like
	for _, c := range all {
		if c.user.Watched || c.user.Position > 0 {
			continue
		}
		var sum, norm, best float64
		for _, s := range seeds {
			sim := likeness(s.p, c)
			sum += s.w * sim
			norm += math.Abs(s.w)
			if s.w > 0 && s.w*sim > best {
				best, why[c.film.ID] = s.w*sim, s.p
			}
		}
		if norm == 0 || sum <= 0 {
			continue
		}
		cands = append(cands, Recommendation{Film: c.film, Score: sum / norm})
	}
	return explain(r.diverse(cands, all, n), func(id string) *profile { return why[id] }, all), nil
}

// taste is how much a watched film says about what the user likes: rating first (5 → +1,
// 1 → -1), else having watched it through (+0.5) or given up early (-0.25), moved by the
// sentiment of their review.
func taste(p *profile) float64 {
	var w float64
	switch {
	case p.user.Rating > 0:
		w = (float64(p.user.Rating) - 3) / 2
	case p.user.Watched:
		w = 0.5
	case p.user.Position > 0 && p.film.Duration > 0 && p.user.Position < p.film.Duration/4:
		w = -0.25
	}
	if strings.TrimSpace(p.user.Review) != "" {
		w += 0.5 * sentiment.Text(p.user.Review).Compound
	}
	return w
}

// likeness scores how alike two films are (0–1): meaning (embeddings, else TF-IDF), shared
// keywords, genres and people.
func likeness(a, b *profile) float64 {
	cos := cosine(a.vec, b.vec)
	if a.emb != nil && b.emb != nil && len(a.emb) == len(b.emb) {
		cos = 0
		for i := range a.emb {
			cos += float64(a.emb[i]) * float64(b.emb[i])
		}
		cos = math.Max(0, cos)
	}
	var people float64
	if len(intersect(a.film.Directors, b.film.Directors)) > 0 {
		people += 1
	}
	if len(intersect(castNames(a.film), castNames(b.film))) > 0 {
		people += 0.5
	}
	kw := float64(len(sharedTerms(a.terms, b.terms, 15))) / 15
	return 0.5*cos + 0.15*kw + 0.15*jaccard(a.film.Genres, b.film.Genres) + 0.2*math.Min(1, people)
}

// reasons says why b is like a, the film the user knows.
func reasons(a, b *profile) []Reason {
	var out []Reason
	if d := intersect(a.film.Directors, b.film.Directors); len(d) > 0 {
		out = append(out, Reason{Kind: SameDirector, Film: a.film.Title, Names: d[:1], Rating: a.user.Rating})
	}
	if shared := sharedTerms(a.terms, b.terms, 3); len(shared) > 0 {
		out = append(out, Reason{Kind: SharedThemes, Names: shared})
	}
	if g := intersect(a.film.Genres, b.film.Genres); len(g) > 0 {
		out = append(out, Reason{Kind: SameGenres, Names: g})
	}
	if cs := intersect(castNames(a.film), castNames(b.film)); len(cs) > 0 {
		out = append(out, Reason{Kind: SameActor, Film: a.film.Title, Names: cs[:1]})
	}
	return out
}

// diverse picks n by maximal marginal relevance: each next film is the best trade between its
// score and how unlike it is to the ones already picked.
func (r *Recommender) diverse(cands []Recommendation, all map[string]*profile, n int) []Recommendation {
	lambda := r.Lambda
	if lambda <= 0 {
		lambda = 0.7
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].Score != cands[j].Score {
			return cands[i].Score > cands[j].Score
		}
		return cands[i].Film.Title < cands[j].Film.Title
	})
	// Variety is sought among the best few dozen: past them, relevance has run out anyway.
	if len(cands) > 10*n+20 {
		cands = cands[:10*n+20]
	}
	var out []Recommendation
	used := make([]bool, len(cands))
	for len(out) < n && len(out) < len(cands) {
		best, bestVal := -1, math.Inf(-1)
		for i, c := range cands {
			if used[i] {
				continue
			}
			var maxSim float64
			for _, o := range out {
				maxSim = math.Max(maxSim, likeness(all[c.Film.ID], all[o.Film.ID]))
			}
			if v := lambda*c.Score - (1-lambda)*maxSim; v > bestVal {
				best, bestVal = i, v
			}
		}
		used[best] = true
		c := cands[best]
		c.Score = math.Round(c.Score*1000) / 1000
		out = append(out, c)
	}
	return out
}

// profiles reads every film of the library with its TF-IDF vector and user data. The vectors
// are kept until the library changes (its generation); the user data is read every time.
func (r *Recommender) profiles(ctx context.Context) (map[string]*profile, error) {
	gen, err := r.Catalog.Generation()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.all == nil || gen != r.gen {
		all, err := r.vectors(ctx)
		if err != nil {
			return nil, err
		}
		if r.Embed != nil && r.EmbedModel != "" && r.Vectors != nil {
			if err := r.embed(ctx, all); err != nil {
				slog.Warn("recommendations without embeddings", "model", r.EmbedModel, "err", err)
			}
		}
		r.all, r.gen = all, gen
	}
	out := make(map[string]*profile, len(r.all))
	for id, p := range r.all {
		cp := *p
		cp.user, _ = r.Catalog.User(id)
		out[id] = &cp
	}
	return out, nil
}

func (r *Recommender) vectors(ctx context.Context) (map[string]*profile, error) {
	films, err := r.Catalog.Films(false)
	if err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	corpus := keywords.NewCorpus()
	toks := make(map[string][]string, len(films))
	for _, f := range films {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cues, err := r.Catalog.Cues(f.ID)
		if err != nil {
			return nil, fmt.Errorf("read lines of %s: %w", f.Title, err)
		}
		toks[f.ID] = filmTokens(f, mainLanguage(cues))
		corpus.Add(toks[f.ID])
	}
	out := make(map[string]*profile, len(films))
	for _, f := range films {
		terms := corpus.Top(toks[f.ID], 200)
		vec := make(map[string]float64, len(terms))
		var norm float64
		for _, t := range terms {
			vec[t.Word] = t.Score
			norm += t.Score * t.Score
		}
		for w := range vec {
			vec[w] /= math.Sqrt(norm)
		}
		top := terms
		if len(top) > 15 {
			top = top[:15]
		}
		out[f.ID] = &profile{film: f, vec: vec, terms: top}
	}
	return out, nil
}

func cosine(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot float64
	for w, x := range a {
		dot += x * b[w]
	}
	return dot
}

func sharedTerms(a, b []keywords.Term, n int) []string {
	in := map[string]bool{}
	for _, t := range b {
		in[t.Word] = true
	}
	var out []string
	for _, t := range a {
		if in[t.Word] && len(out) < n {
			out = append(out, t.Word)
		}
	}
	return out
}

func jaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := len(intersect(a, b))
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func intersect(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[strings.ToLower(x)] = true
	}
	var out []string
	for _, x := range a {
		if in[strings.ToLower(x)] {
			out = append(out, x)
		}
	}
	return out
}

func castNames(f store.Film) []string {
	out := make([]string, 0, len(f.Cast))
	for _, p := range f.Cast {
		out = append(out, p.Name)
	}
	return out
}

// embed gives every profile its embedding: from the store when the text it was made from is
// unchanged, else from the model (in batches), stored for next time.
func (r *Recommender) embed(ctx context.Context, all map[string]*profile) error {
	type job struct {
		id, text, hash string
	}
	var todo []job
	for id, p := range all {
		var b strings.Builder
		fmt.Fprintf(&b, "%s. %s\nThemes: %s\n", p.film.Title, p.film.Plot, strings.Join(keywords.Words(p.terms), ", "))
		if notes, err := r.Vectors.Notes(id); err == nil {
			for _, n := range notes {
				b.WriteString(n.Summary + "\n")
			}
		}
		text := data(b.String()) // from files: an embedding model's tokenizer reads control tokens too
		sum := sha256.Sum256([]byte(text))
		hash := hex.EncodeToString(sum[:8])
		if e, ok, err := r.Vectors.Embedding(id, r.EmbedModel); err == nil && ok && e.Text == hash {
			p.emb = unit(e.Vector)
			continue
		}
		todo = append(todo, job{id, text, hash})
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].id < todo[j].id })
	for start := 0; start < len(todo); start += 32 {
		batch := todo[start:min(len(todo), start+32)]
		texts := make([]string, len(batch))
		for i, j := range batch {
			texts[i] = j.text
		}
		vecs, err := r.Embed.Embed(ctx, r.EmbedModel, texts)
		if err != nil {
			for _, p := range all {
				p.emb = nil // all or none: mixed vectors would not compare
			}
			return fmt.Errorf("embeddings by %s: %w", r.EmbedModel, err)
		}
		for i, j := range batch {
			all[j.id].emb = unit(vecs[i])
			if err := r.Vectors.PutEmbedding(j.id, store.Embedding{Model: r.EmbedModel, Text: j.hash, Vector: vecs[i]}); err != nil {
				return err
			}
		}
	}
	return nil
}

func unit(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return nil
	}
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) / math.Sqrt(n))
	}
	return out
}
