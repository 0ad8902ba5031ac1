package index

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/reel-app/reel/index/indextest"
	"github.com/reel-app/reel/index/release"
)

// nameVector is a film file name from another parser's test suite, with the title and year that
// suite expects (testdata/names/SOURCES.md).
type nameVector struct {
	name, title string
	year        int
	anyCase     bool // the suite lowercases or title-cases its titles
	yearAsked   bool // the suite checks the year (an empty year then means none)
	source      string
	set         string // the file it is in
}

// readNameVectors reads the sets in testdata/names, or the file REEL_NAME_VECTORS names (a set
// in the same layout that is not shipped, such as a held-back one).
func readNameVectors(t *testing.T) []nameVector {
	t.Helper()
	paths, _ := filepath.Glob("testdata/names/*.tsv")
	if p := os.Getenv("REEL_NAME_VECTORS"); p != "" {
		paths = []string{p}
	}
	var out []nameVector
	for _, p := range paths {
		set := strings.TrimSuffix(filepath.Base(p), ".tsv")
		for _, v := range readNameFile(t, p) {
			v.set = set
			out = append(out, v)
		}
	}
	return out
}

func readNameFile(t *testing.T, path string) []nameVector {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []nameVector
	sc := bufio.NewScanner(f)
	for n := 0; sc.Scan(); n++ {
		if n == 0 {
			continue // the header
		}
		parts := strings.Split(sc.Text(), "\t")
		if len(parts) != 4 {
			t.Fatalf("%s:%d: %d fields", path, n+1, len(parts))
		}
		v := nameVector{name: parts[0], title: parts[1], source: parts[3], yearAsked: true}
		if parts[2] != "" {
			if v.year, err = strconv.Atoi(parts[2]); err != nil {
				t.Fatalf("%s:%d: %v", path, n+1, err)
			}
		}
		flags := strings.Split(parts[3], ":")
		v.source = flags[0]
		for _, fl := range flags[1:] {
			switch fl {
			case "lowercase", "titlecase":
				v.anyCase = true
			case "year-unchecked":
				v.yearAsked = false
			}
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// layout puts a release where a library would have it.
type layout struct {
	name string
	path func(v nameVector) (string, bool) // false: the layout does not apply
}

// sceneName is the short name scene groups give the file inside a release folder: the group's
// abbreviation and the title's initials ("dmd-aw.avi" for Alice in Wonderland by DiAMOND).
func sceneName(v nameVector) string {
	group := strings.ToLower(release.Parse(v.name).Group)
	if len(group) > 3 {
		group = group[:3]
	}
	if group == "" {
		group = "x"
	}
	var initials strings.Builder
	for _, w := range strings.FieldsFunc(v.title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		initials.WriteRune(unicode.ToLower([]rune(w)[0]))
	}
	return group + "-" + initials.String()
}

var layouts = []layout{
	{"file in the library folder", func(v nameVector) (string, bool) {
		return v.name, true
	}},
	{"release folder, same name", func(v nameVector) (string, bool) {
		return filepath.Join(strings.TrimSuffix(v.name, filepath.Ext(v.name)), v.name), true
	}},
	{"Title (Year) folder", func(v nameVector) (string, bool) {
		if v.year == 0 || v.anyCase {
			return "", false // the folder would be the answer, in a case the suite does not give
		}
		return filepath.Join(fmt.Sprintf("%s (%d)", v.title, v.year), v.name), true
	}},
	{"release folder, obfuscated file", func(v nameVector) (string, bool) {
		return filepath.Join(strings.TrimSuffix(v.name, filepath.Ext(v.name)), sceneName(v)+filepath.Ext(v.name)), true
	}},
	{"release folder, CD1, obfuscated file", func(v nameVector) (string, bool) {
		return filepath.Join(strings.TrimSuffix(v.name, filepath.Ext(v.name)), "CD1", sceneName(v)+"-cd1"+filepath.Ext(v.name)), true
	}},
}

// Film names from other parsers' test suites (not the sets the parser was written against),
// laid out the ways libraries hold them and scanned: the title and title+year rates.
func TestNamesLaidOutAsALibrary(t *testing.T) {
	vectors := readNameVectors(t)
	lib := indextest.New(t)
	type placed struct {
		v      nameVector
		layout string
	}
	want := map[string]placed{}
	for i, v := range vectors {
		for _, l := range layouts {
			rel, ok := l.path(v)
			if !ok {
				continue
			}
			// One library folder per layout and vector, so no two films share a folder.
			rel = filepath.Join(fmt.Sprintf("%s/%03d", strings.ReplaceAll(l.name, " ", "-"), i), rel)
			want[lib.Film(rel)] = placed{v, l.name}
		}
	}
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	films, err := sc.Store.Films(false)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ n, title, both int }
	byLayout, bySource, bySet := map[string]*tally{}, map[string]*tally{}, map[string]*tally{}
	var all tally
	var misses []string
	for _, f := range films {
		p, ok := want[f.Path]
		if !ok {
			t.Errorf("scanned %s, which the test did not write", f.Path)
			continue
		}
		delete(want, f.Path)
		// Suites that lowercase or title-case their answers also drop their punctuation.
		titleOK := f.Title == p.v.title || p.v.anyCase && titleKey(f.Title) == titleKey(p.v.title)
		yearOK := !p.v.yearAsked || f.Year == p.v.year
		for _, tl := range []*tally{&all, get(byLayout, p.layout), get(bySource, p.v.source), get(bySet, p.v.set)} {
			tl.n++
			if titleOK {
				tl.title++
				if yearOK {
					tl.both++
				}
			}
		}
		if !titleOK || !yearOK {
			rel, _ := filepath.Rel(lib.Root, f.Path)
			misses = append(misses, fmt.Sprintf("%s\n      got %q %d, want %q %d", rel, f.Title, f.Year, p.v.title, p.v.year))
		}
	}
	for path := range want {
		t.Errorf("%s was not scanned", path)
	}
	report := func(what string, m map[string]*tally) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tl := m[k]
			t.Logf("  %-40s %4d  title %5.1f%%  title+year %5.1f%%", what+" "+k, tl.n, pct(tl.title, tl.n), pct(tl.both, tl.n))
		}
	}
	report("layout", byLayout)
	report("source", bySource)
	report("set", bySet)
	t.Logf("all %d paths from %d names: title %.1f%%, title+year %.1f%%", all.n, len(vectors), pct(all.title, all.n), pct(all.both, all.n))
	if testing.Verbose() {
		sort.Strings(misses)
		for _, m := range misses {
			t.Log("  miss: " + m)
		}
	}
	if pct(all.both, all.n) < 90 {
		t.Errorf("title+year rate %.1f%%, want at least 90%%", pct(all.both, all.n))
	}
}

func get[T any](m map[string]*T, k string) *T {
	if m[k] == nil {
		m[k] = new(T)
	}
	return m[k]
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
