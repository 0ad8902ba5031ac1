// Package release reads what a film's file or folder name says: the title, the year, the
// edition, and the release tags around them ("Film.Title.2014.EXTENDED.1080p.BluRay.x264-GRP",
// "Film Title (2014)", "[site] film_title_2014_720p"). It follows the approach of PTN and
// parse-torrent-title: every tag it knows is found by its pattern, and the title is what comes
// before the first of them.
//
// The title+year exact-match rate on the public vector sets in ../shared/testdata/filenames is
// measured by release_test.go.
package release

import (
	"regexp"
	"strconv"
	"strings"
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
	weak bool // a word titles use too ("Johnny English"): recorded, but it never ends a title
}

func word(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[\s._\-\[\](){}/,+])(` + pattern + `)(?:$|[\s._\-\[\](){}/,+])`)
}

var (
	yearRe    = word(`(?:19|20)\d\d`)
	episodeRe = word(`s(\d{1,2})[\s._]?e(\d{1,3})(?:-?e\d{1,3})*|(\d{1,2})x(\d{2,3})|s(\d{1,2})`)
	tags      = []tag{
		{"resolution", word(`\d{3,4}[pi]|4k|uhd`), false},
		{"source", word(`(?:hd|dvd|br|bd|web|wbb|hdtv|pdtv|tv|desiscr-)?rip|web-?dl|webdl|blu-?ray|hdtv|pdtv|dvd(?:scr|r|5|9)?|hd-?cam|cam|hdts|ts|telesync|tc|r5|r6|scr|ppv|hc|hdtc|web|remux|hdr|dv`), false},
		{"codec", word(`[xh]\.?26[45]|xvid|divx|hevc|avc|10-?bit|8-?bit|vp9|av1`), false},
		{"audio", word(`dd\+?5\.?1|dd2\.?0|ddp\d\.\d|ac-?3(?:\.5\.1)?|aac(?:\d\.\d|-lc)?|dts(?:-hd)?(?:-ma)?|mp3|truehd|atmos|flac|\d\.\d|dual[\s.\-]?audio|multi`), false},
		{"edition", word(`extended(?:[\s._\-]cut)?|unrated|uncut|director'?s[\s._\-]cut|dc|remastered|theatrical(?:[\s._\-]cut)?|imax|criterion|special[\s._\-]edition|final[\s._\-]cut|ultimate[\s._\-]edition`), false},
		{"flags", word(`proper|repack|internal|readnfo|limited|upscaled|3d|sbs|half-sbs|hsbs|ws|fs|hdr10|subbed|dubbed|\d+cd|\d+(?:\.\d+)?\s?[mg]i?b`), false},
		{"series", word(`season[\s._\-]?\d{1,2}(?:[\s._\-]?(?:-|to)[\s._\-]?\d{1,2})?|s\d{1,2}[\s._\-]?(?:-|to)[\s._\-]?s\d{1,2}|(?:the[\s._\-])?complete(?:[\s._\-]series|[\s._\-]seasons?)?`), false},
		{"language", word(`hindi|eng|english|rus|russian|french|german|spanish|ita|italian|japanese|korean|chinese|vostfr|truefrench|nordic|polish|swedish`), true},
		{"container", word(`mkv|avi|mp4|m4v|wmv|mpg`), true},
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
	// Site tags in brackets at the start: "[720pMkv.Com]_sons.of.anarchy…", "[ www.Speed.cd ] -Sons…".
	for {
		loc := leadingSite.FindStringIndex(s)
		if loc == nil || loc[1] >= len(s) {
			break
		}
		s = s[loc[1]:]
	}
	end := len(s)      // where the title ends: the first tag
	var spans [][2]int // where tags are, so a dash inside one ("WEB-DL") is not a group's

	// The year: the last year-like word that is not the very start of the name ("1917",
	// "2001.A.Space.Odyssey.1968", "Blade.Runner.2049.2017").
	years := findAll(yearRe, s)
	for i := len(years) - 1; i >= 0; i-- {
		if years[i][0] == 0 {
			continue
		}
		in.Year, _ = strconv.Atoi(s[years[i][0]:years[i][1]])
		end = years[i][0]
		break
	}
	if m := firstMatch(episodeRe, s); m != nil {
		in.Season, in.Episode = seasonEpisode(s, m)
		end = min(end, m[0])
	}
	if m := absEpisodeRe.FindStringSubmatchIndex(s); m != nil && m[0] > 0 {
		if in.Episode == 0 {
			in.Episode, _ = strconv.Atoi(s[m[2]:m[3]])
		}
		end = min(end, m[0])
	}
	for _, t := range tags {
		for _, m := range findAll(t.re, s) {
			if m[0] == 0 {
				continue // a title may start with a word that looks like a tag ("Dc", "3D Rarities")
			}
			v := s[m[0]:m[1]]
			switch t.name {
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
			spans = append(spans, m)
			if !t.weak {
				end = min(end, m[0])
			}
		}
	}
	// A bracket opened inside the title range ends it: "Title (CamRip / 2014)".
	if i := strings.IndexAny(s[:end], "([{"); i > 0 {
		end = i
	}
	if m := groupRe.FindStringSubmatchIndex(s); m != nil && m[2] > end && !inside(spans, m[0]) {
		in.Group = s[m[2]:m[3]]
	}
	in.Title = cleanTitle(s[:end])
	if in.Title == "" {
		// Nothing before the first tag ("2014.mkv"): the name itself is the title.
		in.Title = cleanTitle(s)
		in.Year = 0
	}
	return in
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
// separators when the name has no spaces (a name with spaces keeps "S.H.I.E.L.D."), and
// dangling punctuation at the end goes.
func cleanTitle(t string) string {
	if !strings.Contains(strings.TrimSpace(t), " ") {
		t = separators.ReplaceAllString(t, " ")
	} else {
		t = strings.ReplaceAll(t, "_", " ")
	}
	t = spaces.ReplaceAllString(t, " ")
	t = strings.TrimLeft(t, " -_.")
	return strings.TrimRight(strings.TrimSpace(t), " -_([{/,:")
}
