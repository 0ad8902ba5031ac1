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
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/reel-app/reel/index/store"
)

// Index is the open search index. Its methods are safe for concurrent use.
type Index struct {
	dir   string
	films bleve.Index
	lines bleve.Index
	mu    sync.Mutex // serialises writes
	close sync.Once
	cerr  error
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

// Checkpoint records that the index holds everything up to the store's generation gen.
func (x *Index) Checkpoint(gen uint64) error {
	data, _ := json.Marshal(meta{Mapping: MappingVersion, Generation: gen})
	tmp := filepath.Join(x.dir, "meta.json.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(x.dir, "meta.json"))
}

// Close closes both indexes; later calls do nothing.
func (x *Index) Close() error {
	x.close.Do(func() { x.cerr = errors.Join(x.films.Close(), x.lines.Close()) })
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

// IndexFilm adds or replaces a film and its lines.
func (x *Index) IndexFilm(f store.Film, cues []store.Cue) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.removeLines(f.ID); err != nil {
		return err
	}
	if err := x.films.Index(f.ID, filmDoc(f)); err != nil {
		return fmt.Errorf("index %s: %w", f.Path, err)
	}
	b := x.lines.NewBatch()
	for i, c := range cues {
		if err := b.Index(lineID(f.ID, i), lineDoc(f.ID, c)); err != nil {
			return err
		}
	}
	return x.lines.Batch(b)
}

// RemoveFilm removes a film and its lines.
func (x *Index) RemoveFilm(id string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.films.Delete(id); err != nil {
		return err
	}
	return x.removeLines(id)
}

func (x *Index) removeLines(id string) error {
	q := query.NewTermQuery(id)
	q.SetField("film")
	for {
		req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
		res, err := x.lines.Search(req)
		if err != nil {
			return err
		}
		if len(res.Hits) == 0 {
			return nil
		}
		b := x.lines.NewBatch()
		for _, h := range res.Hits {
			b.Delete(h.ID)
		}
		if err := x.lines.Batch(b); err != nil {
			return err
		}
	}
}
