// Package release reads what a film's file or folder name says: the title, the year, the
// edition, and the release tags around them ("Film.Title.2014.EXTENDED.1080p.BluRay.x264-GRP",
// "Film Title (2014)", "[site] film_title_2014_720p"). It follows the approach of PTN and
// parse-torrent-title: every tag it knows is found by its pattern, and the title is what comes
// before the first of them.
//
// Language tags (FRENCH, German, MULTi, VOSTFR, DL), disc numbers (CD1), numbering and dates
// before the title are not part of it; sequel numbers and "Part III" are. Words that are tags
// after a title and title words inside one ("Madame Web", "The Proper Way") end a title only
// before another tag.
//
// The title+year exact-match rate on the public vector sets in ../shared/testdata/filenames is
// measured by release_test.go; on other suites' names laid out as a library (with the folder
// logic of index.TitleFromName), by index/names_test.go.
package release

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Info is what a release name says.
type Info struct {
	Title      string
	Year       int
	Edition    string // "Extended", "Director's Cut", "Unrated", …
	Resolution string // "1080p", "2160p", …
	Source     string // "BluRay", "WEB-DL", "HDTV", …
	Codec      string // "x264", "HEVC", …
	Group      string // the release group after the final dash
	Season     int
	Episode    int
}

// tag is one kind of release tag. Patterns match whole words: a separator (or the start or the
// end of the name) on both sides.
type tag struct {
	name string
	re   *regexp.Regexp
	weak bool // never ends a title: a word titles use as often ("mkv" aside)
	// ambiguous words are tags after the title and title words inside it ("Deep Web",
	// "Madame Web", "Saw 3D", "The Proper Way", "South Park: Bigger, Longer & Uncut"): one
	// ends a title only when another tag follows it, not a word or the year.
	ambiguous *regexp.Regexp
}

func word(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[\s._\-\[\](){}/,+*])(` + pattern + `)(?:$|[\s._\-\[\](){}/,+*])`)
}

// whole matches a whole tag word, to tell its ambiguous members.
func whole(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:` + pattern + `)$`)
}

var (
	yearRe    = word(`(?:19|20)\d\d`)
	episodeRe = word(`s(\d{1,2})[\s._]?e(\d{1,3})(?:-?e\d{1,3})*|(\d{1,2})x(\d{2,3})|s(\d{1,2})`)
	tags      = []tag{
		{"resolution", word(`\d{3,4}[pi]|4k|uhd`), false, nil},
		{"source", word(`(?:hd|dvd|br|bd|web|wbb|hdtv|pdtv|tv|desiscr-)?rip|web-?dl|webdl|blu-?ray|hdtv|pdtv|dvd(?:scr|r|5|9)?|hd-?cam|cam|hdts|ts|telesync|tc|r5|r6|scr|screener|ppv|hc|hdtc|web|remux|hdr|dv|bdremux`), false,
			whole(`web|cam|ts|tc|scr|screener|ppv|hc|hdr|dv|r5|r6`)},
		{"codec", word(`[xh]\.?26[45]|xvid|divx|hevc|avc|10-?bit|8-?bit|vp9|av1`), false, nil},
		{"audio", word(`dd\+?5\.?1|dd2\.?0|ddp\d\.\d|ac-?3(?:\.5\.1)?|aac(?:\d\.\d|-lc)?|dts(?:-hd)?(?:-ma)?|mp3|truehd|atmos|flac|\d\.\d|dual[\s.\-]?audio|multi(?:subs)?|dl`), false,
			whole(`\d\.\d|multi|dl`)},
		{"edition", word(`extended(?:[\s._\-]cut)?|unrated|uncut|director'?s[\s._\-]cut|dc|remastered|theatrical(?:[\s._\-]cut)?|imax|criterion|special[\s._\-]edition|final[\s._\-]cut|ultimate[\s._\-]edition|\d+(?:st|nd|rd|th)[\s._\-]anniversary(?:[\s._\-]edition)?|anniversary[\s._\-]edition|collector'?s[\s._\-]edition|custom`), false,
			whole(`uncut|dc|remastered|theatrical|imax|criterion|final[\s._\-]cut|special[\s._\-]edition|custom`)},
		{"flags", word(`proper|repack|internal|readnfo|read[\s._\-]nfo|limited|upscaled|3d|sbs|half-sbs|hsbs|ws|fs|hdr10\+?|subbed|dubbed|line|\d+cd|cd[\s._\-]?\d{1,2}|dis[ck][\s._\-]?\d{1,2}|\d+(?:\.\d+)?\s?[mg]i?b`), false,
			whole(`proper|internal|limited|3d|ws|fs|line`)},
		{"series", word(`season[\s._\-]?\d{1,2}(?:[\s._\-]?(?:-|to)[\s._\-]?\d{1,2})?|s\d{1,2}[\s._\-]?(?:-|to)[\s._\-]?s\d{1,2}|(?:the[\s._\-])?complete(?:[\s._\-](?:series|seasons?|collection))?`), false,
			whole(`complete`)},
		// Language and subtitle tags. Those that are only tags (TRUEFRENCH, VOSTFR, SUBFRENCH)
		// end a title wherever they are; language names are title words too ("The French
		// Connection", "Johnny English") and end it only before another tag or, but for
		// English, before the year ("Die.Schluempfe.2.German.DL", "Film.German.2014").
		{"language", word(`truefrench|vostfr|vost|vff|vfq|vf2|subfrench|hindi|eng|english|rus|russian|french|german|deutsch|spanish|castellano|latino|ita|italian|japanese|korean|chinese|nordic|polish|swedish|danish|norwegian|finnish|dutch|flemish|portuguese|turkish|czech|hungarian|greek|hebrew|arabic|thai|tamil|telugu|ukrainian`), false,
			whole(`hindi|eng|english|rus|russian|french|german|deutsch|spanish|castellano|latino|ita|italian|japanese|korean|chinese|nordic|polish|swedish|danish|norwegian|finnish|dutch|flemish|portuguese|turkish|czech|hungarian|greek|hebrew|arabic|thai|tamil|telugu|ukrainian`)},
		{"container", word(`mkv|avi|mp4|m4v|wmv|mpg`), true, nil},
	}
	leadingSite = regexp.MustCompile(`^\s*(?:\[[^\]]*\]|\{[^}]*\}|【[^】]*】|(?i:www\.)[A-Za-z0-9\-.]+\s+-\s*|[A-Za-z0-9\-]+\.(?:com|org|net|to|cd|ag|am|sbs|art|lat|me|io|tv)\s+-\s*)[\s._\-]*`)
	// An absolute episode number, as anime releases write it: "Title - 12 (720p)", "Title - 12 END".
	absEpisodeRe = regexp.MustCompile(`\s-\s(\d{1,4})(?:\s*(?:END|v\d))?\s*(?:$|[(\[])`)
	videoExt     = regexp.MustCompile(`(?i)\.(?:mkv|mp4|m4v|avi|mov|wmv|webm|ts|mpg|mpeg)$`)
	groupRe      = regexp.MustCompile(`-\s*([A-Za-z0-9]+)(?:\[[^\]]*\])?\s*$`)
	separators   = regexp.MustCompile(`[._]+`)
	spaces       = regexp.MustCompile(`\s+`)
)

// editions maps what a name says to how Reel shows the edition.
var editions = map[string]string{
	"extended": "Extended", "extended cut": "Extended", "unrated": "Unrated", "uncut": "Uncut",
	"directors cut": "Director's Cut", "director's cut": "Director's Cut", "dc": "Director's Cut",
	"remastered": "Remastered", "theatrical": "Theatrical", "theatrical cut": "Theatrical",
	"imax": "IMAX", "criterion": "Criterion", "special edition": "Special Edition",
	"final cut": "Final Cut", "ultimate edition": "Ultimate Edition",
}

// Parse reads a release name (a file name without its extension, or a folder name).
func Parse(name string) Info {
	var in Info
	s := videoExt.ReplaceAllString(name, "")
	s, leadYear, unwrapped := stripLead(s)

	// The year: the last year-like word that is not the very start of the name ("1917",
	// "2001.A.Space.Odyssey.1968", "Blade.Runner.2049.2017"), nor a group's name at the end
	// ("x264-2020").
	end := len(s) // where the title ends
	yearAt := -1
	years := findAll(yearRe, s)
	for i := len(years) - 1; i >= 0; i-- {
		y := years[i]
		if y[0] == 0 || (y[1] == len(s) && s[y[0]-1] == '-') {
			continue
		}
		in.Year, _ = strconv.Atoi(s[y[0]:y[1]])
		end, yearAt = y[0], y[0]
		break
	}
	if in.Year == 0 && leadYear > 0 {
		in.Year = leadYear
	}
	episodeAt := -1
	if m := firstMatch(episodeRe, s); m != nil {
		in.Season, in.Episode = seasonEpisode(s, m)
		end = min(end, m[0])
		episodeAt = m[0]
	}
	// An absolute episode ("Title - 12 (720p)"), unless a year follows: "Rocky - 2 (1979)" is
	// a sequel.
	if m := absEpisodeRe.FindStringSubmatchIndex(s); m != nil && m[0] > 0 && !(yearAt >= 0 && yearAt >= m[3] && yearAt-m[3] <= 3) && m[2] != yearAt {
		if in.Episode == 0 {
			in.Episode, _ = strconv.Atoi(s[m[2]:m[3]])
		}
		end = min(end, m[0])
	}
	type found struct {
		span [2]int
		t    *tag
	}
	var all []found
	for i := range tags {
		for _, m := range findAll(tags[i].re, s) {
			if m[0] == 0 {
				continue // a title may start with a word that looks like a tag ("Dc", "3D Rarities")
			}
			all = append(all, found{m, &tags[i]})
		}
	}
	startsTag := func(at int) bool {
		if at == episodeAt {
			return true
		}
		for _, f := range all {
			if f.span[0] == at {
				return true
			}
		}
		return false
	}
	// A release names its language once: a language tag after the year makes a language word
	// before it a title's ("La.French.2014.FRENCH").
	langAfterYear := false
	for _, g := range all {
		if g.t.name == "language" && yearAt >= 0 && g.span[0] > yearAt {
			langAfterYear = true
			break
		}
	}
	var spans [][2]int // where tags are, so a dash inside one ("WEB-DL") is not a group's
	for _, f := range all {
		spans = append(spans, f.span)
		if f.t.weak || f.span[0] >= end {
			continue
		}
		v := s[f.span[0]:f.span[1]]
		if f.t.ambiguous != nil && f.t.ambiguous.MatchString(v) {
			next := nextWord(s, f.span[1])
			ends := next < len(s) && startsTag(next)
			// Against the year, as "Film.German.2014" and "Film.3D.2015" have it, but not as a
			// curated name does ("The Good German (2006)").
			bare := next == yearAt && s[next-1] != '(' && s[next-1] != '['
			// In capitals where the title is not: "The.Descent.UNCUT.2005".
			shouted := isUpperWord(v) && !isUpperWord(s[:f.span[0]])
			switch {
			case f.t.name == "language":
				english := strings.HasPrefix(strings.ToLower(v), "eng")
				// A language word after an article or adjective is a noun of the title: "The
				// Good German", "Zorba the Greek".
				noun := nounBefore(s, f.span[0])
				ends = ends || (bare && !langAfterYear && !noun && (!english || shouted)) || (next == len(s) && shouted)
			case strings.EqualFold(v, "3d"):
				ends = ends || next == yearAt
			default:
				ends = ends || (bare && shouted)
			}
			if !ends {
				continue
			}
		}
		end = f.span[0]
	}
	// A bracket opened inside the title range ends it: "Title (CamRip / 2014)".
	if i := strings.IndexAny(s[:end], "([{"); i > 0 {
		end = i
	}
	// "Run Lola Run AKA Lola Rennt": the first title.
	if m := akaRe.FindStringIndex(s[:end]); m != nil && m[0] > 0 {
		end = m[0]
	}
	for _, f := range all {
		if f.span[0] < end {
			continue // a title word that looks like a tag
		}
		v := s[f.span[0]:f.span[1]]
		switch f.t.name {
		case "resolution":
			if in.Resolution == "" {
				in.Resolution = strings.ToLower(v)
			}
		case "source":
			if in.Source == "" {
				in.Source = v
			}
		case "codec":
			if in.Codec == "" {
				in.Codec = v
			}
		case "edition":
			if in.Edition == "" {
				key := strings.ToLower(spaces.ReplaceAllString(separators.ReplaceAllString(strings.ReplaceAll(v, "-", " "), " "), " "))
				in.Edition = editions[key]
			}
		}
	}
	if m := groupRe.FindStringSubmatchIndex(s); m != nil && m[2] > end && !inside(spans, m[0]) {
		in.Group = s[m[2]:m[3]]
	}
	title := s[:end]
	if strings.Contains(title, " ") && strings.HasSuffix(title, ".") && end < len(s) {
		title = title[:len(title)-1] // "Jack Reacher.2012": a dot against the tag is a separator
	}
	in.Title = cleanTitle(title)
	if in.Title == "" && unwrapped != "" {
		// "[REC] (2007)": the bracket was the title, not a site's tag.
		sub := Parse(unwrapped + " " + s)
		in.Title = sub.Title
	}
	if in.Title == "" {
		// Nothing before the first tag ("2014.mkv"): the name itself is the title.
		in.Title = cleanTitle(s)
		in.Year = 0
	}
	return in
}

var (
	akaRe = regexp.MustCompile(`(?i)[\s._]aka[\s._]`)
	// Numbering and dates before a title: "(1)The Girl With…", "[03] Title", "01 - Title",
	// "09.03.08.The.Doors.(1991)", "2008-03-09 Title".
	leadNumber = regexp.MustCompile(`^(?:\(\d{1,3}\)|\[\d{1,3}\]|0\d(?:[\s._]*-[\s._]*|[\s._]+)|(?:0[1-9]|[12]\d|3[01])[.\-](?:0[1-9]|1[0-2])[.\-](?:19|20)?\d{2}[\s._\-]+|(?:19|20)\d{2}[.\-](?:0[1-9]|1[0-2])[.\-](?:0[1-9]|[12]\d|3[01])[\s._\-]+)`)
	leadYearRe = regexp.MustCompile(`^[(\[]((?:19|20)\d\d)[)\]][\s._\-]*`)
	// A site before the title: "www 1TamilBlasters tel - ", "ww.Tamilblasters.sbs - ".
	leadWWW = regexp.MustCompile(`(?i)^w{2,3}[\s.,]+[A-Za-z0-9\-]+(?:[\s.][A-Za-z]{2,4})?\s+-\s*`)
	yearIn  = regexp.MustCompile(`(?:^|\D)(?:19|20)\d\d(?:\D|$)`)
)

// stripLead takes off what comes before a title: sites' tags, numbering, dates, a year in
// brackets (returned). A leading bracket that holds a title and year ("[Taxi 1998] [BDRemux]")
// is opened rather than dropped; the last bracket dropped is returned, in case it was the
// title ("[REC] (2007)").
func stripLead(s string) (rest string, year int, dropped string) {
	for range 8 {
		if loc := leadingSite.FindStringIndex(s); loc != nil && loc[1] < len(s) {
			tagText := strings.TrimSpace(s[loc[0]:loc[1]])
			if strings.HasPrefix(tagText, "[") && yearIn.MatchString(tagText) && !strings.ContainsAny(tagText, ".") {
				inner := strings.TrimSpace(tagText[1:strings.Index(tagText, "]")])
				return inner + " " + strings.TrimLeft(s[loc[1]:], " "), year, ""
			}
			if strings.HasPrefix(tagText, "[") || strings.HasPrefix(tagText, "{") {
				dropped = strings.Trim(tagText, "[]{} ._-")
			}
			s = s[loc[1]:]
			continue
		}
		if loc := leadWWW.FindStringIndex(s); loc != nil && loc[1] < len(s) {
			s = s[loc[1]:]
			continue
		}
		if m := leadYearRe.FindStringSubmatchIndex(s); m != nil && m[1] < len(s) {
			year, _ = strconv.Atoi(s[m[2]:m[3]])
			s = s[m[1]:]
			continue
		}
		if loc := leadNumber.FindStringIndex(s); loc != nil && loc[1] < len(s) &&
			!(s[0] == '(' && s[loc[1]] == ' ') { // "(500) Days of Summer" is a title
			s = s[loc[1]:]
			continue
		}
		break
	}
	return s, year, dropped
}

// wordSeparators separate the words of a release name (as in word's patterns).
const wordSeparators = " ._-[](){}/,+*"

// nounBefore says whether the word before i is one that makes a language word a title's noun.
func nounBefore(s string, i int) bool {
	words := strings.FieldsFunc(s[:i], func(r rune) bool { return strings.ContainsRune(wordSeparators, r) })
	if len(words) == 0 {
		return false
	}
	switch strings.ToLower(words[len(words)-1]) {
	case "the", "a", "an", "good", "bad", "little", "last", "young", "old", "new", "big", "first", "great":
		return true
	}
	return false
}

// nextWord is where the word after i starts, past separators.
func nextWord(s string, i int) int {
	for i < len(s) && strings.IndexByte(wordSeparators, s[i]) >= 0 {
		i++
	}
	return i
}

// isUpperWord says whether a tag is written in capitals ("FRENCH", "GERMAN"), as releases
// write tags, rather than as a title word ("French").
func isUpperWord(s string) bool {
	return strings.ToUpper(s) == s && strings.ToLower(s) != s
}

func inside(spans [][2]int, i int) bool {
	for _, sp := range spans {
		if i >= sp[0] && i < sp[1] {
			return true
		}
	}
	return false
}

// findAll returns the [start, end) of every group-1 match, letting matches share their
// separators ("2049.2017": both years).
func findAll(re *regexp.Regexp, s string) [][2]int {
	var out [][2]int
	for from := 0; from < len(s); {
		m := re.FindStringSubmatchIndex(s[from:])
		if m == nil {
			break
		}
		out = append(out, [2]int{from + m[2], from + m[3]})
		from += m[3] // continue after the word, before its trailing separator
	}
	return out
}

func firstMatch(re *regexp.Regexp, s string) []int {
	m := re.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	return m[2:]
}

func seasonEpisode(s string, m []int) (int, int) {
	num := func(i int) int {
		if m[i] < 0 {
			return 0
		}
		n, _ := strconv.Atoi(s[m[i]:m[i+1]])
		return n
	}
	switch {
	case m[2] >= 0:
		return num(2), num(4)
	case m[6] >= 0:
		return num(6), num(8)
	default:
		return num(10), 0
	}
}

// cleanTitle turns the title part of a release name into words: dots and underscores are
// separators when the name has no spaces (a name with spaces keeps "S.H.I.E.L.D.", but not a
// dot between two words: "Un Peu.Beaucoup"); a doubled dot is a dot ("Dr..Strangelove"), and
// single letters between dots an acronym ("E.T.the.Extra-Terrestrial"). A title in two scripts
// keeps its Latin part ("抓娃娃 Successor"), and dangling punctuation goes.
func cleanTitle(t string) string {
	if !strings.Contains(strings.TrimSpace(t), " ") {
		t = dotted(strings.ReplaceAll(t, "_", "."))
	} else {
		t = strings.ReplaceAll(t, "_", " ")
		t = wordDot.ReplaceAllString(t, "$1 $2")
		t = wordDot.ReplaceAllString(t, "$1 $2") // overlapping: "Un Peu.Beaucoup.Aveuglement"
		// "Blue. Valentine", "Ghostbusters. Frozen Empire": a dot after a word (not after an
		// abbreviation: "Mr.", "Co.", "Vol.") is a separator.
		t = longWordDot.ReplaceAllString(t, "$1 ")
	}
	t = spaces.ReplaceAllString(t, " ")
	t = latinPart(strings.TrimSpace(t))
	t = strings.TrimLeft(t, " -_.,")
	t = strings.TrimRight(strings.TrimSpace(t), " -_([{/,:*~")
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") && strings.Count(t, "[") == 1 {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	return t
}

var (
	wordDot     = regexp.MustCompile(`(\p{L}\p{L})\.(\p{L}\p{L})`)
	longWordDot = regexp.MustCompile(`(\p{L}{4,})\.(?:\s|$)`)
)

// dotted splits a dot-separated name into words. Two dots are a dot and a separator
// ("Dr..Strangelove"), three an ellipsis ("tick.tick...BOOM"), more an ellipsis and a
// separator; single letters between dots are initials ("E.T.the.Extra-Terrestrial").
func dotted(t string) string {
	parts := strings.Split(t, ".")
	var b strings.Builder
	single := func(p string) bool {
		r := []rune(p)
		return len(r) == 1 && unicode.IsLetter(r[0])
	}
	digit := func(p string) bool { return len(p) == 1 && p[0] >= '0' && p[0] <= '9' }
	sep := ""
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if p == "" {
			dots := 1
			for i+1 < len(parts) && parts[i+1] == "" {
				dots++
				i++
			}
			if b.Len() == 0 || i+1 >= len(parts) {
				continue // dots at either end
			}
			switch {
			case dots == 1:
				b.WriteString(".")
			case dots == 2:
				b.WriteString("...")
				sep = ""
				continue
			default:
				b.WriteString("...")
			}
			sep = " "
			continue
		}
		b.WriteString(sep)
		sep = " "
		if digit(p) && i+1 < len(parts) && digit(parts[i+1]) && (i+2 >= len(parts) || !digit(parts[i+2])) {
			b.WriteString(p + "." + parts[i+1]) // "M3GAN.2.0", "Die.Hard.4.0"
			i++
			continue
		}
		if single(p) {
			j := i
			for j < len(parts) && single(parts[j]) {
				j++
			}
			if j-i >= 2 {
				b.WriteString(strings.Join(parts[i:j], ".") + ".")
				i = j - 1
				continue
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

// latinPart keeps the Latin words of a title that opens in another script and goes on in Latin
// ("奥本海默 杜比视界版本 .oppenheimer", "تركي مترجم Last Call for Istanbul").
func latinPart(t string) string {
	words := strings.Fields(t)
	if len(words) < 2 || !foreign(words[0]) {
		return t
	}
	for i, w := range words {
		if latin(w) {
			for _, rest := range words[i:] {
				if foreign(rest) {
					return t
				}
			}
			return strings.Join(words[i:], " ")
		}
	}
	return t
}

func foreign(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) && r > unicode.MaxLatin1 && !unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}

func latin(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}
