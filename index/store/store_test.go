package store

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func open(t *testing.T) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, p
}

func TestFilmsAndIndexes(t *testing.T) {
	s, _ := open(t)
	f := Film{ID: NewID(), Path: "/m/a.mkv", Hash: "h1", Title: "A", Year: 2001, Size: 10, ModTime: time.Unix(5, 0).UTC()}
	if err := s.PutFilm(f); err != nil {
		t.Fatal(err)
	}
	for _, lookup := range []func() (Film, bool, error){
		func() (Film, bool, error) { return s.Film(f.ID) },
		func() (Film, bool, error) { return s.FilmByPath("/m/a.mkv") },
		func() (Film, bool, error) { return s.FilmByHash("h1") },
	} {
		got, ok, err := lookup()
		if err != nil || !ok || got.Title != "A" || !got.ModTime.Equal(f.ModTime) {
			t.Fatalf("lookup = %+v %v %v", got, ok, err)
		}
	}
	// The file moves: the old path no longer finds it, the new one does.
	f.Path = "/m/b.mkv"
	if err := s.PutFilm(f); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.FilmByPath("/m/a.mkv"); ok {
		t.Error("old path still finds the film")
	}
	if got, ok, _ := s.FilmByPath("/m/b.mkv"); !ok || got.ID != f.ID {
		t.Error("new path does not find the film")
	}
	if p, err := s.Check(); err != nil || len(p) > 0 {
		t.Errorf("check: %v %v", p, err)
	}
	// User data outlives the file being removed.
	s.PutUser(f.ID, UserData{Rating: 5, Review: "Loved it", Position: 90 * time.Second})
	f.Removed = true
	s.PutFilm(f)
	if films, _ := s.Films(false); len(films) != 0 {
		t.Errorf("removed film listed: %+v", films)
	}
	if films, _ := s.Films(true); len(films) != 1 {
		t.Errorf("removed film not kept: %+v", films)
	}
	if u, err := s.User(f.ID); err != nil || u.Rating != 5 || u.Review != "Loved it" || u.Position != 90*time.Second {
		t.Errorf("user data = %+v %v", u, err)
	}
}

func TestOpenRefusals(t *testing.T) {
	s, p := open(t)
	if _, err := Open(p); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
	s.Close()
	// A library from a newer Reel is not touched.
	db, _ := bolt.Open(p, 0o644, nil)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put([]byte("schema"), []byte("99")) })
	db.Close()
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "newer Reel") {
		t.Errorf("newer schema: %v", err)
	}
}

func TestNonUTF8PathsRoundTrip(t *testing.T) {
	s, _ := open(t)
	f := Film{ID: NewID(), Path: "/m/Caf\xe9.mkv", Hash: "h", Subtitles: []Subtitle{{Path: "/m/Caf\xe9.en.srt", Format: "srt"}}}
	if err := s.PutFilm(f); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.FilmByPath(f.Path)
	if err != nil || !ok || got.Path != f.Path || got.Subtitles[0].Path != f.Subtitles[0].Path {
		t.Fatalf("got %q %+v, %v %v", got.Path, got.Subtitles, ok, err)
	}
	if p, _ := s.Check(); len(p) > 0 {
		t.Error(p)
	}
}

// A scan's bulk writes and the user's own writes (the player saving a position) run at once.
func TestBulkWhileUserWrites(t *testing.T) {
	s, _ := open(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for round := 0; round < 3; round++ {
			end := s.Bulk()
			for i := 0; i < 20; i++ {
				s.PutFilm(Film{ID: NewID(), Path: fmt.Sprintf("/m/%d-%d.mkv", round, i), Hash: fmt.Sprint(round, i)})
			}
			end()
		}
	}()
	for i := 0; i < 50; i++ {
		if err := s.PutUser("film", UserData{Position: time.Duration(i) * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	<-done
	if u, _ := s.User("film"); u.Position != 49*time.Second {
		t.Errorf("user data = %+v", u)
	}
}

// The change log: the films written after a generation, and whether the log reaches back to
// it (a library from before the log does not).
func TestChangedSince(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// A library from before the log: its bucket and start gone, five writes behind it.
	s.db.Update(func(tx *bolt.Tx) error {
		tx.DeleteBucket(bChanged)
		tx.Bucket(bMeta).Delete(kLogFrom)
		return tx.Bucket(bMeta).Put(kGen, []byte("5"))
	})
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.PutFilm(Film{ID: "a", Path: "/a.mkv"})
	s.PutCues("b", []Cue{{Text: "hi"}})
	s.PutFilm(Film{ID: "a", Path: "/a2.mkv"})
	for _, tt := range []struct {
		gen      uint64
		ids      []string
		complete bool
	}{
		{3, nil, false}, // before the log: only a rebuild knows
		{5, []string{"a", "b"}, true},
		{6, []string{"a", "b"}, true},
		{7, []string{"a"}, true},
		{8, nil, true},
	} {
		ids, complete, err := s.ChangedSince(tt.gen)
		sort.Strings(ids)
		if err != nil || complete != tt.complete || strings.Join(ids, ",") != strings.Join(tt.ids, ",") {
			t.Errorf("ChangedSince(%d) = %v, %v, %v; want %v, %v", tt.gen, ids, complete, err, tt.ids, tt.complete)
		}
	}
}

// Lines are stored compressed, and a library written before that (plain JSON) still reads.
func TestCuesCompressedAndPlain(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := []Cue{{Lang: "en", Start: time.Second, End: 2 * time.Second, Text: "The lamp must be lit."}}
	s.PutCues("new", want)
	s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bCues).Put([]byte("old"), []byte(`[{"lang":"en","start":1000000000,"end":2000000000,"text":"The lamp must be lit."}]`))
	})
	for _, id := range []string{"new", "old"} {
		got, err := s.Cues(id)
		if err != nil || len(got) != 1 || got[0] != want[0] {
			t.Errorf("Cues(%s) = %+v, %v; want %+v", id, got, err, want)
		}
	}
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bCues).Get([]byte("new")); !bytes.HasPrefix(v, []byte(deflated)) {
			t.Errorf("new lines stored as %q, not compressed", v)
		}
		return nil
	})
}
