package assistant

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/index/store"
)

// taste is the user's profile: the sum of the feature vectors of the films they gave a verdict
// on, each weighed by what they made of it. It is kept, and changed film by film when a verdict
// changes, not made again from the whole history on each call.
type taste struct {
	sum     dense
	weight  map[string]float64 // the weight each film adds, by id
	user    map[string]store.UserData
	absSum  float64 // the sum of the weights' sizes: relevance is the sum over it
	positiv int     // films with a positive weight
	ugen    uint64
	seen    []bool // by film: not to be suggested (watched, started, rated, reviewed)
}

// verdictWeight is what one film says of the user's taste, from -1.5 to 1.5: their stars first
// (5 → +1, 4 → +0.6, 3 → +0.2: a mild liking, not nothing; 2 → -0.5, 1 → -1), else having
// watched it through (+0.5), started it lately (+0.15) or given it up early (-0.35); moved by
// their review's mood and by rewatches; and weighed down with age (half as much after about
// three years).
func verdictWeight(u store.UserData, f store.Film, now time.Time) float64 {
	var w float64
	switch u.Rating {
	case 5:
		w = 1
	case 4:
		w = 0.6
	case 3:
		w = 0.2
	case 2:
		w = -0.5
	case 1:
		w = -1
	default:
		switch {
		case u.Watched:
			w = 0.5
		case u.Position > 0 && abandoned(u, f, now):
			w = -0.35
		case u.Position > 0:
			w = 0.15
		}
	}
	if strings.TrimSpace(u.Review) != "" {
		w += 0.4 * sentiment.Text(u.Review).Compound
	}
	if u.PlayCount > 1 {
		w += 0.15 * math.Min(3, float64(u.PlayCount-1))
	}
	when := u.LastPlayed
	if u.VerdictAt.After(when) {
		when = u.VerdictAt
	}
	if !when.IsZero() && now.After(when) {
		years := now.Sub(when).Hours() / (24 * 365)
		w *= 0.5 + 0.5*math.Exp(-years/4)
	}
	return math.Max(-1.5, math.Min(1.5, w))
}

// abandoned says whether the user gave up on a film: stopped in its first third, and not back
// for three days.
func abandoned(u store.UserData, f store.Film, now time.Time) bool {
	if f.Duration <= 0 || u.Position >= f.Duration/3 {
		return false
	}
	return u.LastPlayed.IsZero() || now.Sub(u.LastPlayed) > 72*time.Hour
}

// seen says whether a film is not to be suggested: the user watched, started, rated or
// reviewed it.
func seen(u store.UserData) bool {
	return u.Watched || u.Position > 0 || u.Rating > 0 || strings.TrimSpace(u.Review) != "" || u.PlayCount > 0
}

// newTaste is an empty profile over lib's vocabulary.
func newTaste(lib *shelfIndex) *taste {
	t := &taste{sum: dense{v: make([]float32, len(lib.terms))}, weight: map[string]float64{}, user: map[string]store.UserData{},
		seen: make([]bool, len(lib.films))}
	for i, p := range lib.films {
		t.seen[i] = !p.playable // a file Reel could not read (no picture, no length) is never suggested
	}
	return t
}

// update brings the profile to users: only the films whose data changed are taken out and put
// back.
func (t *taste) update(lib *shelfIndex, users map[string]store.UserData, now time.Time) {
	for id, old := range t.user {
		if nu, ok := users[id]; !ok || nu != old {
			t.set(lib, id, 0)
			delete(t.user, id)
			if i, ok := lib.byID[id]; ok {
				t.seen[i] = !lib.films[i].playable
			}
		}
	}
	for id, u := range users {
		if old, ok := t.user[id]; ok && old == u {
			continue
		}
		t.user[id] = u
		i, ok := lib.byID[id]
		if !ok {
			continue
		}
		t.set(lib, id, verdictWeight(u, lib.films[i].film, now))
		t.seen[i] = seen(u) || !lib.films[i].playable
	}
}

// liked are the films that weigh most for the user, strongest first: the evidence a reason
// names is looked for among them (at most n).
func (t *taste) liked(lib *shelfIndex, n int) []weighted {
	var out []weighted
	for id, w := range t.weight {
		if w > 0 {
			out = append(out, weighted{lib.films[lib.byID[id]], w})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].w != out[j].w {
			return out[i].w > out[j].w
		}
		return out[i].p.tie < out[j].p.tie
	})
	return out[:min(n, len(out))]
}

type weighted struct {
	p *profile
	w float64
}

// set makes film id weigh w in the profile.
func (t *taste) set(lib *shelfIndex, id string, w float64) {
	old := t.weight[id]
	if w == old {
		return
	}
	if i, ok := lib.byID[id]; ok {
		t.sum.add(lib.films[i], w-old)
	}
	t.absSum += math.Abs(w) - math.Abs(old)
	if old > 0 {
		t.positiv--
	}
	if w > 0 {
		t.positiv++
	}
	if w == 0 {
		delete(t.weight, id)
	} else {
		t.weight[id] = w
	}
}
