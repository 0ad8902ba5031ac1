package sentiment

import (
	_ "embed"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// vaderLexicon is VADER's lexicon (MIT, see LICENSE-VADER.txt): 7,500 words, emoticons and
// slang, each with the mean valence ten raters gave it on a scale of -4 to +4.
//
//go:embed vader_lexicon.txt
var vaderLexicon string

// englishLexicon is VADER's lexicon with Reel's film and review words over it (film.go).
var englishLexicon, vaderOnly = loadLexicons()

func loadLexicons() (withFilm, vader map[string]float64) {
	vader = make(map[string]float64, 7600)
	for line := range strings.SplitSeq(vaderLexicon, "\n") {
		word, val, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			panic(fmt.Sprintf("sentiment: VADER lexicon: %q: %v", line, err)) // the embedded file is broken
		}
		vader[word] = v
	}
	withFilm = maps.Clone(vader)
	maps.Copy(withFilm, filmWords)
	return withFilm, vader
}

// The constants of VADER's rules, from its paper.
const (
	boostStep   = 0.293 // a booster's push, away from zero; a dampener's towards it
	capsStep    = 0.733 // a word in capitals in a text that is not all capitals
	negateScale = -0.74 // a negated word flips and loses a quarter of its strength
	neverSoStep = 1.25  // "never so good", "never this good": more, not less
	butScale    = 0.5   // before a contrast ×0.5, after it ×1.5
	alpha       = 15    // the normaliser x / sqrt(x² + alpha)
)

var vaderBoosters = func() map[string]float64 {
	m := map[string]float64{}
	for _, w := range strings.Fields(`absolutely amazingly awfully completely considerable considerably
		decidedly deeply effing enormous enormously entirely especially exceptional exceptionally
		extreme extremely fabulously flipping flippin frackin fracking fricking frickin frigging
		friggin fully fuckin fucking fuggin fugging greatly hella highly hugely incredible
		incredibly intensely major majorly more most particularly purely quite really remarkably so
		substantially thoroughly total totally tremendous tremendously uber unbelievably unusually
		utter utterly very`) {
		m[w] = boostStep
	}
	for _, w := range strings.Fields(`almost barely hardly kinda kindof kind-of less little marginal
		marginally occasional occasionally partly scarce scarcely slight slightly somewhat sorta
		sortof sort-of`) {
		m[w] = -boostStep
	}
	for _, w := range []string{"just enough", "kind of", "sort of"} {
		m[w] = -boostStep
	}
	return m
}()

// allBoosters are VADER's boosters and Reel's.
var allBoosters = func() map[string]float64 {
	m := maps.Clone(vaderBoosters)
	maps.Copy(m, filmBoosters)
	return m
}()

func boosters(rs ruleSet) map[string]float64 {
	if rs.film {
		return allBoosters
	}
	return vaderBoosters
}

// vaderNegations are the words that negate a valence word up to three words after them; any
// word with "n't" in it does too.
var vaderNegations = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`aint arent cannot cant couldnt darent didnt doesnt ain't aren't
		can't couldn't daren't didn't doesn't dont hadnt hasnt havent isnt mightnt mustnt neither
		don't hadn't hasn't haven't isn't mightn't mustn't neednt needn't never none nope nor not
		nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh
		wasn't weren't without wont wouldnt won't wouldn't rarely seldom despite`) {
		m[w] = true
	}
	return m
}()

// vaderIdioms replace the valence of the word they end on (or start on).
var vaderIdioms = map[string]float64{
	"the shit": 3, "the bomb": 3, "bad ass": 1.5, "badass": 1.5, "bus stop": 0,
	"yeah right": -2, "kiss of death": -1.5, "to die for": 3,
	"beating heart": 3.1, "broken heart": -2.9,
}

// ruleSet picks VADER's rules as published, or those with Reel's additions.
type ruleSet struct {
	film bool // film words, clean tokens, negation to the end of the clause, more contrasts
}

var (
	vaderRules = ruleSet{}
	reelRules  = ruleSet{film: true}
)

// English scores an English text: VADER's lexicon and rules, with Reel's additions for film
// dialogue and reviews (film.go).
func English(s string) Score {
	return english(s, reelRules)
}

// word is one token of a text.
type word struct {
	text  string // as written, less the punctuation around it
	lower string
	stop  bool // a clause ends after it (, ; : . ! ? or a dash)
}

// english scores s with the given rules.
func english(s string, rs ruleSet) Score {
	lexicon := vaderOnly
	if rs.film {
		lexicon = englishLexicon
		s = cleanText(s)
	}
	words := tokens(s, lexicon, rs)
	if rs.film {
		words = rewrite(words, lexicon)
	}
	if len(words) == 0 {
		return Score{Neu: 1}
	}
	capDiff := capsDifferential(words)
	vals := make([]float64, len(words))
	for i, w := range words {
		if _, ok := boosters(rs)[w.lower]; ok && !(rs.film && predicate(words, i, lexicon)) {
			continue
		}
		if w.lower == "kind" && i+1 < len(words) && words[i+1].lower == "of" {
			continue
		}
		v, ok := lexicon[w.lower]
		if !ok && rs.film {
			v, ok = filmValence(words, i, lexicon)
		}
		if !ok || (rs.film && (topicWords[w.lower] || prepositionLike(words, i) || adverbBooster(words, i, lexicon))) {
			continue
		}
		vals[i] = valence(words, i, v, capDiff, lexicon, rs)
		if rs.film && subjectWords[w.lower] {
			vals[i] *= subjectScale
		}
		if rs.film && vals[i] < 0 {
			vals[i] *= negativeWeight
		}
	}
	if rs.film {
		filmContrast(words, vals)
	} else {
		butCheck(words, vals)
	}
	return finish(vals, s)
}

// valence is the valence of the lexicon word at i, after the rules of the words before it.
func valence(words []word, i int, v float64, capDiff bool, lexicon map[string]float64, rs ruleSet) float64 {
	low := func(j int) string { return words[j].lower }
	base := v
	if low(i) == "no" && i+1 < len(words) && inLexicon(lexicon, low(i+1)) {
		v = 0 // "no" before a valence word is a determiner ("no problem"): its word decides
	}
	// "no" k words back negates; under Reel's rules only within the clause, and not another
	// "no" ("No, no, no!", "No, it's fine.").
	noBack := func(k int) bool {
		if i-k < 0 || low(i-k) != "no" {
			return false
		}
		if rs.film {
			if low(i) == "no" {
				return false
			}
			for j := i - k; j < i; j++ {
				if words[j].stop {
					return false
				}
			}
		}
		return true
	}
	if noBack(1) || noBack(2) || (noBack(3) && (low(i-1) == "or" || low(i-1) == "nor")) {
		v = base * negateScale
	}
	if capDiff && isUpper(words[i].text) {
		if v > 0 {
			v += capsStep
		} else {
			v -= capsStep
		}
	}
	negatedNear := false
	for back := 0; back < 3; back++ {
		j := i - (back + 1)
		if j < 0 {
			break
		}
		if rs.film && words[j].stop {
			break // Reel: a modifier before the end of a clause does not reach across it
		}
		if inLexicon(lexicon, low(j)) {
			continue
		}
		s := boosterPush(words[j], v, capDiff, boosters(rs))
		if rs.film && s == 0 && j == i-1 && adverbBooster(words, j, lexicon) {
			s = math.Copysign(boostStep, v) // "painfully funny", "hauntingly beautiful"
		}
		if back == 1 {
			s *= 0.95
		} else if back == 2 {
			s *= 0.9
		}
		v += s
		var n bool
		v, n = negationCheck(v, words, back, i)
		negatedNear = negatedNear || n
		if back == 2 {
			v = idioms(v, words, i)
		}
	}
	if rs.film && !negatedNear {
		v = farNegation(v, words, i, lexicon)
	}
	v = leastCheck(v, words, i, lexicon)
	if rs.film && notEnough(words, i) {
		v = -math.Abs(v)
	}
	if rs.film && v > 0 && i > 0 && words[i-1].lower == "less" && !words[i-1].stop {
		v *= negateScale // "less funny than the original"
	}
	if rs.film && v > 0 && sarcasticMeasure(words, i) {
		v *= negateScale // "all the excitement of eating oatmeal", "about as exciting as a sunburn"
	}
	return v
}

func inLexicon(lexicon map[string]float64, w string) bool {
	_, ok := lexicon[w]
	return ok
}

// boosterPush is what a booster or dampener before a valence word adds to it.
func boosterPush(w word, v float64, capDiff bool, boost map[string]float64) float64 {
	b, ok := boost[w.lower]
	if !ok {
		return 0
	}
	if v < 0 {
		b = -b
	}
	if capDiff && isUpper(w.text) {
		if v > 0 {
			b += capsStep
		} else {
			b -= capsStep
		}
	}
	return b
}

// negationCheck applies a negation back words before i (0 is the word just before); it reports
// whether one was found.
func negationCheck(v float64, words []word, back, i int) (float64, bool) {
	low := func(j int) string { return words[j].lower }
	switch back {
	case 0:
		if isNegation(low(i - 1)) {
			return v * negateScale, true
		}
	case 1:
		switch {
		case low(i-2) == "never" && (low(i-1) == "so" || low(i-1) == "this"):
			return v * neverSoStep, true
		case low(i-2) == "without" && low(i-1) == "doubt":
			return v, true
		case isNegation(low(i - 2)):
			return v * negateScale, true
		}
	case 2:
		switch {
		case low(i-3) == "never" && (low(i-2) == "so" || low(i-2) == "this" || low(i-1) == "so" || low(i-1) == "this"):
			return v * neverSoStep, true
		case low(i-3) == "without" && (low(i-2) == "doubt" || low(i-1) == "doubt"):
			return v, true
		case isNegation(low(i - 3)):
			return v * negateScale, true
		}
	}
	return v, false
}

func isNegation(w string) bool {
	return vaderNegations[w] || strings.Contains(w, "n't")
}

// idioms replaces the valence of a word that ends or starts one of VADER's idioms, and applies
// the two-word dampeners ("kind of", "sort of").
func idioms(v float64, words []word, i int) float64 {
	low := func(j int) string { return words[j].lower }
	seqs := []string{
		low(i-1) + " " + low(i),
		low(i-2) + " " + low(i-1) + " " + low(i),
		low(i-2) + " " + low(i-1),
		low(i-3) + " " + low(i-2) + " " + low(i-1),
		low(i-3) + " " + low(i-2),
	}
	for _, s := range seqs {
		if iv, ok := vaderIdioms[s]; ok {
			v = iv
			break
		}
	}
	if i+1 < len(words) {
		if iv, ok := vaderIdioms[low(i)+" "+low(i+1)]; ok {
			v = iv
		}
	}
	if i+2 < len(words) {
		if iv, ok := vaderIdioms[low(i)+" "+low(i+1)+" "+low(i+2)]; ok {
			v = iv
		}
	}
	for _, s := range []string{seqs[3], seqs[4], seqs[2]} {
		if b, ok := vaderBoosters[s]; ok {
			v += b
		}
	}
	return v
}

// leastCheck negates a word after "least", except in "at least" and "very least".
func leastCheck(v float64, words []word, i int, lexicon map[string]float64) float64 {
	if i > 0 && words[i-1].lower == "least" && !inLexicon(lexicon, "least") {
		if i > 1 && (words[i-2].lower == "at" || words[i-2].lower == "very") {
			return v
		}
		return v * negateScale
	}
	return v
}

// butCheck is VADER's contrast: words before the first "but" count half, after it 1.5×.
func butCheck(words []word, vals []float64) {
	for at, w := range words {
		if w.lower == "but" {
			shift(vals, at)
			return
		}
	}
}

func shift(vals []float64, at int) {
	for i := range vals {
		switch {
		case i < at:
			vals[i] *= 1 - butScale
		case i > at:
			vals[i] *= 1 + butScale
		}
	}
}

// capsDifferential says whether some but not all words are in capitals.
func capsDifferential(words []word) bool {
	caps := 0
	for _, w := range words {
		if isUpper(w.text) {
			caps++
		}
	}
	return caps > 0 && caps < len(words)
}

// isUpper is Python's str.isupper: a cased letter, and none in lower case.
func isUpper(s string) bool {
	cased := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			cased = true
		}
	}
	return cased
}

const vaderPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// clauseMarks end a clause after the word they follow (cleanText has turned dashes into "-").
const clauseMarks = ",;:.!?-"

// tokens splits a text at white space. VADER strips the punctuation around a token unless that
// leaves two characters or fewer (an emoticon such as ":)" or ":D"); Reel strips it from every
// token that is not an emoticon in the lexicon, and marks where clauses end.
func tokens(s string, lexicon map[string]float64, rs ruleSet) []word {
	var out []word
	for _, f := range strings.Fields(s) {
		stripped := strings.Trim(f, vaderPunctuation)
		if !rs.film {
			t := stripped
			if utf8.RuneCountInString(stripped) <= 2 {
				t = f
			}
			out = append(out, word{text: t, lower: strings.ToLower(t)})
			continue
		}
		if _, emoticon := lexicon[strings.ToLower(f)]; emoticon && stripped != f {
			out = append(out, word{text: f, lower: strings.ToLower(f)})
			continue
		}
		if stripped == "" {
			if len(out) > 0 && strings.ContainsAny(f, clauseMarks) {
				out[len(out)-1].stop = true
			}
			continue
		}
		w := word{text: stripped, lower: strings.ToLower(stripped)}
		tail := f[strings.LastIndex(f, stripped)+len(stripped):]
		w.stop = strings.ContainsAny(tail, clauseMarks)
		out = append(out, w)
	}
	return out
}
