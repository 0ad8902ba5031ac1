package nfo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/reel-app/reel/sharedtest"
)

func sample(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(sharedtest.Path(t, "nfo/"+rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func parse(t *testing.T, rel string) Movie {
	t.Helper()
	m, err := Parse(sample(t, rel))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return m
}

// The expectations are those of Jellyfin's MovieNfoParserTests for the same files.
func TestJusticeLeague(t *testing.T) {
	m := parse(t, "jellyfin/Justice League.nfo")
	checks := []struct {
		what      string
		got, want any
	}{
		{"title", m.Title, "Justice League"},
		{"original title", m.OriginalTitle, "Justice League"},
		{"tagline", m.Tagline, "Justice for all."},
		{"imdb", m.IDs["imdb"], "tt0974015"},
		{"tmdb", m.IDs["tmdb"], "141052"},
		{"genres", strings.Join(m.Genres, ","), "Action,Adventure,Fantasy,Sci-Fi"},
		{"premiered", m.Premiered, time.Date(2017, 11, 15, 0, 0, 0, 0, time.UTC)},
		{"year", m.Year, 2017},
		{"studios", strings.Join(m.Studios, ","), "DC Comics"},
		{"directors", strings.Join(m.Directors, ","), "Zack Snyder"},
		{"writers", strings.Join(m.Writers, ","), "Jerry Siegel,Joe Shuster,Test"},
		{"play count", m.PlayCount, 2},
		{"last played", m.LastPlayed, time.Date(2021, 2, 11, 7, 47, 23, 0, time.UTC)},
		{"set", m.Set, "Justice League Collection"},
		{"tmdb collection", m.IDs["tmdbcol"], "702342"},
		{"runtime", m.Runtime, 120 * time.Minute},
		{"default rating", m.Rating, 6.4},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	var aquaman *Actor
	for i := range m.Actors {
		if m.Actors[i].Role == "Aquaman" {
			aquaman = &m.Actors[i]
		}
	}
	if aquaman == nil || aquaman.Name != "Jason Momoa" || aquaman.Order != 5 || !strings.HasPrefix(aquaman.Thumb, "https://m.media-amazon.com/") {
		t.Errorf("Aquaman = %+v", aquaman)
	}
	if len(m.Actors) < 15 || len(m.Ratings) != 5 {
		t.Errorf("%d actors, %d ratings", len(m.Actors), len(m.Ratings))
	}
}

func TestEscapedCharacters(t *testing.T) {
	m := parse(t, "jellyfin/Lilo & Stitch.nfo")
	if m.Title != "Lilo & Stitch" || m.OriginalTitle != "Lilo & Stitch" || m.Set != "Lilo & Stitch Collection" ||
		!strings.HasPrefix(m.Plot, ">>") || !strings.HasSuffix(m.Plot, "<<") || m.IDs["tmdbcol"] != "97020" {
		t.Errorf("%+v", m)
	}
}

func TestRatings(t *testing.T) {
	tests := []struct {
		file string
		want float64
	}{
		{"jellyfin/CommunityRating.nfo", 7.5},
		{"jellyfin/CommunityRating_Comma.nfo", 7.5},
		{"jellyfin/CommunityRating_OutOfRange.nfo", 0}, // outside 0–10: ignored
	}
	for _, tt := range tests {
		if got := parse(t, tt.file).Rating; got != tt.want {
			t.Errorf("%s: rating %v, want %v", tt.file, got, tt.want)
		}
	}
}

func TestLinksOnly(t *testing.T) {
	tests := []struct {
		file, key, want string
	}{
		{"jellyfin/Radarr.nfo", "tmdb", "583689"},
		{"jellyfin/Radarr.nfo", "imdb", "tt4154796"},
		{"jellyfin/Tmdb.nfo", "tmdb", "30287"},
		{"jellyfin/Imdb.nfo", "imdb", "tt0944947"},
	}
	for _, tt := range tests {
		if got := parse(t, tt.file).IDs[tt.key]; got != tt.want {
			t.Errorf("%s: %s = %q, want %q", tt.file, tt.key, got, tt.want)
		}
	}
}

func TestMediaElchMovies(t *testing.T) {
	tests := []struct {
		file  string
		title string
		year  int
	}{
		{"mediaelch/movie/kodi_v18_Alien_1979.nfo", "Alien", 1979},
		{"mediaelch/movie/kodi_v18_Toy_Story_3_2010.nfo", "Toy Story 3", 2010},
		{"mediaelch/movie/kodi_v18_movie_empty.nfo", "", 0},
	}
	for _, tt := range tests {
		m := parse(t, tt.file)
		if m.Title != tt.title || m.Year != tt.year {
			t.Errorf("%s: %q %d, want %q %d", tt.file, m.Title, m.Year, tt.title, tt.year)
		}
	}
	all := parse(t, "mediaelch/movie/kodi_v18_movie_all.nfo")
	if all.Title == "" || len(all.Actors) == 0 || len(all.Genres) == 0 || all.Plot == "" {
		t.Errorf("movie_all: %+v", all)
	}
}

// Every sample in the shared folder, movie or not, parses or is rejected with a reason.
func TestEverySampleIsSafe(t *testing.T) {
	dir := sharedtest.Path(t, "nfo")
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".nfo") {
			return nil
		}
		n++
		data, _ := os.ReadFile(p)
		m, err := Parse(data)
		t.Logf("%-60s title=%q err=%v", strings.TrimPrefix(p, dir), m.Title, err)
		return nil
	})
	if n < 20 {
		t.Errorf("only %d samples", n)
	}
}

func TestEncodings(t *testing.T) {
	xml := `<?xml version="1.0" encoding="ISO-8859-1"?><movie><title>Am` + "\xe9" + `lie</title><year>2001</year></movie>`
	utf16le := func(s string) []byte {
		u := utf16.Encode([]rune(s))
		b := []byte{0xFF, 0xFE}
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"latin-1", []byte(xml)},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, `<movie><title>Amélie</title><year>2001</year></movie>`...)},
		{"utf-16le", utf16le(`<?xml version="1.0" encoding="UTF-16"?><movie><title>Amélie</title><year>2001</year></movie>`)},
		{"unclosed", []byte(`<movie><title>Amélie</title><year>2001</year><plot>cut`)},
		{"trailing link", []byte("<movie><title>Amélie</title><year>2001</year></movie>\nhttps://www.imdb.com/title/tt0211915/")},
	}
	for _, tt := range tests {
		m, err := Parse(tt.in)
		if err != nil || m.Title != "Amélie" || m.Year != 2001 {
			t.Errorf("%s: %q %d %v", tt.name, m.Title, m.Year, err)
		}
	}
	if _, err := Parse([]byte("just some notes about the film")); err == nil {
		t.Error("a text file parsed as an nfo")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<movie><title>A</title><year>2000</year><ratings><rating max="0"><value>1,5</value></rating></ratings></movie>`))
	f.Add([]byte{0xFF, 0xFE, 0x3C, 0x00})
	f.Add([]byte(`<movie><set><name>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data)
		if err == nil && (m.Rating < 0 || m.Rating > 10) {
			t.Errorf("rating %v out of range", m.Rating)
		}
	})
}

// The votes behind the default rating and the top-250 place are read, for the recommender's
// quality prior.
func TestVotesAndTop250(t *testing.T) {
	for _, c := range []struct {
		file          string
		rating        float64
		votes, top250 int
	}{
		{"mediaelch/movie/kodi_v18_Toy_Story_3_2010.nfo", 7.7, 8542, 0},
		{"mediaelch/movie/kodi_v18_movie_all.nfo", 5.8, 1641, 240}, // the default source, not the first with votes
	} {
		m := parse(t, c.file)
		if m.Rating != c.rating || m.Votes != c.votes || m.Top250 != c.top250 {
			t.Errorf("%s: rating %v from %d votes, top250 %d; want %v, %d, %d", c.file, m.Rating, m.Votes, m.Top250, c.rating, c.votes, c.top250)
		}
	}
}
