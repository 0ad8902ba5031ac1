// Package sentiment scores how positive or negative a text is, locally and without a model:
// VADER (Hutto and Gilbert, 2014) for English, its lexicon and rules with Reel's additions for
// film reviews and dialogue (film.go), and the same rules over a Chinese lexicon matched by
// longest word. It scores subtitle cues, scenes, whole films
// (an arc across the running time) and the user's own reviews.
//
// The rules, as in VADER (english.go, and the same for Chinese):
//   - each lexicon word has a valence from -4 to +4;
//   - an intensifier within the three words before it ("very", "extremely"; 很, 非常) moves it
//     away from zero by 0.293, less the further back it is; a softener ("slightly") towards it;
//   - a negation within the three words before it ("not", "never", "isn't"; 不, 没, 别) flips it
//     and damps it (× -0.74);
//   - a word in capitals in a text that is not all capitals is emphasised (+0.733);
//   - after "but" (但是, 可是, 不过) words count 1.5×, before it 0.5×;
//   - each "!" (up to four) adds 0.292 in the direction of the sum; two or more "?" add up to 0.96;
//   - the sum is normalised to a compound score in [-1, 1]: x / sqrt(x² + 15).
//
// English adds what reviews and dialogue need (film.go): critics' words, inflections, negation
// to the end of its clause, more contrasts, reviewers' phrases, ratings, and genre words that
// are not verdicts. On rated review sentences it beats VADER measured the same way
// (eval_test.go).
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

// finish adds punctuation emphasis and normalises, as VADER does: each "!" (up to four) adds
// 0.292 in the direction of the sum; two or three "?" add 0.18 each, more than three 0.96.
func finish(vals []float64, text string) Score {
	var sum, pos, neg float64
	neu := 0
	for _, v := range vals {
		sum += v
		switch {
		case v > 0:
			pos += v + 1 // VADER counts each valence word one more, as a neutral word counts one
		case v < 0:
			neg += v - 1
		default:
			neu++
		}
	}
	if pos == 0 && neg == 0 {
		return Score{Neu: 1}
	}
	emph := float64(min(4, strings.Count(text, "!")+strings.Count(text, "！"))) * 0.292
	switch q := strings.Count(text, "?") + strings.Count(text, "？"); {
	case q > 3:
		emph += 0.96
	case q > 1:
		emph += float64(q) * 0.18
	}
	if sum > 0 {
		sum += emph
	} else if sum < 0 {
		sum -= emph
	}
	if pos > -neg {
		pos += emph
	} else if pos < -neg {
		neg -= emph
	}
	s := Score{Compound: max(-1, min(1, sum/math.Sqrt(sum*sum+alpha)))}
	total := pos - neg + float64(neu)
	s.Pos, s.Neg, s.Neu = pos/total, -neg/total, float64(neu)/total
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
