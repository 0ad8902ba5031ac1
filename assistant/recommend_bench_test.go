package assistant

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant/assistanttest"
	"github.com/reel-app/reel/index/store"
)

// The offline evaluation: a generated catalogue of films (genres, directors, writers, cast,
// themes in the plot and tags, collections of sequels, a skewed popularity with .nfo ratings
// and vote counts that follow it) and generated users whose tastes mix genres, themes and
// directors with a liking for what is popular. Each user rates the films they watch, in order;
// their first 80 % is what Reel knows, and the later films they rated 4 or 5 are the ones to
// find. "For you" is called as the app calls it (through the shelf, the user's data put as
// verdicts), against the most-rated films and a genre profile, in the same run.

type evalFilm struct {
	f      store.Film
	genres []int
	themes []int
	dir    int
	q, pop float64
}

type evalUser struct {
	genres, themes, dirs map[int]float64
	popLove              float64
	seq                  []int // films in the order watched
	stars                []int
}

var (
	evalGenres = []string{"Action", "Adventure", "Animation", "Comedy", "Crime", "Documentary", "Drama", "Family", "Fantasy",
		"History", "Horror", "Music", "Mystery", "Romance", "Science Fiction", "Thriller", "War", "Western"}
	evalThemes = strings.Fields("heist revenge love war space island detective robot ghost family school prison court " +
		"train ocean desert mountain city village spy music dance chess boxing horse dragon witch vampire " +
		"zombie alien pirate knight king queen journalist doctor lawyer teacher farmer painter")
)

func evalCatalogue(rng *rand.Rand, n int) []evalFilm {
	films := make([]evalFilm, n)
	zipf := rand.NewZipf(rng, 1.3, 2, 299)
	for i := range films {
		e := evalFilm{dir: int(zipf.Uint64()), q: rng.NormFloat64()}
		e.pop = math.Exp(1.1*e.q + 1.2*rng.NormFloat64())
		ng := 1 + rng.Intn(3)
		for len(e.genres) < ng {
			g := int(math.Min(float64(len(evalGenres)-1), math.Abs(rng.NormFloat64())*6))
			if !containsInt(e.genres, g) {
				e.genres = append(e.genres, g)
			}
		}
		for len(e.themes) < 3 {
			t := rng.Intn(len(evalThemes))
			if !containsInt(e.themes, t) {
				e.themes = append(e.themes, t)
			}
		}
		f := store.Film{ID: fmt.Sprintf("f%04d", i), Path: fmt.Sprintf("/films/%04d.mkv", i), Title: fmt.Sprintf("Film %04d", i),
			Year: 1950 + rng.Intn(75), Duration: 100 * time.Minute, Directors: []string{fmt.Sprint("Director ", e.dir)},
			Writers: []string{fmt.Sprint("Writer ", rng.Intn(400))}}
		for _, g := range e.genres {
			f.Genres = append(f.Genres, evalGenres[g])
		}
		var words []string
		for _, t := range e.themes {
			words = append(words, evalThemes[t])
		}
		f.Plot = fmt.Sprintf("A story of %s, with %s and %s.", words[0], words[1], words[2])
		if rng.Intn(2) == 0 {
			f.Tags = words[:2]
		}
		for c := 0; c < 4; c++ {
			f.Cast = append(f.Cast, store.Person{Name: fmt.Sprint("Actor ", rng.Intn(1500))})
		}
		f.Votes = int(e.pop * 4000)
		f.Rating = math.Round(math.Max(1, math.Min(9.8, 6.4+0.9*e.q+0.3*rng.NormFloat64()))*10) / 10
		// One film in twenty starts a collection: its sequels share its director, genres and themes.
		if i > 0 && rng.Intn(20) == 0 {
			prev := films[i-1]
			e.dir, e.genres, e.themes = prev.dir, prev.genres, prev.themes
			f.Directors, f.Genres, f.Plot, f.Tags = prev.f.Directors, prev.f.Genres, prev.f.Plot, prev.f.Tags
			set := prev.f.Set
			if set == "" {
				set = prev.f.Title + " Collection"
				films[i-1].f.Set = set
			}
			f.Set = set
		}
		e.f = f
		films[i] = e
	}
	return films
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (u *evalUser) utility(e evalFilm) float64 {
	var s float64
	for _, g := range e.genres {
		s += u.genres[g]
	}
	for _, t := range e.themes {
		s += u.themes[t]
	}
	return s + u.dirs[e.dir] + 0.5*e.q + u.popLove*math.Log(e.pop)
}

func evalUsers(rng *rand.Rand, films []evalFilm, n, watched int) []evalUser {
	users := make([]evalUser, n)
	for i := range users {
		u := evalUser{genres: map[int]float64{}, themes: map[int]float64{}, dirs: map[int]float64{}, popLove: 0.2 + 0.6*rng.Float64()}
		for k := 0; k < 2+rng.Intn(2); k++ {
			u.genres[rng.Intn(len(evalGenres))] = 1 + rng.Float64()
		}
		u.genres[rng.Intn(len(evalGenres))] = -1.5 // a genre they dislike
		for k := 0; k < 1+rng.Intn(2); k++ {
			u.themes[rng.Intn(len(evalThemes))] = 1.2
		}
		for k := 0; k < 3; k++ {
			u.dirs[rng.Intn(40)] = 1.5
		}
		// They watch what they expect to like, or what everyone watches: sampled by that,
		// without replacement; and rate it by what it truly was to them.
		util := make([]float64, len(films))
		var mean, sd float64
		for j, e := range films {
			util[j] = u.utility(e)
			mean += util[j]
		}
		mean /= float64(len(films))
		for _, x := range util {
			sd += (x - mean) * (x - mean)
		}
		sd = math.Sqrt(sd / float64(len(films)))
		keys := make([]float64, len(films))
		for j := range films {
			// Gumbel top-k: a sample without replacement with weights exp(util).
			keys[j] = util[j]/sd*1.5 - math.Log(-math.Log(rng.Float64()))
		}
		order := make([]int, len(films))
		for j := range order {
			order[j] = j
		}
		sort.Slice(order, func(a, b int) bool { return keys[order[a]] > keys[order[b]] })
		for _, j := range order[:watched] {
			stars := int(math.Round(3 + 1.3*(util[j]-mean)/sd - 0.4 + 0.6*rng.NormFloat64()))
			u.seq = append(u.seq, j)
			u.stars = append(u.stars, min(5, max(1, stars)))
		}
		rng.Shuffle(len(u.seq), func(a, b int) {
			u.seq[a], u.seq[b] = u.seq[b], u.seq[a]
			u.stars[a], u.stars[b] = u.stars[b], u.stars[a]
		})
		users[i] = u
	}
	return users
}

type evalScores struct {
	ndcg, recall float64
	shown        map[string]bool
	variety      float64 // the mean genre distance between two films of a list (1 - Jaccard)
	users        int
}

func (s *evalScores) add(list []string, want map[string]bool, genres map[string][]string) {
	var dcg, idcg float64
	hits := 0
	for i, id := range list {
		s.shown[id] = true
		if want[id] {
			dcg += 1 / math.Log2(float64(i+2))
			hits++
		}
	}
	for i := 0; i < min(10, len(want)); i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		s.ndcg += dcg / idcg
		s.recall += float64(hits) / float64(len(want))
	}
	var dist float64
	pairs := 0
	for i := range list {
		for j := i + 1; j < len(list); j++ {
			dist += 1 - genreJaccard(genres[list[i]], genres[list[j]])
			pairs++
		}
	}
	if pairs > 0 {
		s.variety += dist / float64(pairs)
	}
	s.users++
}

func genreJaccard(a, b []string) float64 {
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	inter := 0
	for _, x := range b {
		if in[x] {
			inter++
		}
	}
	if u := len(a) + len(b) - inter; u > 0 {
		return float64(inter) / float64(u)
	}
	return 0
}

func (s *evalScores) report(b *testing.B, name string, films int) {
	n := float64(max(1, s.users))
	b.ReportMetric(s.ndcg/n, "ndcg@10-"+name)
	b.ReportMetric(s.recall/n, "recall@10-"+name)
	b.ReportMetric(float64(len(s.shown))/float64(films), "coverage-"+name)
	b.ReportMetric(s.variety/n, "variety-"+name)
}

func BenchmarkRecommendEval(b *testing.B) {
	const nFilms, nUsers, watched = 2000, 150, 60
	rng := rand.New(rand.NewSource(17))
	films := evalCatalogue(rng, nFilms)
	users := evalUsers(rng, films, nUsers, watched)
	var all []store.Film
	genres := map[string][]string{}
	for _, e := range films {
		all = append(all, e.f)
		genres[e.f.ID] = e.f.Genres
	}
	cut := watched * 8 / 10
	// What everyone watched before: the popularity baseline's counts.
	count := make([]int, nFilms)
	for _, u := range users {
		for _, j := range u.seq[:cut] {
			count[j]++
		}
	}
	popular := make([]int, nFilms)
	for j := range popular {
		popular[j] = j
	}
	sort.SliceStable(popular, func(a, c int) bool { return count[popular[a]] > count[popular[c]] })
	for i := 0; i < b.N; i++ {
		sh := assistanttest.NewShelf(all...)
		mk := func(lambda float64) *Recommender { return &Recommender{Catalog: sh, Lambda: lambda} }
		ours, pure := mk(0), mk(1)
		scores := map[string]*evalScores{}
		for _, name := range []string{"foryou", "foryou-no-mmr", "popular", "genre"} {
			scores[name] = &evalScores{shown: map[string]bool{}}
		}
		start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, u := range users {
			sh.ClearUsers()
			seen := map[int]bool{}
			genreLike := map[string]float64{}
			for k, j := range u.seq[:cut] {
				seen[j] = true
				sh.PutUser(films[j].f.ID, store.UserData{Rating: u.stars[k], Watched: true, PlayCount: 1,
					LastPlayed: start.Add(time.Duration(k) * 24 * time.Hour)})
				for _, g := range films[j].f.Genres {
					genreLike[g] += float64(u.stars[k]) - 3
				}
			}
			want := map[string]bool{}
			for k, j := range u.seq[cut:] {
				if u.stars[cut+k] >= 4 {
					want[films[j].f.ID] = true
				}
			}
			if len(want) == 0 {
				continue
			}
			for name, r := range map[string]*Recommender{"foryou": ours, "foryou-no-mmr": pure} {
				recs, err := r.ForYou(context.Background(), 10)
				if err != nil {
					b.Fatal(err)
				}
				scores[name].add(ids(recs), want, genres)
			}
			var pop []string
			for _, j := range popular {
				if !seen[j] && len(pop) < 10 {
					pop = append(pop, films[j].f.ID)
				}
			}
			scores["popular"].add(pop, want, genres)
			type scored struct {
				j int
				s float64
			}
			var gs []scored
			for j, e := range films {
				if seen[j] {
					continue
				}
				var s float64
				for _, g := range e.f.Genres {
					s += genreLike[g]
				}
				gs = append(gs, scored{j, s / float64(len(e.f.Genres))})
			}
			sort.SliceStable(gs, func(a, c int) bool { return gs[a].s > gs[c].s })
			var gl []string
			for _, x := range gs[:10] {
				gl = append(gl, films[x.j].f.ID)
			}
			scores["genre"].add(gl, want, genres)
		}
		for name, s := range scores {
			s.report(b, name, nFilms)
		}
		if p := scores["popular"].ndcg; p > 0 {
			b.ReportMetric(scores["foryou"].ndcg/p, "x-ndcg-of-popular")
		}
	}
}

// The cost of a call on a library of 10,000 films of which the user rated 2,000: the vectors
// and the taste are kept ready; one call scores every film once.
func BenchmarkRecommendCost(b *testing.B) {
	rng := rand.New(rand.NewSource(5))
	films := evalCatalogue(rng, 10000)
	var all []store.Film
	for _, e := range films {
		all = append(all, e.f)
	}
	sh := assistanttest.NewShelf(all...)
	for _, j := range rng.Perm(len(films))[:2000] {
		sh.PutUser(films[j].f.ID, store.UserData{Rating: 1 + rng.Intn(5), Watched: true})
	}
	r := &Recommender{Catalog: sh}
	ctx := context.Background()
	if _, err := r.ForYou(ctx, 10); err != nil { // the vectors and the taste, made once
		b.Fatal(err)
	}
	b.ResetTimer()
	var forYou, moreLike, change []time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := r.ForYou(ctx, 10); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := r.MoreLike(ctx, films[i%len(films)].f.ID, 10); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		sh.PutUser(films[(i*7)%len(films)].f.ID, store.UserData{Rating: 1 + i%5, Watched: true}) // a verdict changes
		if _, err := r.ForYou(ctx, 10); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		forYou, moreLike, change = append(forYou, t1.Sub(t0)), append(moreLike, t2.Sub(t1)), append(change, t3.Sub(t2))
	}
	for name, d := range map[string][]time.Duration{"foryou": forYou, "morelike": moreLike, "foryou-after-verdict": change} {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		b.ReportMetric(float64(d[len(d)/2].Microseconds())/1000, name+"-p50-ms")
		b.ReportMetric(float64(d[len(d)*99/100].Microseconds())/1000, name+"-p99-ms")
	}
}

var benchPrior = 0.85
