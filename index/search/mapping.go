// Package search is the library's Bleve index: a cache of the store that finds films by title,
// original title, people, plot, genres and tags, and lines of dialogue by their words. Deleting
// it loses nothing; it is rebuilt from the store when its mapping version changes, when it
// cannot be opened, or when it has fallen behind the store (a process killed between the two).
//
// Two indexes live side by side in one folder:
//
// films.bleve, one document per film (id = film id):
//
//	title, original  text, "reel_text": Unicode words, accents folded (Léon = Leon), lower case,
//	                 elided articles dropped (d'Amélie = Amélie), compounds also joined
//	                 (Spider-Man = spider man = spiderman, WALL·E = wall e), see compound.go
//	title_exact      keyword: the whole title normalised (folded, lower case, punctuation and
//	                 spaces squeezed), so an exact title match ranks first
//	people           text, reel_text: directors, writers, actors and their roles
//	plot             text, "reel_en": reel_text plus English stop words and Porter stemming
//	genres, tags     keyword, lower case (facets and filters)
//	year             number (decade filter)
//
// lines.bleve, one document per subtitle line (id = film id/n):
//
//	film             keyword; start, end: numbers (seconds)
//	text             text, reel_en, stored for highlighted fragments
//	text_cjk         text, Bleve's cjk analyzer (bigrams), for Chinese and Japanese lines
//	lang             keyword
//
// Every query names its fields, and nothing is sorted or faceted in the index: no field keeps
// doc values or is copied into Bleve's _all field (mapping version 3; that made the lines index
// of 10,000 films 41 % smaller, 95 → 56 MB, and opening it lighter).
package search

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// MappingVersion changes whenever the mappings below change; an index of another version is
// rebuilt.
const MappingVersion = 4 // 2: scene notes in the lines index (kind); 3: no doc values, no _all; 4: compounds and elision

const (
	textAnalyzer = "reel_text"
	enAnalyzer   = "reel_en"
)

func addAnalyzers(m *mapping.IndexMappingImpl) error {
	if err := m.AddCustomAnalyzer(textAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name, hyphenFilter},
		"tokenizer":     unicodetok.Name,
		"token_filters": []string{lowercase.Name, pairsFilter},
	}); err != nil {
		return err
	}
	return m.AddCustomAnalyzer(enAnalyzer, map[string]any{
		"type":          custom.Name,
		"char_filters":  []string{asciifolding.Name, hyphenFilter},
		"tokenizer":     unicodetok.Name,
		"token_filters": []string{"possessive_en", lowercase.Name, wordsFilter, "stop_en", porter.Name},
	})
}

// Every field is searched by name (query.go), never sorted or faceted on: no field keeps doc
// values or goes into the _all field. Both are on by default in Bleve, and for the lines index
// (hundreds of thousands of lines) they were a third of its size and most of what opening it
// brought into memory.

func textField(analyzer string, store bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = store // the highlighter needs them
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func numericField(store bool) *mapping.FieldMapping {
	f := bleve.NewNumericFieldMapping()
	f.Store = store
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func filmMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("title", textField(textAnalyzer, false))
	doc.AddFieldMappingsAt("original", textField(textAnalyzer, false))
	doc.AddFieldMappingsAt("title_exact", keywordField())
	doc.AddFieldMappingsAt("people", textField(textAnalyzer, false))
	doc.AddFieldMappingsAt("plot", textField(enAnalyzer, false))
	doc.AddFieldMappingsAt("genres", keywordField())
	doc.AddFieldMappingsAt("tags", keywordField())
	doc.AddFieldMappingsAt("year", numericField(false))
	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	return m, nil
}

func lineMapping() (mapping.IndexMapping, error) {
	m := bleve.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	doc := bleve.NewDocumentStaticMapping()
	film := keywordField()
	film.Store = true // a hit names its film
	doc.AddFieldMappingsAt("film", film)
	doc.AddFieldMappingsAt("lang", keywordField())
	kind := keywordField()
	kind.Store = true // "note" for a scene note; absent for a line of dialogue
	doc.AddFieldMappingsAt("kind", kind)
	doc.AddFieldMappingsAt("text", textField(enAnalyzer, true))
	doc.AddFieldMappingsAt("text_cjk", textField("cjk", true))
	for _, n := range []string{"start", "end"} {
		doc.AddFieldMappingsAt(n, numericField(true))
	}
	m.DefaultMapping = doc
	m.DefaultAnalyzer = enAnalyzer
	return m, nil
}

// Normalize folds a title for exact comparison: accents removed, lower case, anything but
// letters and digits turned into single spaces. "Léon: The Professional" and "leon the
// professional" normalise alike, as do "Spider-Man" and "spider man".
func Normalize(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, s)
	if err != nil {
		folded = s
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(folded) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
