// Package keywords finds the words that characterise a text among others: TF-IDF over
// documents (a film's subtitles and plot among the library's films; a scene's lines among the
// film's scenes), with stop words dropped per language, no model needed.
//
// Tokens: Latin-script words are lower-cased, accents kept, apostrophe endings ("'s", "n't")
// cut, words under three letters and numbers dropped, and an English plural "s" folded when
// the singular is also in the document set. Han text has no spaces: it is split into
// overlapping two-character words (bigrams), the usual choice without a dictionary, and
// single-character stop words break the runs.
package keywords

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Term is a keyword and its weight.
type Term struct {
	Word  string  `json:"word"`
	Score float64 `json:"score"`
}

// Tokens splits text into the words keyword scoring counts.
func Tokens(text string) []string {
	var out []string
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) == 0 {
			return
		}
		w := strings.ToLower(string(word))
		word = word[:0]
		for _, suffix := range []string{"'s", "’s", "n't", "n’t", "'ll", "'re", "'ve", "'d", "'m"} {
			w = strings.TrimSuffix(w, suffix)
		}
		w = strings.Trim(w, "'’")
		if len([]rune(w)) < 3 || stopwords[w] || isNumber(w) {
			return
		}
		out = append(out, w)
	}
	flushHan := func() {
		for i := 0; i+1 < len(han); i++ {
			bg := string(han[i : i+2])
			if !chineseStop[bg] {
				out = append(out, bg)
			}
		}
		han = han[:0]
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			if chineseStopChars[r] {
				flushHan()
				continue
			}
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’' || r == '-' && len(word) > 0:
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Corpus counts in how many documents each word appears.
type Corpus struct {
	docs int
	df   map[string]int
}

// NewCorpus makes an empty corpus.
func NewCorpus() *Corpus { return &Corpus{df: map[string]int{}} }

// Add counts one document's tokens.
func (c *Corpus) Add(tokens []string) {
	c.docs++
	seen := map[string]bool{}
	for _, t := range tokens {
		if !seen[t] {
			seen[t] = true
			c.df[t]++
		}
	}
}

// Docs is the number of documents added.
func (c *Corpus) Docs() int { return c.docs }

// Top returns the n words of doc (its tokens) with the highest TF-IDF against the corpus, best
// first; ties go to the alphabetically first word, so the answer is stable. doc should have
// been added to the corpus.
func (c *Corpus) Top(doc []string, n int) []Term {
	tf := map[string]int{}
	for _, t := range doc {
		tf[t]++
	}
	// Fold an English plural into its singular when both occur ("ships" → "ship").
	for w, k := range tf {
		if s := strings.TrimSuffix(w, "s"); s != w && tf[s] > 0 {
			tf[s] += k
			delete(tf, w)
		}
	}
	docs := float64(max(c.docs, 1))
	var terms []Term
	for w, k := range tf {
		df := float64(max(c.df[w], 1))
		idf := math.Log(1 + docs/df)
		// Sub-linear term frequency: a word said twenty times is not twenty times as telling.
		score := (1 + math.Log(float64(k))) * idf
		terms = append(terms, Term{Word: w, Score: math.Round(score*1000) / 1000})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].Score != terms[j].Score {
			return terms[i].Score > terms[j].Score
		}
		return terms[i].Word < terms[j].Word
	})
	if len(terms) > n {
		terms = terms[:n]
	}
	return terms
}

// Words is the words of terms.
func Words(terms []Term) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		out[i] = t.Word
	}
	return out
}

// Stop says w (lower case) is a word too common to be a keyword.
func Stop(w string) bool { return stopwords[w] }
