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
	pending batchSize // what the pending batches hold
	// st, when set, is the store the index follows. After each film a scan indexes (it writes
	// the film to the store first, then here), the store's generation is what the index will
	// hold once its batches are written: covered. Every write of the batches records it, so
	// a process killed later leaves an index that catches up from there; a film half in a
	// written batch is not covered yet.
	st      *store.Store
	covered uint64
	hasCov  bool
	close   sync.Once
	cerr    error
}

type meta struct {
	Mapping    int    `json:"mapping"`
	Generation uint64 `json:"generation"`
}

// Open opens the index in dir. An index behind the store (a scan was killed) catches up on the
// films written since (the store's change log), which takes a moment; one that is missing, of
// another mapping version, unreadable, or further behind than the log reaches is rebuilt from
// the store.
func Open(ctx context.Context, dir string, st *store.Store) (*Index, error) {
	idx, why := open(dir)
	if idx != nil {
		gen, err := st.Generation()
		if err != nil {
			idx.Close()
			return nil, err
		}
		m := idx.meta()
		if m.Generation == gen {
			idx.st = st
			return idx, nil
		}
		why = "it is ahead of the library (a library restored from a backup?)"
		if m.Generation < gen {
			n, err := idx.catchUp(ctx, st, m.Generation)
			if err == nil {
				slog.Info("search index caught up", "dir", dir, "films", n)
				return idx, nil
			}
			if ctx.Err() != nil {
				idx.Close()
				return nil, ctx.Err()
			}
			why = "it is behind the library: " + err.Error()
		}
		idx.Close()
	}
	slog.Info("rebuilding the search index", "dir", dir, "because", why)
	return Rebuild(ctx, dir, st)
}

// errLogTooShort means the store's change log does not reach back to the index's generation.
var errLogTooShort = errors.New("the library's change log does not reach back that far")

// catchUp indexes again the films the store wrote after generation from, and returns how many.
func (x *Index) catchUp(ctx context.Context, st *store.Store, from uint64) (int, error) {
	gen, err := st.Generation()
	if err != nil {
		return 0, err
	}
	ids, complete, err := st.ChangedSince(from)
	if err != nil {
		return 0, err
	}
	if !complete {
		return 0, errLogTooShort
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if err := x.dropFilm(ctx, id); err != nil {
			return 0, fmt.Errorf("catch up: %w", err)
		}
		f, ok, err := st.Film(id)
		if err != nil {
			return 0, err
		}
		if ok && !f.Removed {
			if err := x.add(st, f); err != nil {
				return 0, fmt.Errorf("catch up: %w", err)
			}
		}
	}
	x.st = st
	if err := x.Checkpoint(gen); err != nil {
		return 0, err
	}
	return len(ids), nil
}

// dropFilm deletes a film and every document of its lines and notes, whatever their number
// (the index's own count: the store may no longer say how many it had).
func (x *Index) dropFilm(ctx context.Context, id string) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	// What the pending batches hold of the film must be written first, or a later flush would
	// bring back what the search below cannot see.
	if err := x.flush(); err != nil {
		return err
	}
	x.batches()
	if err := x.del(x.fb, id); err != nil {
		return err
	}
	q := bleve.NewTermQuery(id)
	q.SetField("film")
	for {
		req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
		res, err := x.lines.SearchInContext(ctx, req)
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

func open(dir string) (*Index, string) {
	var m meta
	data, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, "there is none"
	}
	if json.Unmarshal(data, &m) != nil || m.Mapping != MappingVersion {
		return nil, "its mapping version changed"
	}
	films, err := bleve.OpenUsing(filepath.Join(dir, "films.bleve"), storeConfig())
	if err != nil {
		return nil, "it does not open: " + err.Error()
	}
	lines, err := bleve.OpenUsing(filepath.Join(dir, "lines.bleve"), storeConfig())
	if err != nil {
		films.Close()
		return nil, "it does not open: " + err.Error()
	}
	return &Index{dir: dir, films: films, lines: lines}, ""
}

// storeConfig tunes Bleve's scorch store for memory that does not grow with the library: its
// merger joins segments of at most maxSegmentDocs documents, so a merge (which reads every page
// of the segments it joins, and holds their dictionaries) stays the same size however many
// lines the library has. Searches then read a few more segments: a million lines are about
// ten.
func storeConfig() map[string]any {
	return map[string]any{
		"scorchMergePlanOptions": map[string]any{
			"maxSegmentSize":       maxSegmentDocs,
			"segmentsPerMergeTask": segmentsPerMerge,
		},
	}
}

// A merge reads every page of its inputs, and the kernel counts them as the process's while
// they are mapped: three segments of at most 100,000 documents a merge keep that near 100 MB
// (ten of Bleve's default 5,000,000 took the scan of a million lines past 430 MB).
const (
	maxSegmentDocs   = 100000
	segmentsPerMerge = 3
)

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
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.writeMeta(gen)
}

func (x *Index) writeMeta(gen uint64) error {
	data, _ := json.Marshal(meta{Mapping: MappingVersion, Generation: gen})
	return atomicfile.WriteFile(filepath.Join(x.dir, "meta.json"), data, 0o644)
}

// Close writes the gathered changes and closes both indexes; later calls do nothing.
func (x *Index) Close() error {
	x.close.Do(func() { x.cerr = errors.Join(x.Flush(), x.films.Close(), x.lines.Close()) })
	return x.cerr
}

// batchSize is how much a batch holds: documents and the bytes of their text.
type batchSize struct{ docs, bytes int }

// full says whether a batch is as large as one should get before it is written. Bleve keeps a
// batch's documents, analysed, in memory until it is written (about 25 KB a line of dialogue
// as a segment is built), so batches are bounded by documents and by text, never by films: a
// film can have 250,000 lines.
func (b batchSize) full() bool { return b.docs >= maxBatchDocs || b.bytes >= maxBatchBytes }

const (
	maxBatchDocs  = 1000
	maxBatchBytes = 512 << 10
)

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
	films, err := bleve.NewUsing(filepath.Join(dir, "films.bleve"), fm, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, storeConfig())
	if err != nil {
		return nil, fmt.Errorf("rebuild search index: %w", err)
	}
	lines, err := bleve.NewUsing(filepath.Join(dir, "lines.bleve"), lm, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, storeConfig())
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
	for _, f := range all {
		if err := ctx.Err(); err != nil {
			x.Close()
			return nil, err
		}
		if err := x.add(st, f); err != nil {
			x.Close()
			return nil, fmt.Errorf("rebuild search index: %w", err)
		}
	}
	if err := x.Checkpoint(gen); err != nil {
		x.Close()
		return nil, err
	}
	x.st = st
	return x, nil
}

func lineID(film string, n int) string { return fmt.Sprintf("%s/%d", film, n) }

func noteID(film string, n store.SceneNote) string {
	if n.Story() {
		return fmt.Sprintf("note/%s/s%d", film, n.Scene)
	}
	return fmt.Sprintf("note/%s/%d", film, n.Scene)
}

// noteDoc is a scene note as a searchable document beside the lines: its summary, who is on
// screen and its details, at the scene's start.
func noteDoc(film string, n store.SceneNote) map[string]any {
	text := strings.Join(append(append([]string{n.Summary}, n.Who...), n.Details...), " · ")
	doc := map[string]any{"film": film, "kind": "note", "start": n.Start.Seconds(), "end": max(n.End, n.Start).Seconds()}
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
		if err := b.Index(noteID(film, n), noteDoc(film, n)); err != nil {
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
		"title_exact": exactTitles(f.Title, f.OriginalTitle),
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

// add puts a film from the store, its lines and its notes into the pending batches, as a
// rebuild or a catch-up does.
func (x *Index) add(st *store.Store, f store.Film) error {
	cues, err := st.Cues(f.ID)
	if err != nil {
		return err
	}
	notes, err := st.Notes(f.ID)
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.indexFilm(f, cues, 0); err != nil {
		return err
	}
	for _, n := range notes {
		doc := noteDoc(f.ID, n)
		if err := x.put(x.lb, noteID(f.ID, n), doc, len(n.Summary)); err != nil {
			return err
		}
	}
	return nil
}

// IndexFilm adds or replaces a film and its lines; previous is how many lines the film had in
// the index before (line ids are film/n, so ids from len(cues) to previous are deleted).
// Changes are gathered into batches, written whenever a batch is full (maxBatchDocs documents
// or maxBatchBytes of text, whichever comes first) and by Flush; searches see them once
// written.
func (x *Index) IndexFilm(f store.Film, cues []store.Cue, previous int) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	if err := x.indexFilm(f, cues, previous); err != nil {
		return fmt.Errorf("index %s: %w", f.Path, err)
	}
	x.cover()
	return nil
}

func (x *Index) indexFilm(f store.Film, cues []store.Cue, previous int) error {
	x.batches()
	for i := len(cues); i < previous; i++ {
		if err := x.del(x.lb, lineID(f.ID, i)); err != nil {
			return err
		}
	}
	if err := x.put(x.fb, f.ID, filmDoc(f), len(f.Title)+len(f.Plot)+len(f.Tagline)); err != nil {
		return err
	}
	for i, c := range cues {
		if err := x.put(x.lb, lineID(f.ID, i), lineDoc(f.ID, c), len(c.Text)); err != nil {
			return err
		}
	}
	return nil
}

// RemoveFilm removes a film with all its lines and notes (previous is not needed: the index
// finds them itself).
func (x *Index) RemoveFilm(id string, previous int) error {
	if err := x.dropFilm(context.Background(), id); err != nil {
		return fmt.Errorf("remove %s from the search index: %w", id, err)
	}
	x.mu.Lock()
	x.cover()
	x.mu.Unlock()
	return nil
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
}

// put adds a document of about n bytes of text to batch b (x.fb or x.lb), writing both
// batches when they are full. x.mu is held.
func (x *Index) put(b *bleve.Batch, id string, doc map[string]any, n int) error {
	if err := b.Index(id, doc); err != nil {
		return err
	}
	x.pending.docs++
	x.pending.bytes += n
	return x.flushFull()
}

// del deletes a document in batch b, writing both batches when they are full. x.mu is held.
func (x *Index) del(b *bleve.Batch, id string) error {
	b.Delete(id)
	x.pending.docs++
	return x.flushFull()
}

func (x *Index) flushFull() error {
	if x.pending.full() {
		fb, lb := x.fb, x.lb
		if err := x.flush(); err != nil {
			return err
		}
		// The caller goes on adding to the batches it holds: empty them for reuse.
		fb.Reset()
		lb.Reset()
		x.fb, x.lb = fb, lb
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
	x.fb, x.lb, x.pending = nil, nil, batchSize{}
	if x.st != nil && x.hasCov {
		// Batches are on disk when Batch returns (Bleve's safe batches): a process killed from
		// here on loses nothing covered, and the next start catches up only what follows.
		return x.writeMeta(x.covered)
	}
	return nil
}

// cover notes that every film the store has written so far is in the batches. x.mu is held.
func (x *Index) cover() {
	if x.st == nil {
		return
	}
	if gen, err := x.st.Generation(); err == nil {
		x.covered, x.hasCov = gen, true
	}
}

// exactTitles is what a query matches as the whole title: each title normalised, and again
// without its spaces ("spider man" and "spiderman" for "Spider-Man").
func exactTitles(titles ...string) []string {
	var out []string
	for _, t := range titles {
		n := Normalize(t)
		out = append(out, n)
		if j := strings.ReplaceAll(n, " ", ""); j != n {
			out = append(out, j)
		}
	}
	return out
}
