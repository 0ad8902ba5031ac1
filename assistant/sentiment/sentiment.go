// Package sentiment scores how positive or negative a text is, locally and without a model: a
// lexicon method in the style of VADER (Hutto and Gilbert, 2014) for English, and the same rules
// over a Chinese lexicon matched by longest word. It scores subtitle cues, scenes, whole films
// (an arc across the running time) and the user's own reviews.
//
// The rules, as in VADER:
//   - each lexicon word has a valence from -4 to +4;
//   - an intensifier within the three words before it ("very", "extremely"; 很, 非常) moves it
//     away from zero by 0.293, less the further back it is; a softener ("slightly") towards it;
//   - a negation within the three words before it ("not", "never", "isn't"; 不, 没, 别) flips it
//     and damps it (× -0.74);
//   - a word in capitals in a text that is not all capitals is emphasised (+0.733);
//   - after "but" (但是, 可是, 不过) words count 1.5×, before it 0.5×;
//   - each "!" (up to four) adds 0.292 in the direction of the sum; two or more "?" add up to 0.96;
//   - the sum is normalised to a compound score in [-1, 1]: x / sqrt(x² + 15).
package sentiment

import (
	"math"
	"strings"
	"time"
	"unicode"
)

// Score is a text's sentiment.
type Score struct {
	Compound float64 // -1 (most negative) to +1 (most positive)
	Pos      float64 // the shares of positive, negative and neutral words; they sum to 1
	Neg      float64
	Neu      float64
}

// Label says the score in a word, with VADER's usual thresholds (±0.05).
func (s Score) Label() string {
	switch {
	case s.Compound >= 0.05:
		return "positive"
	case s.Compound <= -0.05:
		return "negative"
	default:
		return "neutral"
	}
}

const (
	boostStep   = 0.293
	capsStep    = 0.733
	negateScale = -0.74
	alpha       = 15
)

// Text scores s, choosing the Chinese rules when it is mostly Han characters.
func Text(s string) Score {
	if isChinese(s) {
		return Chinese(s)
	}
	return English(s)
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func isChinese(s string) bool {
	han, letters := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return han > 0 && han*2 >= letters
}

// English scores an English text.
func English(s string) Score {
	words := englishWords(s)
	shouting := mixedCase(words)
	var vals []float64
	for i, w := range words {
		lw := strings.ToLower(w)
		v, ok := englishLexicon[lw]
		if !ok || boosters[lw] != 0 {
			vals = append(vals, 0)
			continue
		}
		if lw == "kind" && i+1 < len(words) && strings.EqualFold(words[i+1], "of") {
			vals = append(vals, 0) // "kind of" is a softener, not kindness
			continue
		}
		if shouting && isCaps(w) {
			v += math.Copysign(capsStep, v)
		}
		for back := 1; back <= 3 && i-back >= 0; back++ {
			prev := strings.ToLower(words[i-back])
			if b := boosters[prev]; b != 0 {
				scale := b * (1 - 0.05*float64(back-1))
				if shouting && isCaps(words[i-back]) {
					scale += math.Copysign(capsStep, b)
				}
				v += scale * sign(v)
			}
			if negated(prev) {
				v *= negateScale
			}
		}
		vals = append(vals, v)
	}
	butShift(vals, words, func(w string) bool { return strings.EqualFold(w, "but") })
	return finish(vals, s)
}

// englishWords splits s into words, keeping apostrophes inside them ("isn't") and dropping
// punctuation around them.
func englishWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’')
	})
}

func negated(w string) bool {
	w = strings.ReplaceAll(w, "’", "'")
	return negations[w] || strings.HasSuffix(w, "n't")
}

func mixedCase(words []string) bool {
	caps, all := 0, 0
	for _, w := range words {
		if len(w) < 2 {
			continue
		}
		all++
		if isCaps(w) {
			caps++
		}
	}
	return caps > 0 && caps < all
}

func isCaps(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}

// butShift weighs words before a contrast 0.5× and after it 1.5×.
func butShift(vals []float64, words []string, isBut func(string) bool) {
	at := -1
	for i, w := range words {
		if isBut(w) {
			at = i
			break
		}
	}
	if at < 0 {
		return
	}
	for i := range vals {
		switch {
		case i < at:
			vals[i] *= 0.5
		case i > at:
			vals[i] *= 1.5
		}
	}
}

// finish adds punctuation emphasis and normalises.
func finish(vals []float64, text string) Score {
	var sum, pos, neg float64
	neu := 0
	for _, v := range vals {
		sum += v
		switch {
		case v > 0:
			pos += v + 1
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}
	if sum != 0 {
		bangs := min(4, strings.Count(text, "!")+strings.Count(text, "！"))
		emph := float64(bangs) * 0.292
		if q := strings.Count(text, "?") + strings.Count(text, "？"); q > 1 {
			emph += min(0.96, float64(q)*0.18)
		}
		sum += math.Copysign(emph, sum)
		if sum > 0 {
			pos += emph
		} else {
			neg -= emph
		}
	}
	s := Score{Compound: sum / math.Sqrt(sum*sum+alpha)}
	total := pos - neg + float64(neu)
	if total > 0 {
		s.Pos, s.Neg, s.Neu = pos/total, -neg/total, float64(neu)/total
	} else {
		s.Neu = 1
	}
	s.Compound = math.Round(s.Compound*10000) / 10000
	return s
}

// Chinese scores a Chinese text: lexicon words found by longest match, with the same rules.
func Chinese(s string) Score {
	runes := []rune(s)
	var vals []float64
	var words []string
	for i := 0; i < len(runes); {
		w, v, kind := longest(runes, i)
		if w == "" {
			i++
			continue
		}
		words = append(words, w)
		val := 0.0
		if kind == wordSentiment {
			val = v
			// Look back over the three words before it.
			for back := 1; back <= 3 && len(words)-1-back >= 0; back++ {
				prev := words[len(words)-1-back]
				if b, ok := chineseBoosters[prev]; ok {
					val += b * (1 - 0.05*float64(back-1)) * sign(val)
				}
				if chineseNegations[prev] {
					val *= negateScale
				}
			}
		}
		vals = append(vals, val)
		i += len([]rune(w))
	}
	butShift(vals, words, func(w string) bool { return chineseButs[w] })
	return finish(vals, s)
}

type wordKind int

const (
	wordSentiment wordKind = iota
	wordModifier
)

// longest finds the longest lexicon, booster, negation or contrast word starting at i.
func longest(r []rune, i int) (string, float64, wordKind) {
	for n := min(4, len(r)-i); n >= 1; n-- {
		w := string(r[i : i+n])
		if v, ok := chineseLexicon[w]; ok {
			return w, v, wordSentiment
		}
		if _, ok := chineseBoosters[w]; ok || chineseNegations[w] || chineseButs[w] {
			return w, 0, wordModifier
		}
	}
	return "", 0, 0
}

// Timed is a scored span of a film: a cue, or a scene.
type Timed struct {
	Start, End time.Duration
	Text       string
}

// Point is one sample of a film's sentiment arc.
type Point struct {
	At       time.Duration // the middle of its stretch
	Compound float64       // the mean compound of the cues in the stretch, 0 without any
	Cues     int
}

// Arc splits a film of length dur into n equal stretches and gives each the mean sentiment of
// the cues that start in it, smoothed over its neighbours so one line does not make a spike.
func Arc(cues []Timed, dur time.Duration, n int) []Point {
	if n <= 0 || dur <= 0 {
		return nil
	}
	sums := make([]float64, n)
	counts := make([]int, n)
	for _, c := range cues {
		k := int(int64(c.Start) * int64(n) / int64(dur))
		if k < 0 || k >= n {
			continue
		}
		sums[k] += Text(c.Text).Compound
		counts[k]++
	}
	out := make([]Point, n)
	for k := range out {
		var s float64
		var c int
		for j := max(0, k-1); j <= min(n-1, k+1); j++ {
			s += sums[j]
			c += counts[j]
		}
		p := Point{At: dur * time.Duration(2*k+1) / time.Duration(2*n), Cues: counts[k]}
		if c > 0 {
			p.Compound = math.Round(s/float64(c)*1000) / 1000
		}
		out[k] = p
	}
	return out
}

// Mean is the average compound of the texts that carry any sentiment (0 for none): the mood of
// a scene or a film as a whole.
func Mean(texts []string) float64 {
	var sum float64
	n := 0
	for _, t := range texts {
		if c := Text(t).Compound; c != 0 {
			sum += c
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return math.Round(sum/float64(n)*1000) / 1000
}
