package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/reel-app/reel/index/atomicfile"
	"github.com/reel-app/reel/index/store"
)

// Index is the open search index. Its methods are safe for concurrent use.
type Index struct {
	dir     string
	films   bleve.Index
	lines   bleve.Index
	mu      sync.Mutex // serialises writes and guards the pending batches
	fb, lb  *bleve.Batch
	pending int // films in the pending batches
	close   sync.Once
	cerr    error
}

type meta struct {
	Mapping    int    `json:"mapping"`
	Generation uint64 `json:"generation"`
}

// Open opens the index in dir, rebuilding it from the store when it is missing, of another
// mapping version, unreadable, or behind the store.
func Open(ctx context.Context, dir string, st *store.Store) (*Index, error) {
	idx, why := open(dir)
	if idx != nil {
		gen, err := st.Generation()
		if err != nil {
			idx.Close()
			return nil, err
		}
		if m := idx.meta(); m.Generation == gen {
			return idx, nil
		}
		why = "it is behind the library"
		idx.Close()
	}
	slog.Info("rebuilding the search index", "dir", dir, "because", why)
	return Rebuild(ctx, dir, st)
}

func open(dir string) (*Index, string) {
	var m meta
	data, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, "there is none"
	}
	if json.Unmarshal(data, &m) != nil || m.Mapping != MappingVersion {
		return nil, "its mapping version changed"
	}
	films, err := bleve.Open(filepath.Join(dir, "films.bleve"))
	if err != nil {
		return nil, "it does not open: " + err.Error()
	}
	lines, err := bleve.Open(filepath.Join(dir, "lines.bleve"))
	if err != nil {
		films.Close()
		return nil, "it does not open: " + err.Error()
	}
	return &Index{dir: dir, films: films, lines: lines}, ""
}

func (x *Index) meta() meta {
	var m meta
	data, _ := os.ReadFile(filepath.Join(x.dir, "meta.json"))
	json.Unmarshal(data, &m)
	return m
}

// Checkpoint writes the gathered changes and records that the index holds everything up to
// the store's generation gen.
func (x *Index) Checkpoint(gen uint64) error {
	if err := x.Flush(); err != nil {
		return err
	}
	data, _ := json.Marshal(meta{Mapping: MappingVersion, Generation: gen})
	return atomicfile.WriteFile(filepath.Join(x.dir, "meta.json"), data, 0o644)
}

// Close writes the gathered changes and closes both indexes; later calls do nothing.
func (x *Index) Close() error {
	x.close.Do(func() { x.cerr = errors.Join(x.Flush(), x.films.Close(), x.lines.Close()) })
	return x.cerr
}

// batchSize is how many documents a rebuild indexes per batch.
const batchSize = 2000

// Rebuild makes a new index in dir from everything in the store, replacing what was there.
func Rebuild(ctx context.Context, dir string, st *store.Store) (*Index, error) {
	gen, err := st.Generation()
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("rebuild search index: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("rebuild search index: %w", err)
	}
	fm, err := filmMapping()
	if err != nil {
		return nil, err
	}
	lm, err := lineMapping()
	if err != nil {
		return nil, err
	}
	films, err := bleve.New(filepath.Join(dir, "films.bleve"), fm)
	if err != nil {
		return nil, fmt.Errorf("rebuild search index: %w", err)
	}
	lines, err := bleve.New(filepath.Join(dir, "lines.bleve"), lm)
	if err != nil {
		films.Close()
		return nil, fmt.Errorf("rebuild search index: %w", err)
	}
	x := &Index{dir: dir, films: films, lines: lines}
	all, err := st.Films(false)
	if err != nil {
		x.Close()
		return nil, err
	}
	fb, lb := films.NewBatch(), lines.NewBatch()
	flush := func(force bool) error {
		if fb.Size() >= batchSize || force {
			if err := films.Batch(fb); err != nil {
				return err
			}
			fb.Reset()
		}
		if lb.Size() >= batchSize || force {
			if err := lines.Batch(lb); err != nil {
				return err
			}
			lb.Reset()
		}
		return nil
	}
	for _, f := range all {
		if err := ctx.Err(); err != nil {
			x.Close()
			return nil, err
		}
		cues, err := st.Cues(f.ID)
		if err != nil {
			x.Close()
			return nil, err
		}
		if err := fb.Index(f.ID, filmDoc(f)); err != nil {
			x.Close()
			return nil, err
		}
		for i, c := range cues {
			if err := lb.Index(lineID(f.ID, i), lineDoc(f.ID, c)); err != nil {
				x.Close()
				return nil, err
			}
		}
		notes, err := st.Notes(f.ID)
		if err != nil {
			x.Close()
			return nil, err
		}
		for _, n := range notes {
			if err := lb.Index(noteID(f.ID, n.Scene), noteDoc(f.ID, n)); err != nil {
				x.Close()
				return nil, err
			}
		}
		if err := flush(false); err != nil {
			x.Close()
			return nil, err
		}
	}
	if err := flush(true); err != nil {
		x.Close()
		return nil, err
	}
	if err := x.Checkpoint(gen); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

func lineID(film string, n int) string { return fmt.Sprintf("%s/%d", film, n) }

func noteID(film string, scene int) string { return fmt.Sprintf("note/%s/%d", film, scene) }

// noteDoc is a scene note as a searchable document beside the lines: its summary, who is on
// screen and its details, at the scene's start.
func noteDoc(film string, n store.SceneNote) map[string]any {
	text := strings.Join(append(append([]string{n.Summary}, n.Who...), n.Details...), " · ")
	doc := map[string]any{"film": film, "kind": "note", "start": n.Start.Seconds(), "end": n.Start.Seconds()}
	if isCJK("", text) {
		doc["text_cjk"] = text
	} else {
		doc["text"] = text
	}
	return doc
}

// IndexNotes adds or replaces a film's scene notes; they are searchable at once.
func (x *Index) IndexNotes(film string, notes []store.SceneNote) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	b := x.lines.NewBatch()
	for _, n := range notes {
		if err := b.Index(noteID(film, n.Scene), noteDoc(film, n)); err != nil {
			return err
		}
	}
	if err := x.lines.Batch(b); err != nil {
		return fmt.Errorf("index notes: %w", err)
	}
	return nil
}

func filmDoc(f store.Film) map[string]any {
	var people []string
	people = append(people, f.Directors...)
	people = append(people, f.Writers...)
	for _, p := range f.Cast {
		people = append(people, p.Name, p.Role)
	}
	lower := func(in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = strings.ToLower(s)
		}
		return out
	}
	doc := map[string]any{
		"title":       f.Title,
		"original":    f.OriginalTitle,
		"title_exact": []string{Normalize(f.Title), Normalize(f.OriginalTitle)},
		"people":      strings.Join(people, " · "),
		"plot":        f.Plot + " " + f.Tagline,
		"genres":      lower(f.Genres),
		"tags":        lower(f.Tags),
	}
	if f.Year > 0 {
		doc["year"] = f.Year
	}
	return doc
}

func isCJK(lang, text string) bool {
	switch strings.ToLower(strings.SplitN(lang, "-", 2)[0]) {
	case "zh", "ja", "zho", "chi", "jpn":
		return true
	}
	for _, r := range text {
		if r >= 0x3040 && r <= 0x30ff || r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

func lineDoc(film string, c store.Cue) map[string]any {
	doc := map[string]any{"film": film, "lang": c.Lang, "start": c.Start.Seconds(), "end": c.End.Seconds()}
	if isCJK(c.Lang, c.Text) {
		doc["text_cjk"] = c.Text
	} else {
		doc["text"] = c.Text
	}
	return doc
}

// flushEvery is how many films IndexFilm gathers before it writes them to the index.
const flushEvery = 200

// IndexFilm adds or replaces a film and its lines; previous is how many lines the film had in
// the index before (line ids are film/n, so ids from len(cues) to previous are deleted). Changes
// are gathered into batches and written every flushEvery films and by Flush; searches see them
// once written.
func (x *Index) IndexFilm(f store.Film, cues []store.Cue, previous int) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.batches()
	for i := len(cues); i < previous; i++ {
		x.lb.Delete(lineID(f.ID, i))
	}
	if err := x.fb.Index(f.ID, filmDoc(f)); err != nil {
		return fmt.Errorf("index %s: %w", f.Path, err)
	}
	for i, c := range cues {
		if err := x.lb.Index(lineID(f.ID, i), lineDoc(f.ID, c)); err != nil {
			return err
		}
	}
	return x.maybeFlush()
}

// RemoveFilm removes a film and its previous lines.
func (x *Index) RemoveFilm(id string, previous int) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.batches()
	x.fb.Delete(id)
	for i := 0; i < previous; i++ {
		x.lb.Delete(lineID(id, i))
	}
	return x.maybeFlush()
}

// Flush writes the gathered changes.
func (x *Index) Flush() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.flush()
}

func (x *Index) batches() {
	if x.fb == nil {
		x.fb, x.lb = x.films.NewBatch(), x.lines.NewBatch()
	}
	x.pending++
}

func (x *Index) maybeFlush() error {
	if x.pending >= flushEvery {
		return x.flush()
	}
	return nil
}

func (x *Index) flush() error {
	if x.fb == nil {
		return nil
	}
	if err := x.films.Batch(x.fb); err != nil {
		return err
	}
	if err := x.lines.Batch(x.lb); err != nil {
		return err
	}
	x.fb, x.lb, x.pending = nil, nil, 0
	return nil
}
