// Package assistanttest holds fakes for the assistant's consumers' tests and benchmarks: an
// in-memory shelf of films and the user's data, as the store would serve them.
package assistanttest

import (
	"sort"
	"sync"

	"github.com/reel-app/reel/index/store"
)

// Shelf is an in-memory library: films, their lines and the user's data. It satisfies
// assistant.Shelf. Its methods are safe for concurrent use.
type Shelf struct {
	mu    sync.Mutex
	films map[string]store.Film
	cues  map[string][]store.Cue
	users map[string]store.UserData
	gen   uint64
	ugen  uint64
}

// NewShelf returns a shelf holding films.
func NewShelf(films ...store.Film) *Shelf {
	s := &Shelf{films: map[string]store.Film{}, cues: map[string][]store.Cue{}, users: map[string]store.UserData{}}
	for _, f := range films {
		s.films[f.ID] = f
	}
	return s
}

// PutFilm adds or replaces a film (a library change).
func (s *Shelf) PutFilm(f store.Film) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.films[f.ID] = f
	s.gen++
}

// PutCues sets a film's lines.
func (s *Shelf) PutCues(id string, cues []store.Cue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cues[id] = cues
	s.gen++
}

// PutUser sets the user's data of a film.
func (s *Shelf) PutUser(id string, u store.UserData) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = u
	s.ugen++
}

// ClearUsers forgets every verdict (another user, in an evaluation).
func (s *Shelf) ClearUsers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users = map[string]store.UserData{}
	s.ugen++
}

// Films lists the films, by id.
func (s *Shelf) Films(bool) ([]store.Film, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]store.Film, 0, len(s.films))
	for _, f := range s.films {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Film returns one film.
func (s *Shelf) Film(id string) (store.Film, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.films[id]
	return f, ok, nil
}

// Cues returns a film's lines.
func (s *Shelf) Cues(id string) ([]store.Cue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cues[id], nil
}

// User returns the user's data of a film.
func (s *Shelf) User(id string) (store.UserData, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.users[id], nil
}

// Users returns all the user's data.
func (s *Shelf) Users() (map[string]store.UserData, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]store.UserData, len(s.users))
	for k, v := range s.users {
		out[k] = v
	}
	return out, nil
}

// Generation changes with the films.
func (s *Shelf) Generation() (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen, nil
}

// UserGeneration changes with the user's data.
func (s *Shelf) UserGeneration() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ugen
}

// Analysis has none.
func (s *Shelf) Analysis(string) (store.Analysis, bool, error) { return store.Analysis{}, false, nil }
