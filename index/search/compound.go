package search

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Compounds and elision, for the text analyzers:
//
//   - the char filter reel_hyphen turns a hyphen between two letters or digits into a colon,
//     which Unicode word segmentation keeps inside a word as it keeps a middle dot (the byte
//     length is the same, so the offsets the highlighter uses still hold): "Spider-Man", "X-Men"
//     and "WALL·E" come to the token filter as one token each;
//   - the token filter reel_words, after lower case, drops an article or preposition elided
//     onto the next word as French and Italian write them (l'amour, d'Amélie, qu'il,
//     dell'amore, c'est), then splits a word at its colons, middle dots and inner full stops
//     into its parts and adds the parts joined ("spider", "man", "spiderman"; "wall", "e",
//     "walle"; "s.h.i.e.l.d" gives "shield"): the name is found with its hyphen, with a space
//     or as one word;
//   - reel_pairs, for titles, original titles and people, also joins every two neighbouring
//     words, so a title written "Spider Man" is found as "spiderman".
//
// A joined word is marked analysis.Shingle, so a query can leave it out of its words; a query
// tries its own neighbouring words joined (see wordVariants), which finds "Spiderman" written as
// one word from "spider man".
const (
	hyphenFilter = "reel_hyphen"
	wordsFilter  = "reel_words"
	pairsFilter  = "reel_pairs"
)

func init() {
	registry.RegisterCharFilter(hyphenFilter, func(map[string]any, *registry.Cache) (analysis.CharFilter, error) {
		return hyphenCharFilter{}, nil
	})
	registry.RegisterTokenFilter(wordsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return wordsTokenFilter{}, nil
	})
	registry.RegisterTokenFilter(pairsFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return wordsTokenFilter{pairs: true}, nil
	})
}

type hyphenCharFilter struct{}

func (hyphenCharFilter) Filter(in []byte) []byte {
	if bytes.IndexByte(in, '-') < 0 {
		return in
	}
	out := append([]byte(nil), in...)
	for i := 1; i < len(out)-1; i++ {
		if out[i] != '-' {
			continue
		}
		before, _ := utf8.DecodeLastRune(out[:i])
		after, _ := utf8.DecodeRune(out[i+1:])
		if isWordRune(before) && isWordRune(after) {
			out[i] = ':'
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Elided articles and prepositions of French and Italian.
var elided = map[string]bool{
	"l": true, "d": true, "j": true, "m": true, "n": true, "s": true, "t": true, "c": true,
	"qu": true, "lorsqu": true, "puisqu": true, "jusqu": true, "quoiqu": true, "presqu": true,
	"dell": true, "dall": true, "nell": true, "sull": true, "all": true, "coll": true,
	"dagl": true, "degl": true, "negl": true, "sugl": true, "un": true, "quell": true, "quest": true,
}

type wordsTokenFilter struct{ pairs bool }

func (f wordsTokenFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(in)+len(in)/8)
	var prev *analysis.Token
	for _, t := range in {
		t.Term = unelide(t.Term)
		parts := splitInner(t.Term)
		if len(parts) > 1 {
			// The parts take the word's place, and the word joined takes it too.
			var joined []byte
			for _, p := range parts {
				joined = append(joined, p...)
			}
			for _, p := range parts {
				out = append(out, &analysis.Token{Term: p, Start: t.Start, End: t.End, Position: t.Position, Type: t.Type})
			}
			out = append(out, &analysis.Token{Term: joined, Start: t.Start, End: t.End, Position: t.Position, Type: analysis.Shingle})
			t = out[len(out)-2] // the last part is the next word's neighbour
		} else {
			out = append(out, t)
		}
		if f.pairs && prev != nil {
			out = append(out, &analysis.Token{Term: append(append([]byte(nil), prev.Term...), t.Term...),
				Start: prev.Start, End: t.End, Position: prev.Position, Type: analysis.Shingle})
		}
		prev = t
	}
	return out
}

// unelide drops an elided article or preposition ("l'", "d'", "dell'") from the front of a
// word.
func unelide(term []byte) []byte {
	for i, r := range string(term) {
		if r == '\'' || r == '’' {
			size := utf8.RuneLen(r)
			if i > 0 && i+size < len(term) && elided[string(term[:i])] {
				return term[i+size:]
			}
			return term
		}
		if i > 6 {
			return term
		}
	}
	return term
}

// splitInner splits a word at the colons, middle dots and full stops that Unicode segmentation
// keeps inside words.
func splitInner(term []byte) [][]byte {
	if bytes.IndexAny(term, ":.·") < 0 {
		return nil
	}
	var parts [][]byte
	start := 0
	for i, r := range string(term) {
		if r == ':' || r == '.' || r == '·' {
			if i > start {
				parts = append(parts, term[start:i])
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(term) {
		parts = append(parts, term[start:])
	}
	return parts
}
