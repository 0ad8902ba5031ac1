// Package store is the library's source of truth: a bbolt database (one file, transactions,
// no server) holding the films Reel has found, the user's own data about them (position,
// watched, rating, review), and a schema version. Every write is one transaction, so a process
// killed at any moment leaves the last committed state, whole. Search indexes are caches built
// from it.
//
// Buckets: scenes (id → Analysis as JSON), meta (schema version, generation), films (id → Film as JSON), paths (path → id),
// hashes (partial content hash → id), user (id → UserData as JSON), cues (id → the film's
// subtitle lines as JSON), notes (id → the scene notes the language model wrote, as JSON; a
// bucket added without a schema change: opening an older library creates it), embeddings (id →
// the film's embedding per model, with the hash of the text it was made from). The generation counts the writes to films and cues, so a search
// index can tell whether it has seen them all. A film whose file disappears is marked
// Removed, not deleted: its user data stays, and comes back with the file, found by its hash
// even under another name.
package store

import (
	"bytes"
	"compress/flate"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the layout this code reads and writes.
const SchemaVersion = 2 // 2: lines stored deflated (an older Reel could not read them)

var (
	bMeta   = []byte("meta")
	bFilms  = []byte("films")
	bPaths  = []byte("paths")
	bHashes = []byte("hashes")
	bUser   = []byte("user")
	bCues   = []byte("cues")
	bScenes = []byte("scenes")
	bNotes  = []byte("notes")
	bVecs   = []byte("embeddings")
	kGen    = []byte("generation")
	// bChanged holds, for each film, the generation of its last write: what a search index
	// that was left behind (a killed scan) must catch up on. kLogFrom is the generation the log
	// starts at (a library from before the log has none further back).
	bChanged = []byte("changed")
	kLogFrom = []byte("changelog_from")
)

// ErrLocked is returned when another process has the library open.
var ErrLocked = errors.New("the library is open in another Reel process")

// Film is one film file as the library knows it.
type Film struct {
	ID       string    `json:"id"`
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	ModTime  time.Time `json:"mtime"`
	Hash     string    `json:"hash"` // partial content hash: size, first and last 64 KiB
	Removed  bool      `json:"removed,omitempty"`
	AddedAt  time.Time `json:"added"`
	Warnings []string  `json:"warnings,omitempty"`
	// Sidecars is a stamp of the files beside the film that Reel reads with it (subtitles,
	// .nfo, artwork): a scan reads an unchanged film again when they change.
	Sidecars string `json:"sidecars,omitempty"`
	// NameRules is the version of the rules the title was read from the name with
	// (index.NameRules): a scan after they change reads the titles of unchanged films again.
	NameRules int `json:"name_rules,omitempty"`

	Title         string        `json:"title"`
	OriginalTitle string        `json:"original_title,omitempty"`
	Year          int           `json:"year,omitempty"`
	Edition       string        `json:"edition,omitempty"`
	Plot          string        `json:"plot,omitempty"`
	Tagline       string        `json:"tagline,omitempty"`
	Genres        []string      `json:"genres,omitempty"`
	Tags          []string      `json:"tags,omitempty"`
	Directors     []string      `json:"directors,omitempty"`
	Writers       []string      `json:"writers,omitempty"`
	Cast          []Person      `json:"cast,omitempty"`
	Rating        float64       `json:"rating,omitempty"` // the .nfo's community rating, 0–10
	Votes         int           `json:"votes,omitempty"`  // how many voters it is from (0: unknown)
	Top250        int           `json:"top250,omitempty"` // its place in IMDb's top 250, 0 for none
	Set           string        `json:"set,omitempty"`
	Duration      time.Duration `json:"duration,omitempty"`
	Container     string        `json:"container,omitempty"`
	Width         int           `json:"width,omitempty"`
	Height        int           `json:"height,omitempty"`
	VideoCodec    string        `json:"video_codec,omitempty"`
	AudioLangs    []string      `json:"audio_languages,omitempty"`
	Subtitles     []Subtitle    `json:"subtitles,omitempty"`
}

// Person is a credited actor and the role played.
type Person struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Subtitle is one subtitle track a film has: a sidecar file or an embedded stream.
type Subtitle struct {
	Path     string `json:"path,omitempty"`   // sidecar file
	Stream   int    `json:"stream,omitempty"` // embedded stream index (with Path "")
	Language string `json:"language,omitempty"`
	Format   string `json:"format"`
	Forced   bool   `json:"forced,omitempty"`
	Bitmap   bool   `json:"bitmap,omitempty"`
}

// UserData is what the user has made of a film. It is never lost by a rescan.
type UserData struct {
	Position   time.Duration `json:"position,omitempty"`
	Watched    bool          `json:"watched,omitempty"`
	Rating     int           `json:"rating,omitempty"` // 1–5, 0 for none
	Review     string        `json:"review,omitempty"`
	PlayCount  int           `json:"play_count,omitempty"`
	LastPlayed time.Time     `json:"last_played,omitempty"`
	// VerdictAt is when the user last rated, reviewed or marked the film (zero: never).
	VerdictAt time.Time `json:"verdict_at,omitempty"`
}

// Store is an open library database. Its methods are safe for concurrent use.
type Store struct {
	db   *bolt.DB
	bulk atomic.Bool // a Bulk run is on
	// users counts the writes of user data since the store was opened, so that a reader
	// that keeps a profile of the user's verdicts knows when to read them again.
	users atomic.Uint64
}

// Open opens or creates the library database at path.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open library %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		newLog := tx.Bucket(bChanged) == nil
		for _, b := range [][]byte{bMeta, bFilms, bPaths, bHashes, bUser, bCues, bScenes, bNotes, bVecs, bChanged} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bMeta)
		if newLog {
			from := meta.Get(kGen)
			if from == nil {
				from = []byte("0")
			}
			if err := meta.Put(kLogFrom, from); err != nil {
				return err
			}
		}
		v := meta.Get([]byte("schema"))
		if v == nil {
			return meta.Put([]byte("schema"), []byte(strconv.Itoa(SchemaVersion)))
		}
		got, _ := strconv.Atoi(string(v))
		if got > SchemaVersion {
			return fmt.Errorf("the library was written by a newer Reel (schema %d, this Reel reads %d): update Reel", got, SchemaVersion)
		}
		// Older schemas are migrated here as they come to exist.
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Bulk switches per-transaction fsync off for a large run of writes (a scan) and returns the
// function that ends the run with one sync. A process killed meanwhile loses nothing: the
// operating system still has every committed page; only a power cut could, and what a scan
// writes is rebuilt by the next scan. The user's own data never waits for a bulk run's end:
// PutUser syncs.
//
// bbolt reads NoSync as each write transaction commits, so it is only changed inside a write
// transaction, where the writer lock orders it against every commit.
func (s *Store) Bulk() (end func() error) {
	s.setNoSync(true)
	return func() error {
		s.setNoSync(false)
		return s.db.Sync()
	}
}

func (s *Store) setNoSync(on bool) {
	s.bulk.Store(on)
	s.db.Update(func(*bolt.Tx) error {
		s.db.NoSync = on
		return nil
	})
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// NewID returns a new film id.
func NewID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func getFilm(tx *bolt.Tx, id []byte) (Film, bool, error) {
	v := tx.Bucket(bFilms).Get(id)
	if v == nil {
		return Film{}, false, nil
	}
	var f Film
	if err := json.Unmarshal(v, &f); err != nil {
		return Film{}, false, fmt.Errorf("film %s: %w", id, err)
	}
	return f, true, nil
}

// Film returns the film with the given id.
func (s *Store) Film(id string) (f Film, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		f, ok, err = getFilm(tx, []byte(id))
		return err
	})
	return f, ok, err
}

// FilmByPath returns the film at path.
func (s *Store) FilmByPath(path string) (f Film, ok bool, err error) {
	return s.byIndex(bPaths, path)
}

// FilmByHash returns a film with the given content hash.
func (s *Store) FilmByHash(hash string) (f Film, ok bool, err error) {
	return s.byIndex(bHashes, hash)
}

func (s *Store) byIndex(bucket []byte, key string) (f Film, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucket).Get([]byte(key))
		if id == nil {
			return nil
		}
		f, ok, err = getFilm(tx, id)
		return err
	})
	return f, ok, err
}

// Films returns every film, removed ones too when all is set, in no particular order.
func (s *Store) Films(all bool) ([]Film, error) {
	var out []Film
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bFilms).ForEach(func(k, v []byte) error {
			var f Film
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("film %s: %w", k, err)
			}
			if all || !f.Removed {
				out = append(out, f)
			}
			return nil
		})
	})
	return out, err
}

// PutFilm writes a film and its path and hash index entries, in one transaction. A film that
// moved loses its old path entry.
func (s *Store) PutFilm(f Film) error {
	if f.ID == "" {
		return errors.New("put film: no id")
	}
	data, err := json.Marshal(f)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		films, paths, hashes := tx.Bucket(bFilms), tx.Bucket(bPaths), tx.Bucket(bHashes)
		if old, ok, err := getFilm(tx, []byte(f.ID)); err != nil {
			return err
		} else if ok {
			if old.Path != f.Path && string(paths.Get([]byte(old.Path))) == f.ID {
				if err := paths.Delete([]byte(old.Path)); err != nil {
					return err
				}
			}
			if old.Hash != f.Hash && string(hashes.Get([]byte(old.Hash))) == f.ID {
				if err := hashes.Delete([]byte(old.Hash)); err != nil {
					return err
				}
			}
		}
		if err := films.Put([]byte(f.ID), data); err != nil {
			return err
		}
		if err := bump(tx, f.ID); err != nil {
			return err
		}
		if err := paths.Put([]byte(f.Path), []byte(f.ID)); err != nil {
			return err
		}
		if f.Hash != "" {
			return hashes.Put([]byte(f.Hash), []byte(f.ID))
		}
		return nil
	})
}

// bump increments the generation inside a write transaction, and notes that film id changed
// at it.
func bump(tx *bolt.Tx, id string) error {
	meta := tx.Bucket(bMeta)
	n, _ := strconv.ParseUint(string(meta.Get(kGen)), 10, 64)
	n++
	if err := meta.Put(kGen, []byte(strconv.FormatUint(n, 10))); err != nil {
		return err
	}
	return tx.Bucket(bChanged).Put([]byte(id), binary.BigEndian.AppendUint64(nil, n))
}

// ChangedSince returns the films written after generation gen (removed ones too), for an index
// that holds everything up to gen to catch up. complete is false when the log does not reach
// back to gen (a library older than the log): then only a rebuild is sure.
func (s *Store) ChangedSince(gen uint64) (ids []string, complete bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		from, _ := strconv.ParseUint(string(tx.Bucket(bMeta).Get(kLogFrom)), 10, 64)
		if gen < from {
			return nil
		}
		complete = true
		return tx.Bucket(bChanged).ForEach(func(k, v []byte) error {
			if len(v) == 8 && binary.BigEndian.Uint64(v) > gen {
				ids = append(ids, string(k))
			}
			return nil
		})
	})
	return ids, complete, err
}

// Generation is the number of writes to films, their lines and their notes so far.
func (s *Store) Generation() (n uint64, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		n, _ = strconv.ParseUint(string(tx.Bucket(bMeta).Get(kGen)), 10, 64)
		return nil
	})
	return n, err
}

// Cue is one line of a film's dialogue, from one of its subtitle tracks.
type Cue struct {
	Lang string `json:"lang,omitempty"`
	// Track is the subtitle track the line is from: the file's path for a subtitle file,
	// "#N" for the film's embedded stream N ("" in libraries scanned before tracks were kept).
	Track string        `json:"track,omitempty"`
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end"`
	Text  string        `json:"text"`
}

// PutCues replaces a film's subtitle lines. They are kept compressed (a film's lines are
// 100-300 KB of JSON, a third of that deflated): the database is memory-mapped, and a write
// next to a film's lines reads them, so the library's size is what a scan touches.
func (s *Store) PutCues(id string, cues []Cue) error {
	data, err := deflateJSON(cues)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bCues).Put([]byte(id), data); err != nil {
			return err
		}
		return bump(tx, id)
	})
}

// Cues returns a film's subtitle lines.
func (s *Store) Cues(id string) (cues []Cue, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bCues).Get([]byte(id)); v != nil {
			return inflateJSON(v, &cues)
		}
		return nil
	})
	return cues, err
}

// deflated marks a compressed value; JSON never starts with a zero byte.
const deflated = "\x00deflate\x00"

func deflateJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(deflated)
	zw, _ := flate.NewWriter(&b, flate.BestSpeed)
	if err := json.NewEncoder(zw).Encode(v); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// inflateJSON reads a value deflateJSON wrote, or plain JSON (what libraries written before
// compression hold).
func inflateJSON(data []byte, v any) error {
	if !bytes.HasPrefix(data, []byte(deflated)) {
		return json.Unmarshal(data, v)
	}
	zr := flate.NewReader(bytes.NewReader(data[len(deflated):]))
	defer zr.Close()
	return json.NewDecoder(zr).Decode(v)
}

// Analysis is what the background analysis found in a film: its shots (Scenes, the stretches
// between two cuts, as the picture detector found them) and the narrative scenes grouped from
// them (Story: one place and time of the story, one to five minutes). The shots stay for seek
// previews; the strip, chapters, scene keys and notes use the story's scenes.
type Analysis struct {
	Hash   string  `json:"hash"` // the file content it was made from: a changed file is analysed again
	Scenes []Scene `json:"scenes"`
	// Story is the narrative scenes; empty in an analysis made before Reel grouped shots, or
	// when grouping failed. Grouped is the grouping's version: an older one is grouped again,
	// from the stored shots, without decoding the film again.
	Story   []StoryScene `json:"story,omitempty"`
	Grouped int          `json:"grouped,omitempty"`
	Error   string       `json:"error,omitempty"` // why it failed, so it is not retried on every start
	// Read is the picture subtitle tracks read as text ("#N"), each with why it could not be
	// ("" when it was): a track is read once per file.
	Read map[string]string `json:"read,omitempty"`
}

// Scene is one shot of a film, with its thumbnail (a file in the cache).
type Scene struct {
	Start      time.Duration `json:"start"`
	End        time.Duration `json:"end"`
	StartFrame int64         `json:"start_frame"`
	Thumb      string        `json:"thumb,omitempty"`
	// Black says the shot comes out of black: a fade in, or a cut from a black screen.
	Black bool `json:"black,omitempty"`
}

// StoryScene is one narrative scene: shots First to First+Shots-1, or, inside a single shot
// longer than a scene may be, a stretch of it.
type StoryScene struct {
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end"`
	First int           `json:"first"` // index of its first shot in Analysis.Scenes
	Shots int           `json:"shots"`
	Thumb string        `json:"thumb,omitempty"` // the thumbnail of its most typical shot
}

// Chapters are the scenes the strip, chapters and scene keys use: the story's scenes, or the
// shots of an analysis that has none yet.
func (a Analysis) Chapters() []StoryScene {
	if len(a.Story) > 0 {
		return a.Story
	}
	out := make([]StoryScene, len(a.Scenes))
	for i, s := range a.Scenes {
		out[i] = StoryScene{Start: s.Start, End: s.End, First: i, Shots: 1, Thumb: s.Thumb}
	}
	return out
}

// PutAnalysis records a film's analysis.
func (s *Store) PutAnalysis(id string, a Analysis) error {
	data, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bScenes).Put([]byte(id), data) })
}

// Analysis returns a film's analysis, if it has one.
func (s *Store) Analysis(id string) (a Analysis, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bScenes).Get([]byte(id))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &a)
	})
	return a, ok, err
}

// User returns the user's data for a film (zero when there is none).
func (s *Store) User(id string) (u UserData, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bUser).Get([]byte(id)); v != nil {
			return json.Unmarshal(v, &u)
		}
		return nil
	})
	return u, err
}

// PutUser writes the user's data for a film.
func (s *Store) PutUser(id string, u UserData) error {
	data, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bUser).Put([]byte(id), data) }); err != nil {
		return err
	}
	s.users.Add(1)
	if s.bulk.Load() {
		return s.db.Sync() // the user's data is durable at once, even during a scan
	}
	return nil
}

// UpdateUser changes the user's data for a film in one transaction: fn gets what is stored
// (zero when there is none) and changes it. Two writers (the window saving the position, a
// command setting a rating) never undo each other's change.
func (s *Store) UpdateUser(id string, fn func(u *UserData)) (UserData, error) {
	var u UserData
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bUser)
		if v := b.Get([]byte(id)); v != nil {
			if err := json.Unmarshal(v, &u); err != nil {
				return fmt.Errorf("user data of %s: %w", id, err)
			}
		}
		fn(&u)
		data, err := json.Marshal(u)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), data)
	})
	if err != nil {
		return UserData{}, err
	}
	s.users.Add(1)
	if s.bulk.Load() {
		return u, s.db.Sync()
	}
	return u, nil
}

// UserGeneration changes whenever the user's data of any film is written (in this process).
func (s *Store) UserGeneration() uint64 { return s.users.Load() }

// Users returns the user's data of every film that has any, by film id, read at once.
func (s *Store) Users() (map[string]UserData, error) {
	out := map[string]UserData{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bUser).ForEach(func(k, v []byte) error {
			var u UserData
			if err := json.Unmarshal(v, &u); err != nil {
				return fmt.Errorf("user data of %s: %w", k, err)
			}
			out[string(k)] = u
			return nil
		})
	})
	return out, err
}

// Check verifies that the indexes agree with the films: every path and hash entry names a
// film with that path or hash, and every film is reachable by its path. It returns the
// problems found (none for a healthy library).
func (s *Store) Check() ([]string, error) {
	var problems []string
	err := s.db.View(func(tx *bolt.Tx) error {
		films := map[string]Film{}
		if err := tx.Bucket(bFilms).ForEach(func(k, v []byte) error {
			var f Film
			if err := json.Unmarshal(v, &f); err != nil {
				problems = append(problems, fmt.Sprintf("film %s is not valid JSON: %v", k, err))
				return nil
			}
			films[string(k)] = f
			return nil
		}); err != nil {
			return err
		}
		tx.Bucket(bPaths).ForEach(func(k, v []byte) error {
			if f, ok := films[string(v)]; !ok || f.Path != string(k) {
				problems = append(problems, fmt.Sprintf("path %s points at film %s, which is not there", k, v))
			}
			return nil
		})
		tx.Bucket(bHashes).ForEach(func(k, v []byte) error {
			if f, ok := films[string(v)]; !ok || f.Hash != string(k) {
				problems = append(problems, fmt.Sprintf("hash %s points at film %s, which does not have it", k, v))
			}
			return nil
		})
		for id, f := range films {
			if string(tx.Bucket(bPaths).Get([]byte(f.Path))) != id {
				problems = append(problems, fmt.Sprintf("film %s (%s) is not reachable by its path", id, f.Path))
			}
		}
		return nil
	})
	return problems, err
}

// File names on Linux are bytes, not always UTF-8, and JSON would replace what is not. A path
// that is not valid UTF-8 is kept byte for byte in raw_path.

// MarshalJSON implements json.Marshaler.
func (f Film) MarshalJSON() ([]byte, error) {
	type plain Film
	aux := struct {
		plain
		RawPath []byte `json:"raw_path,omitempty"`
	}{plain: plain(f)}
	if !utf8.ValidString(f.Path) {
		aux.RawPath = []byte(f.Path)
	}
	return json.Marshal(aux)
}

// UnmarshalJSON implements json.Unmarshaler.
func (f *Film) UnmarshalJSON(b []byte) error {
	type plain Film
	aux := struct {
		*plain
		RawPath []byte `json:"raw_path"`
	}{plain: (*plain)(f)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if aux.RawPath != nil {
		f.Path = string(aux.RawPath)
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (s Subtitle) MarshalJSON() ([]byte, error) {
	type plain Subtitle
	aux := struct {
		plain
		RawPath []byte `json:"raw_path,omitempty"`
	}{plain: plain(s)}
	if !utf8.ValidString(s.Path) {
		aux.RawPath = []byte(s.Path)
	}
	return json.Marshal(aux)
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Subtitle) UnmarshalJSON(b []byte) error {
	type plain Subtitle
	aux := struct {
		*plain
		RawPath []byte `json:"raw_path"`
	}{plain: (*plain)(s)}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	if aux.RawPath != nil {
		s.Path = string(aux.RawPath)
	}
	return nil
}

// SceneNote is what the language model wrote about one scene.
type SceneNote struct {
	// Scene is the index of its scene in the film's Analysis.Story. A note without End was
	// written by an older Reel about one shot (an index into Analysis.Scenes): it stays
	// searchable, and is never taken for the note of a narrative scene.
	Scene   int           `json:"scene"`
	Start   time.Duration `json:"start"`
	End     time.Duration `json:"end,omitempty"`
	Summary string        `json:"summary"`
	Who     []string      `json:"who,omitempty"`
	Mood    string        `json:"mood,omitempty"`
	Details []string      `json:"details,omitempty"`
	Cites   []string      `json:"cites,omitempty"` // the [HH:MM:SS] moments it relies on
	// SoFar is the story up to the end of this scene, in a few sentences: the next scene's
	// note starts from it, so that no request carries every earlier note.
	SoFar string    `json:"so_far,omitempty"`
	Model string    `json:"model"`
	Made  time.Time `json:"made"`
}

// PutNote stores (or replaces) the note of one scene.
func (s *Store) PutNote(id string, n SceneNote) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bNotes)
		var notes []SceneNote
		if v := b.Get([]byte(id)); v != nil {
			if err := json.Unmarshal(v, &notes); err != nil {
				return err
			}
		}
		replaced := false
		for i := range notes {
			if notes[i].Scene == n.Scene && notes[i].Story() == n.Story() {
				notes[i], replaced = n, true
			}
		}
		if !replaced {
			notes = append(notes, n)
		}
		sort.Slice(notes, func(i, j int) bool { return notes[i].Scene < notes[j].Scene })
		data, err := json.Marshal(notes)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(id), data); err != nil {
			return err
		}
		return bump(tx, id) // the search index has notes too: one left behind catches up
	})
}

// Story says the note is about a narrative scene (Analysis.Story), not an older one's shot.
func (n SceneNote) Story() bool { return n.End > 0 }

// Notes returns a film's scene notes, by scene.
func (s *Store) Notes(id string) (notes []SceneNote, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bNotes).Get([]byte(id)); v != nil {
			return json.Unmarshal(v, &notes)
		}
		return nil
	})
	return notes, err
}

// Embedding is a film's vector from one embedding model, and the hash of the text it embeds:
// a changed text (a new note, a new plot) makes it stale.
type Embedding struct {
	Model  string    `json:"model"`
	Text   string    `json:"text_hash"`
	Vector []float32 `json:"vector"`
}

// PutEmbedding stores a film's embedding for its model.
func (s *Store) PutEmbedding(id string, e Embedding) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bVecs).Put([]byte(e.Model+"\x00"+id), data)
	})
}

// Embedding returns a film's embedding from model, if there is one.
func (s *Store) Embedding(id, model string) (e Embedding, ok bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bVecs).Get([]byte(model + "\x00" + id)); v != nil {
			ok = true
			return json.Unmarshal(v, &e)
		}
		return nil
	})
	return e, ok, err
}
