package release

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/reel-app/reel/sharedtest"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Info
	}{
		{"Film.Title.2014.EXTENDED.1080p.BluRay.x264-GRP", Info{Title: "Film Title", Year: 2014, Edition: "Extended", Resolution: "1080p", Source: "BluRay", Codec: "x264", Group: "GRP"}},
		{"The Lighthouse Keeper's Daughter (1954)", Info{Title: "The Lighthouse Keeper's Daughter", Year: 1954}},
		{"Blade.Runner.2049.2017.2160p.UHD", Info{Title: "Blade Runner 2049", Year: 2017, Resolution: "2160p"}},
		{"1917 (2019)", Info{Title: "1917", Year: 2019}},
		{"2001.A.Space.Odyssey.1968.Remastered", Info{Title: "2001 A Space Odyssey", Year: 1968, Edition: "Remastered"}},
		{"Apocalypse Now (1979) Director's Cut", Info{Title: "Apocalypse Now", Year: 1979, Edition: "Director's Cut"}},
		{"[site.example] spirited_away_2001_720p", Info{Title: "spirited away", Year: 2001, Resolution: "720p"}},
		{"Some Home Video", Info{Title: "Some Home Video"}},
		{"2014", Info{Title: "2014"}},
		{"Léon (1994)", Info{Title: "Léon", Year: 1994}},
		{"Spider-Man.Into.the.Spider-Verse.2018.WEB-DL", Info{Title: "Spider-Man Into the Spider-Verse", Year: 2018, Source: "WEB-DL"}},
	}
	for _, tt := range tests {
		if got := Parse(tt.in); got != tt.want {
			t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Film.2014.1080p-GRP", "[x] y (2000)", "", "((((", "S01E01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := Parse(s)
		if in.Year != 0 && (in.Year < 1900 || in.Year > 2099) {
			t.Errorf("Parse(%q).Year = %d", s, in.Year)
		}
	})
}

type vector struct {
	name  string
	title string
	year  int
}

func filenames(t *testing.T) string {
	t.Helper()
	return sharedtest.Path(t, "filenames")
}

func loadJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func vectorSets(t *testing.T) map[string][]vector {
	root := filenames(t)
	sets := map[string][]vector{}
	type out struct {
		Title  string `json:"title"`
		TitleU string `json:"Title"`
		Year   int    `json:"year"`
	}
	pair := func(set string, inputs []string, outputs []out) {
		for i, in := range inputs {
			title := outputs[i].Title
			if title == "" {
				title = outputs[i].TitleU
			}
			sets[set] = append(sets[set], vector{in, title, outputs[i].Year})
		}
	}
	var in []string
	var o []out
	loadJSON(t, filepath.Join(root, "ptn", "input.json"), &in)
	loadJSON(t, filepath.Join(root, "ptn", "output.json"), &o)
	pair("ptn", in, o)
	in, o = nil, nil
	loadJSON(t, filepath.Join(root, "parse-torrent-title", "input.json"), &in)
	loadJSON(t, filepath.Join(root, "parse-torrent-title", "output_raw.json"), &o)
	pair("parse-torrent-title", in, o)
	// go-parse-torrent-name keeps its inputs in its test file and its answers in golden files.
	src, err := os.ReadFile(filepath.Join(root, "go-parse-torrent-name", "parser_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)var testData = \[\]string\{(.*?)\n\}`).FindSubmatch(src)
	in = nil
	for _, m := range regexp.MustCompile(`(?m)^\s*"((?:[^"\\]|\\.)*)",`).FindAllSubmatch(block[1], -1) {
		in = append(in, strings.ReplaceAll(string(m[1]), `\"`, `"`))
	}
	o = make([]out, len(in))
	for i := range in {
		loadJSON(t, filepath.Join(root, "go-parse-torrent-name", "testdata", fmt.Sprintf("golden_file_%03d.json", i)), &o[i])
	}
	pair("go-parse-torrent-name", in, o)
	return sets
}

// The title+year exact-match rate on the public vector sets. An expected year that is absent
// means "no year": a parser that finds one where the set has none is counted wrong, even where
// the set merely left it out.
func TestVectorSets(t *testing.T) {
	total, good := 0, 0
	for name, vs := range vectorSets(t) {
		ok := 0
		var misses []string
		for _, v := range vs {
			got := Parse(v.name)
			if got.Title == v.title && got.Year == v.year {
				ok++
			} else if len(misses) < 400 {
				misses = append(misses, fmt.Sprintf("%s\n    got  %s | %d\n    want %s | %d", v.name, got.Title, got.Year, v.title, v.year))
			}
		}
		total += len(vs)
		good += ok
		t.Logf("%s: %d of %d (%.1f%%) title+year exact", name, ok, len(vs), 100*float64(ok)/float64(len(vs)))
		if testing.Verbose() {
			for _, m := range misses {
				t.Log("  " + m)
			}
		}
	}
	rate := float64(good) / float64(total)
	t.Logf("all sets: %d of %d (%.1f%%) title+year exact", good, total, 100*rate)
	// 94.0% when written; of the misses, 15 are answers in the sets that are themselves wrong
	// (PTN leaves out years that are in the name; three go-parse-torrent-name goldens keep
	// brackets and dots in titles).
	if rate < 0.92 {
		t.Errorf("title+year exact-match rate %.1f%% is under 92%%", 100*rate)
	}
}
