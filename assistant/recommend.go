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
	"time"

	"github.com/reel-app/reel/assistant/keywords"
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
// Each is true of the film it is given for.
type Reason struct {
	Kind   ReasonKind `json:"kind"`
	Film   string     `json:"film,omitempty"`   // the film the user knows that it is like
	Names  []string   `json:"names,omitempty"`  // directors, shared words, genres, actors, tags, the collection
	Rating int        `json:"rating,omitempty"` // the user's stars for Film, 0 for none
	Score  float64    `json:"score,omitempty"`  // WellRated: the community rating, 0–10
	Votes  int        `json:"votes,omitempty"`  // WellRated: from how many voters (0: unknown)
}

// ReasonKind says what a Reason is about.
type ReasonKind string

const (
	SameDirector ReasonKind = "director"   // Names[0] directed both
	SharedThemes ReasonKind = "themes"     // Names are words both films use
	SameGenres   ReasonKind = "genres"     // Names are the genres both have
	SameActor    ReasonKind = "cast"       // Names[0] is in both
	SameWriter   ReasonKind = "writer"     // Names[0] wrote both
	SameSet      ReasonKind = "collection" // Names[0] is the collection both belong to
	SameTags     ReasonKind = "tags"       // Names are .nfo tags both have
	WellRated    ReasonKind = "rated"      // its voters rate it highly (Score, Votes)
	YouLike      ReasonKind = "taste"      // Names are genres or tags the user's verdicts favour
	LikeFilm     ReasonKind = "like"       // much like Film in meaning (embeddings), nothing else shared
	AChange      ReasonKind = "change"     // picked for variety: unlike the rest of the list
)

// String says the reason in English.
func (r Reason) String() string {
	names := strings.Join(r.Names, ", ")
	rated := ""
	if r.Rating > 0 {
		rated = fmt.Sprintf(", which you rated %d", r.Rating)
	}
	switch r.Kind {
	case SameDirector:
		return fmt.Sprintf("same director as %s (%s)%s", r.Film, names, rated)
	case SharedThemes:
		if r.Film != "" {
			return fmt.Sprintf("shares themes with %s%s: %s", r.Film, rated, names)
		}
		return "shares themes: " + names
	case SameGenres:
		return "also " + names
	case SameActor:
		return fmt.Sprintf("with %s, as in %s", names, r.Film)
	case SameWriter:
		return fmt.Sprintf("written by %s, as %s was%s", names, r.Film, rated)
	case SameSet:
		return fmt.Sprintf("from the %s collection, as %s%s", names, r.Film, rated)
	case SameTags:
		return fmt.Sprintf("%s, as %s", names, r.Film)
	case WellRated:
		if r.Votes > 0 {
			return fmt.Sprintf("rated %.1f by %s viewers", r.Score, CountWord(r.Votes))
		}
		return fmt.Sprintf("rated %.1f", r.Score)
	case YouLike:
		return "you like " + names
	case LikeFilm:
		return fmt.Sprintf("much like %s%s", r.Film, rated)
	}
	return "a change from the rest of the list"
}

// CountWord says a count as people say a large one: 400k, 1.2M, 950.
func CountWord(n int) string {
	switch {
	case n >= 1_000_000:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1e6), ".0") + "M"
	case n >= 10_000:
		return fmt.Sprintf("%dk", (n+500)/1000)
	case n >= 1000:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/1e3), ".0") + "k"
	}
	return fmt.Sprint(n)
}

// Shelf is what the recommender reads of the library; *store.Store satisfies it.
type Shelf interface {
	Films(all bool) ([]store.Film, error)
	Cues(id string) ([]store.Cue, error)
	Generation() (uint64, error)
	Users() (map[string]store.UserData, error)
	UserGeneration() uint64
}

// Recommender suggests what to watch next from the library.
//
// Films are compared by their features: the words that set them apart (TF-IDF of their plot,
// tagline and lines), their genres, .nfo tags, directors, writers, cast, collection and
// decade, each group weighed, in one unit vector per film; with an embedding model, also by
// the meaning of their plot, keywords and scene notes (embeddings, cached in the store).
// "For you" scores every film against the user's taste, the sum of the vectors of the films
// they gave a verdict on (stars, review and its mood, watched, given up, rewatched, how long
// ago), with a quality prior from the films' community ratings. A diversity step (MMR, on
// relevance and likeness both scaled 0–1) keeps the list from being five of a kind. The
// vectors are kept until the library changes and the taste until a verdict does, so a call
// costs one pass over the films whatever the length of the history.
type Recommender struct {
	Catalog Shelf
	// Lambda trades relevance for variety in the MMR step: 1 is pure relevance. 0 means 0.7.
	Lambda float64
	// Prior is how much the films' community ratings and vote counts count against the user's
	// taste, 0–1. 0 means 0.5 (the best of 0.25–0.85 on the offline evaluation).
	Prior float64

	// Embed and EmbedModel, when set, add embeddings (cosine in Go); Vectors caches them.
	Embed      Embedder
	EmbedModel string
	Vectors    VectorCatalog
	// Now is the clock for the age of verdicts (nil: time.Now).
	Now func() time.Time

	mu         sync.Mutex
	gen        uint64
	lib        *shelfIndex // kept until the library changes
	taste      *taste      // kept until a verdict changes
	embedAfter time.Time   // embeddings failed: not tried again before then
	// Kept between calls (under mu), so a call allocates little: the candidates, and a
	// vector over the vocabulary (all zeros between uses).
	buf     []candidate
	scratch dense
}

// zeros is the scratch vector, sized to lib's vocabulary; the caller leaves it all zeros.
func (r *Recommender) zeros(lib *shelfIndex) *dense {
	if len(r.scratch.v) != len(lib.terms) {
		r.scratch = dense{v: make([]float32, len(lib.terms))}
	}
	r.scratch.emb = nil
	return &r.scratch
}

// embedRetry is how long the recommender goes without embeddings after a failed call before it
// tries the model again.
const embedRetry = 5 * time.Minute

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

func (r *Recommender) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// ready returns the library's vectors and the user's taste, brought up to date.
func (r *Recommender) ready(ctx context.Context) (*shelfIndex, *taste, error) {
	gen, err := r.Catalog.Generation()
	if err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	embedDue := r.Embed != nil && r.EmbedModel != "" && r.Vectors != nil && !r.embedAfter.IsZero() && r.now().After(r.embedAfter)
	if r.lib == nil || gen != r.gen || embedDue {
		lib, err := buildShelf(ctx, r.Catalog)
		if err != nil {
			return nil, nil, err
		}
		if r.Embed != nil && r.EmbedModel != "" && r.Vectors != nil {
			r.embedAfter = time.Time{}
			if err := r.embed(ctx, lib.films); err != nil {
				if ctx.Err() != nil {
					return nil, nil, ctx.Err()
				}
				r.embedAfter = r.now().Add(embedRetry)
				slog.Warn("recommendations without embeddings for now", "model", r.EmbedModel, "retry", embedRetry, "err", err)
			}
		}
		r.lib, r.gen, r.taste = lib, gen, nil
	}
	if ug := r.Catalog.UserGeneration(); r.taste == nil || ug != r.taste.ugen {
		users, err := r.Catalog.Users()
		if err != nil {
			return nil, nil, fmt.Errorf("read your verdicts: %w", err)
		}
		if r.taste == nil {
			r.taste = newTaste(r.lib)
		}
		r.taste.update(r.lib, users, r.now())
		r.taste.ugen = ug
	}
	return r.lib, r.taste, nil
}

// candidate is a film being weighed.
type candidate struct {
	p     *profile
	rel   float64 // its likeness to what the user likes (or to the seed film)
	score float64 // rel and the prior together, the list's order
}

// ForYou suggests films the user has not seen, from their verdicts.
func (r *Recommender) ForYou(ctx context.Context, n int) ([]Recommendation, error) {
	lib, t, err := r.ready(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if t.positiv == 0 || n <= 0 {
		return nil, nil // nothing the user liked yet: nothing to go on
	}
	prior := r.priors(lib, t)
	cands := r.buf[:0]
	maxRel := 0.0
	for i, p := range lib.films {
		if t.seen[i] {
			continue
		}
		rel := t.sum.dot(p) / t.absSum
		if rel <= 0 {
			continue
		}
		maxRel = math.Max(maxRel, rel)
		cands = append(cands, candidate{p: p, rel: rel})
	}
	picks := r.rank(cands, maxRel, prior, n)
	r.buf = cands
	return r.explainForYou(lib, t, picks, n), nil
}

// priors is each film's prior: the community rating's, or without any in the library, how
// much of the same directors, writers and collections the user finished.
func (r *Recommender) priors(lib *shelfIndex, t *taste) func(*profile) float64 {
	if lib.rated {
		return func(p *profile) float64 { return p.prior }
	}
	finished := map[int32]float64{}
	for id, u := range t.user {
		i, ok := lib.byID[id]
		if !ok || !(u.Watched || u.Rating >= 4) {
			continue
		}
		for _, k := range lib.films[i].idx {
			if _, ok := lib.makers[k]; ok {
				finished[k] += 1 + 0.5*math.Max(0, float64(u.PlayCount-1))
			}
		}
	}
	return func(p *profile) float64 {
		var s float64
		for _, k := range p.idx {
			s += finished[k]
		}
		return 1 - 1/(1+s) // 0 for none, ½ for one finished, → 1
	}
}

// rank orders the candidates by relevance (scaled to the best) and prior, then picks n by MMR
// among the best few dozen. A pick that pure relevance would not have put in the first n is
// marked as picked for variety.
func (r *Recommender) rank(cands []candidate, maxRel float64, prior func(*profile) float64, n int) []pick {
	beta := r.Prior
	if beta <= 0 {
		beta = 0.5
	}
	for i := range cands {
		rel := 0.0
		if maxRel > 0 {
			rel = cands[i].rel / maxRel
		}
		cands[i].score = (1-beta)*rel + beta*prior(cands[i].p)
	}
	better := func(a, b candidate) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		if pa, pb := prior(a.p), prior(b.p); pa != pb {
			return pa > pb
		}
		return a.p.tie < b.p.tie
	}
	// The best few dozen, found in one pass (a library has thousands), then put in order.
	k := min(len(cands), max(50, 5*n))
	pool := make([]candidate, 0, k+1)
	for _, c := range cands {
		if len(pool) == k && !better(c, pool[k-1]) {
			continue
		}
		at := sort.Search(len(pool), func(i int) bool { return better(c, pool[i]) })
		pool = append(pool, candidate{})
		copy(pool[at+1:], pool[at:])
		pool[at] = c
		if len(pool) > k {
			pool = pool[:k]
		}
	}
	return r.diverse(pool, n)
}

// pick is a chosen film and whether it was chosen for variety.
type pick struct {
	candidate
	variety bool
}

// diverse picks n of the pool (best first) by maximal marginal relevance: each next film is
// the best trade between its score and its likeness to the films already picked, both on a
// 0–1 scale (the score as a share of the best one's, the likeness a cosine).
func (r *Recommender) diverse(pool []candidate, n int) []pick {
	lambda := r.Lambda
	if lambda <= 0 {
		lambda = 0.7
	}
	if len(pool) == 0 {
		return nil
	}
	hi := pool[0].score
	scaled := func(c candidate) float64 {
		if hi <= 0 {
			return 1
		}
		return math.Max(0, c.score/hi)
	}
	used := make([]bool, len(pool))
	maxSim := make([]float64, len(pool))
	var out []pick
	for len(out) < n && len(out) < len(pool) {
		best, bestVal := -1, math.Inf(-1)
		for i, c := range pool {
			if used[i] {
				continue
			}
			if v := lambda*scaled(c) - (1-lambda)*maxSim[i]; v > bestVal {
				best, bestVal = i, v
			}
		}
		used[best] = true
		out = append(out, pick{candidate: pool[best], variety: best >= n})
		for i, c := range pool {
			if !used[i] {
				maxSim[i] = math.Max(maxSim[i], cos(c.p, pool[best].p))
			}
		}
	}
	return out
}

// MoreLike suggests films like film id that the user has not seen.
func (r *Recommender) MoreLike(ctx context.Context, id string, n int) ([]Recommendation, error) {
	lib, t, err := r.ready(ctx)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	i, ok := lib.byID[id]
	if !ok {
		return nil, fmt.Errorf("no film %s in the library", id)
	}
	seed := lib.films[i]
	one := r.zeros(lib)
	one.add(seed, 1)
	defer clear(one.v)
	cands := r.buf[:0]
	maxRel := 0.0
	for j, p := range lib.films {
		if p == seed || t.seen[j] {
			continue
		}
		// Nothing in common is no suggestion: a film must be like this one to be "more like" it.
		rel := one.dot(p)
		if rel < 0.05 {
			continue
		}
		maxRel = math.Max(maxRel, rel)
		cands = append(cands, candidate{p: p, rel: rel})
	}
	picks := r.rank(cands, maxRel, func(p *profile) float64 { return p.prior }, n)
	r.buf = cands
	out := make([]Recommendation, 0, len(picks))
	for _, pk := range picks {
		why := reasons(lib, seed, pk.p, t.user[seed.film.ID].Rating)
		if len(why) == 0 {
			why = append(why, Reason{Kind: LikeFilm, Film: seed.film.Title, Rating: t.user[seed.film.ID].Rating})
		}
		if pk.variety {
			why = append(why, Reason{Kind: AChange})
		}
		out = append(out, recommendation(pk, why))
	}
	return out, nil
}

// explainForYou gives each pick its reasons: what of the films the user liked it is most like
// (the liked film that adds most to its score, and what the two share), its voters' rating
// when high, what the user's taste favours that it has, and "a change" when it was picked for
// variety.
func (r *Recommender) explainForYou(lib *shelfIndex, t *taste, picks []pick, n int) []Recommendation {
	likes := t.favourites(lib, 12)
	liked := t.liked(lib, 600)
	scratch := r.zeros(lib)
	out := make([]Recommendation, 0, len(picks))
	for _, pk := range picks {
		var why []Reason
		var best *profile
		bestVal := 0.0
		scratch.add(pk.p, 1)
		for _, l := range liked {
			if v := l.w * scratch.dot(l.p); v > bestVal {
				best, bestVal = l.p, v
			}
		}
		scratch.add(pk.p, -1)
		clear(scratch.v) // exactly zero again, rounding and all
		if best != nil {
			why = append(why, reasons(lib, best, pk.p, t.user[best.film.ID].Rating)...)
			if len(why) == 0 {
				why = append(why, Reason{Kind: LikeFilm, Film: best.film.Title, Rating: t.user[best.film.ID].Rating})
			}
		}
		var liked []string
		for _, k := range pk.p.idx {
			if name, ok := likes[k]; ok && len(liked) < 2 && !named(why, name) {
				liked = append(liked, name)
			}
		}
		if len(liked) > 0 {
			why = append(why, Reason{Kind: YouLike, Names: liked})
		}
		if f := pk.p.film; pk.p.bayes >= 7.5 && (f.Votes >= 1000 || f.Top250 > 0) {
			why = append(why, Reason{Kind: WellRated, Score: math.Round(f.Rating*10) / 10, Votes: f.Votes})
		}
		if pk.variety {
			why = append(why, Reason{Kind: AChange})
		}
		out = append(out, recommendation(pk, why))
	}
	return out
}

func named(why []Reason, name string) bool {
	for _, r := range why {
		for _, n := range r.Names {
			if strings.EqualFold(n, name) {
				return true
			}
		}
	}
	return false
}

// favourites are the genres and tags the user's taste weighs most, by term.
func (t *taste) favourites(lib *shelfIndex, n int) map[int32]string {
	type fav struct {
		k int32
		w float32
	}
	var all []fav
	for k, w := range t.sum.v {
		if w <= 0 {
			continue
		}
		if g := lib.terms[k][0]; g == 'g' || g == 't' {
			all = append(all, fav{int32(k), w})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].w > all[j].w })
	out := map[int32]string{}
	for _, f := range all[:min(n, len(all))] {
		// Only what the taste truly leans to: at least a third of the strongest.
		if f.w >= all[0].w/3 {
			out[f.k] = lib.terms[f.k][2:]
		}
	}
	return out
}

func recommendation(pk pick, why []Reason) Recommendation {
	rec := Recommendation{Film: pk.p.film, Score: math.Round(pk.score*1000) / 1000, Why: why}
	rec.Reasons = make([]string, len(why))
	for i, w := range why {
		rec.Reasons[i] = w.String()
	}
	return rec
}

// reasons says what b shares with a, the film the user knows (rated stars, 0 for none):
// its collection, director, writer, an actor, themes, tags, genres; each only when true.
func reasons(lib *shelfIndex, a, b *profile, stars int) []Reason {
	shared := map[byte][]string{}
	common(a, b, func(k int32, _, _ float32) {
		key := lib.terms[k]
		shared[key[0]] = append(shared[key[0]], key[2:])
	})
	var out []Reason
	pickName := func(vals []string, key string) string {
		for _, v := range vals {
			if strings.EqualFold(strings.Join(strings.Fields(v), " "), key) {
				return v
			}
		}
		return key
	}
	if s := shared['s']; len(s) > 0 {
		out = append(out, Reason{Kind: SameSet, Film: a.film.Title, Names: []string{b.film.Set}, Rating: stars})
	}
	if d := shared['d']; len(d) > 0 {
		out = append(out, Reason{Kind: SameDirector, Film: a.film.Title, Names: []string{pickName(b.film.Directors, d[0])}, Rating: stars})
	}
	if w := shared['w']; len(w) > 0 {
		out = append(out, Reason{Kind: SameWriter, Film: a.film.Title, Names: []string{pickName(b.film.Writers, w[0])}, Rating: stars})
	}
	if c := shared['c']; len(c) > 0 {
		out = append(out, Reason{Kind: SameActor, Film: a.film.Title, Names: []string{pickName(castNames(b.film), c[0])}})
	}
	// Themes: the words that set both films apart, the ones that weigh most in both first.
	if words := sharedWords(lib, a, b, 3); len(words) > 0 {
		out = append(out, Reason{Kind: SharedThemes, Film: a.film.Title, Names: words, Rating: stars})
	}
	if t := shared['t']; len(t) > 0 {
		var names []string
		for _, v := range t[:min(2, len(t))] {
			names = append(names, pickName(b.film.Tags, v))
		}
		out = append(out, Reason{Kind: SameTags, Film: a.film.Title, Names: names})
	}
	if g := shared['g']; len(g) > 0 {
		var names []string
		for _, v := range g {
			names = append(names, pickName(b.film.Genres, v))
		}
		out = append(out, Reason{Kind: SameGenres, Names: names})
	}
	return out
}

// sharedWords are the n words (of the themes group) both films' vectors have, by the product
// of their weights.
func sharedWords(lib *shelfIndex, a, b *profile, n int) []string {
	type w struct {
		word string
		v    float32
	}
	var ws []w
	common(a, b, func(k int32, va, vb float32) {
		if key := lib.terms[k]; key[0] == 'x' {
			ws = append(ws, w{key[2:], va * vb})
		}
	})
	sort.Slice(ws, func(x, y int) bool { return ws[x].v > ws[y].v })
	var out []string
	for _, x := range ws[:min(n, len(ws))] {
		out = append(out, x.word)
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
func (r *Recommender) embed(ctx context.Context, all []*profile) error {
	type job struct {
		id, text, hash string
	}
	var todo []job
	byID := make(map[string]*profile, len(all))
	for _, p := range all {
		id := p.film.ID
		byID[id] = p
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
			byID[j.id].emb = unit(vecs[i])
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
