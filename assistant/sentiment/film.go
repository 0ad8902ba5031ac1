package sentiment

import (
	"math"
	"strconv"
	"strings"
)

// Reel's additions to VADER for what film reviews and dialogue need. VADER was built for social
// media: it lacks most of a critic's words ("predictable", "overlong", "gripping"), sees
// negation only up to three words back, knows one contrast ("but"), and reads "like" and
// "comedy" as praise. The additions, each measured on rated review sentences (eval_test.go):
//   - film words, valenced by hand on VADER's scale (filmWords), over VADER's own;
//   - inflections of lexicon words that the lexicon lacks ("predictably", "clichés"), a
//     negating prefix ("unfunny"), and hyphenated words ("well-honed", "mean-spirited");
//   - negation reaches to the end of its clause ("not a film that anyone will enjoy"), and no
//     modifier reaches across a comma, semicolon or dash;
//   - reviewers' phrases (phrases): "could have been great", "nothing short of superb",
//     "don't waste your time", "fails to amuse", "all the excitement of eating oatmeal";
//   - "too" before a word that is not a valence word is a complaint ("too long"), "less" before
//     a good word negates it, and an adverb of a bad word intensifies ("painfully funny");
//   - contrast: the last of "but", "however", "yet", "though" weighs the words after it, and a
//     clause opened by "although", "though" or "while" gives way to the one after it;
//   - ratings ("8/10", "2 out of 10", "4 stars") are verdicts, and "not funny enough" complains;
//   - what reads negative weighs 1.3× what reads positive, as in SO-CAL (negativeWeight);
//   - genres and parts of a film ("romantic comedy", "special effects", "credits") are not,
//     and what a film is about (a murder, a war, a grief) counts for less than what judges it;
//   - text as critics' corpora write it: curly quotes, split contractions ("does n't").

// filmWords are film and review words VADER lacks, valenced by hand on its scale (good is 1.9,
// great 3.1, bad -2.5, dull -1.7). A word also used plainly in dialogue ("slow", "average")
// gets a mild valence.
var filmWords = lex(map[float64]string{
	3.0: `finest masterful masterfully masterwork masterworks tour-de-force sublime spellbinding transcendent
		unforgettable must-see extraordinary phenomenal impeccable flawlessly exquisite exquisitely
		stellar superlative`,
	2.6: `riveting mesmerizing mesmerising enthralling dazzling luminous first-rate top-notch
		superbly gripping captivating incredible exceptional astonishing sensational spectacular
		electrifying genius marvellous astounding`,
	2.2: `engrossing compelling poignant memorable refreshing witty inventive imaginative stylish
		moving touching deft deftly insightful absorbing suspenseful evocative resonant rousing
		uproarious endearing beguiling gorgeously seamless gem standout powerhouse tremendous
		legendary charismatic hypnotic skillful skilful skilled achievement appealing hilarity
		charisma`,
	1.6: `watchable nuanced affecting authentic humane tender thought-provoking well-made well-acted
		well-crafted well-written well-done well-paced well-observed taut crisp assured likable
		likeable unpretentious understated savvy incisive lyrical intriguing involving entertains
		charms rewarding classic believable credible striking bracing magnetic wry droll
		accomplished revealing riveted rocks flair resonance luminary artful artfully
		well-honed`,
	1.5:  `redeeming pretty pure`,
	1.0:  `solid competent serviceable decent sturdy slick accessible`,
	0.5:  `bittersweet wistful elegiac`,
	-0.6: `generic workmanlike slow slowly leisurely sleepy`,
	-1.0: `thin uneven flat sentimental overlong schematic choppy convoluted implausible wooden flimsy
		obvious harrowing wrenching gut-wrenching heart-wrenching unremarkable middling so-so
		perfunctory pedestrian prosaic rote languid glacial repetitious sour dour bleak drab
		zany goofy corny hokey campy kitschy sugary syrupy treacly glib facile superficial hollow
		inconsistent intermittent misguided gratuitous baffling bewildering perplexing murky opaque hype overheated sitcom
		filler`,
	-1.5: `predictable predictably cliched clichéd cliche cliché cliches clichés formulaic derivative
		contrived plodding ploddingly meandering bland muddled muddle shallow overwrought
		schmaltzy mawkish saccharine cheesy stilted clumsy overblown overrated disjointed bloated
		tepid preposterous misfire misfires unconvincing uninvolving unoriginal uninspired
		uneventful heavy-handed ham-fisted sluggishly dreck drags dragged dragging draggy slog
		monotonous lumbering inert stagnant stale warmed-over retread rehash rehashed recycled
		second-hand secondhand knock-off knockoff copycat ripoff rip-off wannabe characterless
		faceless undistinguished unmemorable nondescript unamusing unentertaining uninteresting
		unengaging unaffecting unmoving unsatisfying unfulfilling letdown misconceived
		ill-conceived wrongheaded preachy didactic manipulative maudlin cloying portentous
		ponderous leaden turgid overbearing vacuous indulgent self-indulgent self-important
		juvenile puerile crass vulgar tasteless sleazy tawdry lurid exploitative absurd
		incomprehensible impenetrable humourless mirthless trashy junk grotesque half-baked
		cookie-cutter cut-and-paste by-the-numbers paint-by-numbers valueless banality downer
		sadistic mundane repulsive repulsively whiny hampered inept worthless sputters
		off-kilter limp scattershot sham hokum infantile gasbag`,
	-2.0: `tedious tiresome pretentious lifeless listless lackluster lacklustre hackneyed banal inane
		vapid witless soulless incoherent pointless forgettable mediocre amateurish sloppy unfunny
		cringe cringeworthy cringe-worthy insufferable interminable snooze yawn dull-witted
		mind-numbing stultifying soporific tedium second-rate third-rate botched bungled
		flubbed fumbled debacle shambles clunker squandered brainless drivel tripe claptrap
		hogwash garbage rubbish`,
	-2.8: `unwatchable abysmal atrocious dire`,
})

// filmBoosters are intensifiers VADER lacks.
var filmBoosters = map[string]float64{
	"truly": boostStep, "terribly": boostStep, "downright": boostStep, "genuinely": boostStep,
	"wholly": boostStep, "supremely": boostStep, "consistently": boostStep, "endlessly": boostStep,
	"mildly": -boostStep, "moderately": -boostStep, "fairly": -boostStep, "reasonably": -boostStep,
	"mostly": -boostStep, "pretty": boostStep, "pure": boostStep, "sheer": boostStep,
}

// subjectWords are what a film is about rather than what it is worth: a war film, a murder, a
// grief. They keep their valence in dialogue, but count for less (subjectScale) against the
// words that judge: "a literate presentation that wonderfully weaves a murderous event".
var subjectWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`death deaths dead die dies died dying kill kills killed killing
		killer killers murder murders murdered murderer murderous war wars crime crimes criminal
		criminals violence violent evil grief despair tragedy tragedies tragic fear fears terror
		terrorist terrorists terrorism disaster danger dangerous threat victim victims suffering
		pain cancer disease illness abuse rape prison jail demon demons
		ghost ghosts haunted nightmare nightmares darkness sadness sorrow tears grieving loss
		fight fighting fights battle battles enemy enemies revenge betrayal guilt lonely
		loneliness horror horrors madness insanity sin sins crisis trauma poverty racism
		scary scariest creepy creepiest disturbing troubling unsettling menace menacing sinister
		chilling frightening terrifying shocking brutal brutality cruel cruelty`) {
		m[w] = true
	}
	return m
}()

const subjectScale = 0.5

// negativeWeight weighs what reads negative more than what reads positive, as SO-CAL does
// (Taboada et al., 2011): people use good words freely, even of what they dislike ("a
// talented cast wasted"), and bad words sparingly.
const negativeWeight = 1.3

// topicWords are VADER's valence words that in a film's context name its genre or its parts:
// their valence is dropped ("comedy" 1.5, "romance" 2.6, "credits" 1.5 in VADER).
var topicWords = map[string]bool{"comedy": true, "comedies": true, "comedic": true,
	"romance": true, "romances": true, "romantic": true, "credits": true, "festival": true,
	"fan": true, "fans": true, "played": true, "plays": true, "thriller": true, "thrillers": true}

// cleanText undoes the way review corpora and typography write English: curly apostrophes and
// quotes, and contractions split as treebanks split them ("does n't", "it 's").
func cleanText(s string) string {
	s = typography.Replace(s)
	if strings.Contains(s, " n't") || strings.Contains(s, " '") {
		s = treebank.Replace(s)
	}
	return s
}

var (
	typography = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "“", `"`, "”", `"`,
		"«", `"`, "»", `"`, "…", "...", "—", " - ", "–", " - ",
		"-lrb-", " ", "-rrb-", " ", "-LRB-", " ", "-RRB-", " ")
	treebank = strings.NewReplacer(" n't", "n't", " 's ", "'s ", " 're ", "'re ", " 've ", "'ve ",
		" 'll ", "'ll ", " 'd ", "'d ", " 'm ", "'m ")
)

// inflected finds the valence of a word the lexicon lacks through a form it has: a plural, a
// past or a participle, an adverb, a noun in -ness, a superlative; a word with a negating
// prefix ("unfunny", "non-stop" aside) is the stem's valence flipped and damped.
func inflected(w string, lexicon map[string]float64) (float64, bool) {
	if len(w) < 4 || uninflected[w] {
		return 0, false
	}
	try := func(stems ...string) (float64, bool) {
		for _, s := range stems {
			// A weak stem says little of its inflections ("leave", -0.2: "leaves").
			if v, ok := lexicon[s]; ok && s != "" && math.Abs(v) >= 0.5 {
				return v, true
			}
		}
		return 0, false
	}
	if strings.HasSuffix(w, "'s") {
		return try(w[:len(w)-2])
	}
	for _, sf := range suffixes {
		if stem, ok := strings.CutSuffix(w, sf.suffix); ok && len(stem) >= 3 {
			if v, ok := try(stem + sf.repl); ok {
				return v, true
			}
			// a doubled consonant: "dragged", "gripping"
			if n := len(stem); sf.repl == "" && n >= 4 && stem[n-1] == stem[n-2] {
				if v, ok := try(stem[:n-1]); ok {
					return v, true
				}
			}
		}
	}
	if a, b, ok := strings.Cut(w, "-"); ok && !strings.Contains(b, "-") {
		switch a {
		case "well":
			return 1.5, true // "well-honed", "well-observed"
		case "ill", "badly", "poorly":
			return -1.5, true
		case "over":
			if _, ok := lexicon[b]; !ok {
				return -1.0, true // "over-the-top" aside: "over-plotted", "over-long"
			}
		}
		if v, ok := lexicon[b]; ok && math.Abs(v) >= 1 {
			return v, true // "mean-spirited", "laugh-out-loud" aside: the head word
		}
	}
	for _, p := range []string{"un", "non-", "non"} {
		if stem, ok := strings.CutPrefix(w, p); ok && len(stem) >= 4 {
			if v, ok := lexicon[stem]; ok && v > 0 {
				return v * negateScale, true
			}
		}
	}
	return 0, false
}

// suffixes are the endings inflected tries, each with what replaces it on the stem.
var suffixes = []struct{ suffix, repl string }{
	{"ily", "y"}, {"ically", "ic"}, {"ly", ""}, {"ly", "le"}, {"ness", ""}, {"iness", "y"},
	{"iest", "y"}, {"ier", "y"}, {"ies", "y"}, {"est", ""}, {"est", "e"}, {"es", ""}, {"s", ""},
	{"ed", ""}, {"ed", "e"}, {"ing", ""}, {"ing", "e"},
}

// uninflected look like inflections of lexicon words and are not: "likely" is not liking,
// "unlike" not disliking.
var uninflected = map[string]bool{"likely": true, "unlike": true, "unlikely": true,
	"likewise": true}

// farNegation negates a valence word from a negation further back than VADER's three words,
// up to eight, as long as it is in the same clause, and no contrast and no other valence word
// comes between: "not a film that anyone will enjoy", but not "not long, and enjoyable" nor
// "aren't preventing him from playing with friends".
func farNegation(v float64, words []word, i int, lexicon map[string]float64) float64 {
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if words[j].stop || contrasts[words[j].lower] || clauseStarts[words[j].lower] {
			return v
		}
		if words[j].lower == "no" && j <= i-3 {
			return v * negateScale // "no points for originality"
		}
		if _, ok := lexicon[words[j].lower]; ok && j < i-1 && !isNegation(words[j].lower) {
			return v // a negation ends at the first valence word it reaches ("aren't preventing")
		}
		if j > i-4 {
			continue // VADER's window, already checked
		}
		w := words[j].lower
		if w == "not" && j+1 < len(words) && (words[j+1].lower == "only" || words[j+1].lower == "just") {
			return v // "not only … but"
		}
		if isNegation(w) && !pronounNegation[w] {
			return v * negateScale
		}
	}
	return v
}

// pronounNegation are negations whose reach is their own phrase: "nothing could make me
// happier" is not unhappy.
var pronounNegation = map[string]bool{"nothing": true, "none": true, "nobody": true,
	"nowhere": true, "neither": true}

// clauseStarts begin a clause a negation before them does not reach into: "I don't know how I
// got so lucky", "isn't working, is trending, lol, that's funny".
var clauseStarts = map[string]bool{"and": true, "or": true, "so": true, "because": true,
	"if": true, "when": true, "how": true, "why": true, "what": true, "is": true, "are": true,
	"was": true, "were": true, "lol": true, "then": true, "until": true, "unless": true}

// contrasts turn a sentence: what follows them outweighs what came before.
var contrasts = map[string]bool{"but": true, "however": true, "nevertheless": true,
	"nonetheless": true, "yet": true, "though": true}

// concessions open a clause that gives way to the next one.
var concessions = map[string]bool{"although": true, "though": true, "while": true, "whilst": true,
	"despite": true}

// filmContrast weighs a sentence around its turn: the last contrast word in it, or else the
// end of a leading concessive clause.
func filmContrast(words []word, vals []float64) {
	at := -1
	for i, w := range words {
		if !contrasts[w.lower] {
			continue
		}
		switch w.lower {
		case "yet":
			// "not yet", "has yet to": an adverb; a conjunction starts a clause
			if i == 0 || !(words[i-1].stop || words[i-1].lower == "and") {
				continue
			}
		case "though":
			if i == 0 || !words[i-1].stop && !words[i].stop {
				continue // "even though", "though" opening a clause: a concession
			}
		}
		if i < len(words)-1 {
			at = i // not a contrast that ends the sentence ("…, nonetheless.")
		}
	}
	if at >= 0 {
		shift(vals, at)
		return
	}
	for i, w := range words {
		if !concessions[w.lower] || (i > 0 && !words[i-1].stop) {
			continue
		}
		end := -1
		for j := i; j < len(words)-1; j++ {
			if words[j].stop {
				end = j
				break
			}
		}
		if end < 0 {
			return
		}
		for k := range vals {
			switch {
			case k >= i && k <= end:
				vals[k] *= 1 - butScale
			case k > end:
				vals[k] *= 1 + butScale
			}
		}
		return
	}
}

// phrases are reviewers' turns of phrase that VADER's word-by-word rules read wrongly, and what
// they read as: "nothing short of superb" is superb, "don't waste your time" is a waste, "could
// have been good" is not good, "fails to amuse" fails and does not amuse.
var phrases = func() map[string][]string {
	m := map[string][]string{}
	add := func(with string, from ...string) {
		for _, f := range from {
			m[f] = strings.Fields(with)
		}
	}
	add("", "nothing short of", "not only", "not just", "no wonder", "without a doubt", "no doubt")
	add("waste", "don't waste", "do not waste", "dont waste")
	add("avoid", "don't bother", "do not bother", "dont bother", "stay away", "steer clear")
	add("not", "could have been", "should have been", "could've been", "should've been",
		"might have been", "less than", "far from", "anything but",
		"lacks", "lacking", "lacked", "devoid of", "short on", "in search of")
	add("fails not", "fails to", "failed to", "fail to", "failing to")
	add("amazes", "never ceases to amaze", "never fails to amaze", "never fails to delight")
	add("gripping", "edge of your seat", "edge of my seat", "edge of their seats", "edge of our seats")
	add("boring", "fell asleep", "falling asleep", "walked out", "nothing happens")
	add("recommended", "a must", "a must see", "a must watch", "look no further", "worth seeing",
		"worth watching", "worth a look", "well worth")
	add("cliche", "seen it before", "seen it all before", "by the numbers", "paint by numbers")
	add("funny", "laugh out loud", "laugh-out-loud")
	add("love", "can't recommend it enough", "cannot recommend it enough", "can't recommend this enough",
		"can't recommend enough", "can't get enough", "cannot get enough", "can't praise it enough")
	add("avoid", "do not see this film", "do not see this movie", "don't see this film",
		"don't see this movie", "skip this one", "skip it")
	add("unoriginal", "nothing new", "same old", "seen before", "been here before")
	add("worthless", "nothing going for it")
	add("inept", "out of his depth", "out of her depth", "out of its depth", "out of their depth")
	// Genres and the parts of a film name a subject, not a verdict: "a horror film", "a
	// romantic comedy", "the special effects", "crime drama".
	add("", "romantic comedy", "black comedy", "dark comedy", "horror film", "horror movie",
		"horror films", "horror movies", "war film", "war movie", "crime drama", "crime thriller",
		"special effects", "special effect", "end credits", "opening credits", "film festival",
		"nothing more than", "little more than", "no more than", "sense of humor", "sense of humour",
		"the original")
	add("not", "so little", "too little", "very little", "precious little")
	add("disappointing", "falls short", "fall short", "fell short", "falling short",
		"wears out its welcome", "wore out its welcome", "overstays its welcome",
		"overstayed its welcome", "outstays its welcome")
	return m
}()

const longestPhrase = 5

// phraseStarts are the first words of the phrases.
var phraseStarts = func() map[string]bool {
	m := map[string]bool{}
	for p := range phrases {
		first, _, _ := strings.Cut(p, " ")
		m[first] = true
	}
	return m
}()

// counterfactual phrases wish a film were what it is not ("could have been great"); before
// anything but a good word they are plain speech ("you could have been killed").
var counterfactual = map[string]bool{"could have been": true, "should have been": true,
	"could've been": true, "should've been": true, "might have been": true}

// goodNext says whether a positive lexicon word comes at i or just after a determiner or
// booster ("could have been a great film", "could have been so much better").
func goodNext(words []word, i int, lexicon map[string]float64) bool {
	for j := i; j < len(words) && j <= i+2; j++ {
		if v, ok := lexicon[words[j].lower]; ok && v > 0 {
			return true
		}
		if words[j].stop {
			break
		}
	}
	return false
}

// rewrite replaces the phrases in words by what they read as.
func rewrite(words []word, lexicon map[string]float64) []word {
	out := make([]word, 0, len(words))
	for i := 0; i < len(words); {
		matched := false
		if !phraseStarts[words[i].lower] {
			out = append(out, words[i])
			i++
			continue
		}
		for n := min(longestPhrase, len(words)-i); n >= 2; n-- {
			var b strings.Builder
			stopInside := false
			for k := i; k < i+n; k++ {
				if k > i {
					b.WriteByte(' ')
				}
				b.WriteString(words[k].lower)
				stopInside = stopInside || (words[k].stop && k < i+n-1)
			}
			with, ok := phrases[b.String()]
			if !ok || stopInside || (counterfactual[b.String()] && !goodNext(words, i+n, lexicon)) {
				continue
			}
			for _, w := range with {
				out = append(out, word{text: w, lower: w})
			}
			if len(out) > 0 && words[i+n-1].stop {
				out[len(out)-1].stop = true
			}
			i += n
			matched = true
			break
		}
		if !matched {
			if with, ok := phrases[words[i].lower]; ok && len(with) > 0 {
				for _, w := range with {
					out = append(out, word{text: w, lower: w, stop: words[i].stop})
				}
			} else {
				out = append(out, words[i])
			}
			i++
		}
	}
	return out
}

// rating reads a reviewer's score ("8/10", "9 out of 10", "2 stars", "4.5/5") at word i as a
// valence: full marks +2.7, half marks -0.3, none -3.3.
func rating(words []word, i int) (float64, bool) {
	w := words[i].lower
	var got, of float64
	if a, b, ok := strings.Cut(w, "/"); ok {
		x, errA := parseScore(a)
		y, errB := parseScore(b)
		if !errA || !errB {
			return 0, false
		}
		if y == 4 {
			return 0, false // "1/4 cup", "3/4 of them": fractions
		}
		got, of = x, y
	} else if i+3 < len(words) && words[i+1].lower == "out" && words[i+2].lower == "of" {
		x, okA := parseScore(w)
		y, okB := parseScore(words[i+3].lower)
		if !okA || !okB {
			return 0, false
		}
		got, of = x, y
	} else if i+1 < len(words) && (words[i+1].lower == "stars" || words[i+1].lower == "star") {
		x, ok := parseScore(w)
		if !ok {
			return 0, false
		}
		got, of = x, 5
	} else {
		return 0, false
	}
	if (of != 5 && of != 10 && of != 4 && of != 100) || got > of {
		return 0, false
	}
	return max(-3.3, min(2.7, (got/of-0.55)*6)), true
}

// parseScore reads "8", "8.5" or "10+" as a score.
func parseScore(s string) (float64, bool) {
	s = strings.TrimSuffix(s, "+")
	if s == "" || len(s) > 4 {
		return 0, false
	}
	if s[0] < '0' || s[0] > '9' {
		return 0, false // not "+8", "-1" or ".5"
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// tooValence is the valence of a word after "too" that is not a valence word itself: "too
// long", "too slow", "too much" are complaints.
const tooValence = -1.3

// notAfterToo are words after "too" that are not what it complains of ("me too", "too, and").
var notAfterToo = map[string]bool{"i": true, "me": true, "you": true,
	"and": true, "the": true, "a": true, "to": true, "is": true, "was": true, "but": true,
	"am": true, "are": true, "have": true, "had": true, "as": true, "though": true}

// predicate says whether the booster at i stands for itself ("simply incredible", "an
// exceptional film") rather than boosting a valence word just after it ("incredibly dull"):
// only boosters that are adjectives with a valence of their own in filmWords can.
func predicate(words []word, i int, lexicon map[string]float64) bool {
	if _, ok := filmWords[words[i].lower]; !ok {
		return false
	}
	if words[i].stop || i+1 >= len(words) {
		return true
	}
	_, boosts := lexicon[words[i+1].lower]
	return !boosts // "pretty horses, ridiculous hats": "pretty" is the horses'
}

// filmValence is the valence of a word the lexicon lacks: a rating, an inflection of a
// lexicon word, or a complaint after "too".
func filmValence(words []word, i int, lexicon map[string]float64) (float64, bool) {
	if v, ok := rating(words, i); ok {
		return v, true
	}
	if v, ok := inflected(words[i].lower, lexicon); ok {
		return v, true
	}
	if i > 0 && words[i-1].lower == "too" && !words[i-1].stop && !notAfterToo[words[i].lower] {
		return tooValence, true
	}
	return 0, false
}

// likeVerbs come before "like" the verb ("I like", "you'll like", "hard to like"); after
// anything else "like" compares ("feels like a nightmare") and says nothing about the film.
var likeVerbs = map[string]bool{"i": true, "you": true, "we": true, "they": true, "he": true,
	"she": true, "who": true, "people": true, "to": true, "would": true, "i'd": true, "you'd": true,
	"we'd": true, "will": true, "i'll": true, "you'll": true, "we'll": true, "they'll": true,
	"do": true, "did": true, "does": true, "really": true, "also": true, "actually": true,
	"kids": true, "fans": true, "audiences": true, "viewers": true, "might": true, "may": true,
	"could": true, "should": true, "must": true, "genuinely": true, "truly": true}

func prepositionLike(words []word, i int) bool {
	if words[i].lower != "like" {
		return false
	}
	if i == 0 {
		return true // "Like Leon, it's…"
	}
	prev := words[i-1]
	if prev.stop {
		return true // "…, like a dream"
	}
	return !likeVerbs[prev.lower] && !isNegation(prev.lower)
}

// adverbBooster says whether the word at i is an adverb made from a bad word that intensifies
// the valence word after it ("painfully funny", "wickedly clever", "insanely good"): it then
// counts as a booster, not for its own valence.
func adverbBooster(words []word, i int, lexicon map[string]float64) bool {
	w := words[i].lower
	if len(w) < 6 || !strings.HasSuffix(w, "ly") || words[i].stop || i+1 >= len(words) {
		return false
	}
	if _, ok := vaderBoosters[w]; ok {
		return false
	}
	next := words[i+1].lower
	if _, ok := lexicon[next]; !ok || strings.HasSuffix(next, "ly") {
		return false
	}
	// Only an adverb of a bad word turns into an intensifier ("painfully", "insanely",
	// "wickedly"); one of a good word keeps its meaning ("beautifully sad", "refreshingly
	// serious").
	own, ok := lexicon[w]
	if !ok {
		own, ok = inflected(w, lexicon)
	}
	return ok && own < 0
}

// sarcasticMeasure says whether the valence word at i is measured out sarcastically: "has all
// the excitement of eating oatmeal", "about as exciting as a sunburn", "as funny as a funeral".
func sarcasticMeasure(words []word, i int) bool {
	low := func(j int) string {
		if j < 0 || j >= len(words) {
			return ""
		}
		return words[j].lower
	}
	switch {
	case low(i-2) == "all" && low(i-1) == "the" && low(i+1) == "of":
		return true
	case low(i-2) == "about" && low(i-1) == "as" && low(i+1) == "as":
		return true
	}
	return false
}

// notEnough says whether the valence word at i is wanted and missing: "not campy enough",
// "isn't funny enough" complain whatever the word (but "can't recommend it enough" praises).
func notEnough(words []word, i int) bool {
	if i+1 >= len(words) || words[i+1].lower != "enough" || words[i].stop {
		return false
	}
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if words[j].stop {
			return false
		}
		switch w := words[j].lower; w {
		case "can't", "cannot", "couldn't", "cant", "couldnt":
			return false
		default:
			if isNegation(w) {
				return true
			}
		}
	}
	return false
}
