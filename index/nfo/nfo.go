// Package nfo reads Kodi movie .nfo files: the XML Kodi, MediaElch, Radarr and Jellyfin write
// beside a film, and the plain "just a link" files some tools leave instead. It is lenient,
// because real .nfo files are hand-edited: HTML entities, unclosed tags, a byte order mark,
// UTF-16, Latin-1/Windows-1252, numbers with a decimal comma and a URL after the XML all parse.
// What it cannot read it rejects with an error saying why; it never panics.
package nfo

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/reel-app/reel/index/textenc"
)

// Movie is what a movie .nfo says. Empty fields were absent.
type Movie struct {
	Title         string
	OriginalTitle string
	SortTitle     string
	Year          int
	Premiered     time.Time
	Plot          string
	Outline       string
	Tagline       string
	Runtime       time.Duration
	MPAA          string
	Genres        []string
	Tags          []string
	Countries     []string
	Studios       []string
	Directors     []string
	Writers       []string // <credits> and <writer>
	Actors        []Actor
	Ratings       []Rating
	Rating        float64 // the default rating, 0–10 (0 when none)
	Votes         int     // the voters behind Rating (0 when unknown)
	Top250        int     // the place in IMDb's top 250 (0 for none)
	UserRating    float64 // the user's own, 0–10
	PlayCount     int
	LastPlayed    time.Time
	Set           string // the collection ("Justice League Collection")
	Trailer       string
	IDs           map[string]string // "imdb", "tmdb", "tvdb", "tmdbcol", …
}

// Actor is one credited performer.
type Actor struct {
	Name  string
	Role  string
	Order int
	Thumb string
}

// Rating is one source's rating.
type Rating struct {
	Name    string
	Value   float64
	Max     float64
	Votes   int
	Default bool
}

// MaxSize is the most of a file Parse reads: real .nfo files are a few KiB.
const MaxSize = 1 << 20

// ErrNotMovie is returned for a file that is neither a movie .nfo nor a link to one.
var ErrNotMovie = errors.New("not a movie .nfo: no <movie> element and no IMDb or TMDB link")

// Parse reads a movie .nfo.
func Parse(data []byte) (Movie, error) {
	if len(data) > MaxSize {
		data = data[:MaxSize]
	}
	text, _ := textenc.Decode(data)
	var m Movie
	raw, found, xmlErr := decodeXML(text)
	if found {
		m = raw.movie()
	}
	// IDs from links: a Radarr-style file is nothing else, and Kodi allows one after the XML.
	for k, v := range linkIDs(text) {
		if m.IDs == nil {
			m.IDs = map[string]string{}
		}
		if _, ok := m.IDs[k]; !ok {
			m.IDs[k] = v
		}
	}
	if !found && len(m.IDs) == 0 {
		if xmlErr != nil {
			return Movie{}, fmt.Errorf("%w (%v)", ErrNotMovie, xmlErr)
		}
		return Movie{}, ErrNotMovie
	}
	return m, nil
}

// The XML as Kodi writes it.
type xmlMovie struct {
	Title         string      `xml:"title"`
	OriginalTitle string      `xml:"originaltitle"`
	SortTitle     string      `xml:"sorttitle"`
	Year          string      `xml:"year"`
	Premiered     string      `xml:"premiered"`
	Released      string      `xml:"releasedate"`
	Plot          string      `xml:"plot"`
	Outline       string      `xml:"outline"`
	Tagline       string      `xml:"tagline"`
	Runtime       string      `xml:"runtime"`
	MPAA          string      `xml:"mpaa"`
	Genres        []string    `xml:"genre"`
	Tags          []string    `xml:"tag"`
	Countries     []string    `xml:"country"`
	Studios       []string    `xml:"studio"`
	Directors     []string    `xml:"director"`
	Credits       []string    `xml:"credits"`
	Writers       []string    `xml:"writer"`
	Actors        []xmlActor  `xml:"actor"`
	Ratings       []xmlRating `xml:"ratings>rating"`
	Rating        string      `xml:"rating"`
	Community     string      `xml:"communityrating"`
	Votes         string      `xml:"votes"`
	Top250        string      `xml:"top250"`
	UserRating    string      `xml:"userrating"`
	PlayCount     string      `xml:"playcount"`
	LastPlayed    string      `xml:"lastplayed"`
	Set           xmlSet      `xml:"set"`
	Trailer       string      `xml:"trailer"`
	UniqueIDs     []xmlID     `xml:"uniqueid"`
	IMDB          string      `xml:"imdbid"`
	TMDB          string      `xml:"tmdbid"`
	ID            string      `xml:"id"`
}

type xmlActor struct {
	Name  string `xml:"name"`
	Role  string `xml:"role"`
	Order string `xml:"order"`
	Thumb string `xml:"thumb"`
	Type  string `xml:"type"`
}

type xmlRating struct {
	Name    string `xml:"name,attr"`
	Max     string `xml:"max,attr"`
	Default string `xml:"default,attr"`
	Value   string `xml:"value"`
	Votes   string `xml:"votes"`
}

// xmlSet is both forms Kodi has used: <set>Name</set> and <set><name>Name</name></set>.
type xmlSet struct {
	Text    string `xml:",chardata"`
	Name    string `xml:"name"`
	TMDBCol string `xml:"tmdbcolid,attr"`
}

type xmlID struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

// decodeXML finds the <movie> element and decodes it. found is false when there is none.
func decodeXML(text string) (xmlMovie, bool, error) {
	dec := xml.NewDecoder(strings.NewReader(text))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	// The text is UTF-8 by now, whatever the declaration says.
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var m xmlMovie
	for {
		tok, err := dec.Token()
		if err != nil {
			return m, false, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || !strings.EqualFold(se.Name.Local, "movie") {
			continue
		}
		err = dec.DecodeElement(&m, &se)
		// A file cut off mid-way still gives what came before the cut.
		return m, true, err
	}
}

func (x xmlMovie) movie() Movie {
	m := Movie{
		Title:         clean(x.Title),
		OriginalTitle: clean(x.OriginalTitle),
		SortTitle:     clean(x.SortTitle),
		Plot:          clean(x.Plot),
		Outline:       clean(x.Outline),
		Tagline:       clean(x.Tagline),
		MPAA:          clean(x.MPAA),
		Genres:        split(x.Genres),
		Tags:          split(x.Tags),
		Countries:     split(x.Countries),
		Studios:       split(x.Studios),
		Directors:     split(x.Directors),
		Writers:       split(append(append([]string{}, x.Credits...), x.Writers...)),
		Trailer:       clean(x.Trailer),
		Set:           clean(x.Set.Name),
		PlayCount:     atoi(x.PlayCount),
		IDs:           map[string]string{},
	}
	if m.Set == "" {
		m.Set = clean(x.Set.Text)
	}
	if y := atoi(x.Year); y > 1800 && y < 3000 {
		m.Year = y
	}
	for _, d := range []string{x.Premiered, x.Released} {
		if t, ok := date(d); ok {
			m.Premiered = t
			if m.Year == 0 {
				m.Year = t.Year()
			}
			break
		}
	}
	if mins := atoi(x.Runtime); mins > 0 {
		m.Runtime = time.Duration(mins) * time.Minute
	}
	if t, ok := date(x.LastPlayed); ok {
		m.LastPlayed = t
	}
	for _, a := range x.Actors {
		if name := clean(a.Name); name != "" {
			m.Actors = append(m.Actors, Actor{Name: name, Role: clean(a.Role), Order: atoi(a.Order), Thumb: clean(a.Thumb)})
		}
	}
	for _, r := range x.Ratings {
		v, ok := number(r.Value)
		max, _ := number(r.Max)
		if max <= 0 {
			max = 10
		}
		if !ok || v < 0 || v > max {
			continue
		}
		rt := Rating{Name: clean(r.Name), Value: v, Max: max, Votes: atoi(strings.ReplaceAll(r.Votes, ",", "")), Default: strings.EqualFold(strings.TrimSpace(r.Default), "true")}
		m.Ratings = append(m.Ratings, rt)
		if rt.Default || m.Rating == 0 {
			m.Rating, m.Votes = v*10/max, rt.Votes
		}
	}
	// The older single-value forms; a value outside 0–10 is a mistake and is ignored.
	for _, s := range []string{x.Rating, x.Community} {
		if v, ok := number(s); ok && v >= 0 && v <= 10 && len(m.Ratings) == 0 {
			m.Rating = v
		}
	}
	if m.Votes == 0 {
		m.Votes = max(0, atoi(strings.NewReplacer(",", "", ".", "", " ", "").Replace(x.Votes)))
	}
	if n := atoi(x.Top250); n > 0 && n <= 250 {
		m.Top250 = n
	}
	if v, ok := number(x.UserRating); ok && v >= 0 && v <= 10 {
		m.UserRating = v
	}
	for _, id := range x.UniqueIDs {
		if t, v := strings.ToLower(strings.TrimSpace(id.Type)), clean(id.Value); t != "" && v != "" {
			m.IDs[t] = v
		}
	}
	if v := clean(x.Set.TMDBCol); v != "" {
		m.IDs["tmdbcol"] = v
	}
	if v := clean(x.IMDB); v != "" {
		m.IDs["imdb"] = v
	}
	if v := clean(x.TMDB); v != "" {
		m.IDs["tmdb"] = v
	}
	if v := clean(x.ID); strings.HasPrefix(v, "tt") {
		m.IDs["imdb"] = v
	}
	return m
}

var (
	imdbLink = regexp.MustCompile(`imdb\.com/title/(tt\d{5,10})`)
	tmdbLink = regexp.MustCompile(`themoviedb\.org/movie/(\d+)`)
	tvdbLink = regexp.MustCompile(`thetvdb\.com/.*?[?&]id=(\d+)`)
)

func linkIDs(text string) map[string]string {
	out := map[string]string{}
	for k, re := range map[string]*regexp.Regexp{"imdb": imdbLink, "tmdb": tmdbLink, "tvdb": tvdbLink} {
		if m := re.FindStringSubmatch(text); m != nil {
			out[k] = m[1]
		}
	}
	return out
}

func clean(s string) string { return strings.TrimSpace(s) }

// split cleans a list field; a value may itself hold several, separated by "/", "|" or ",".
func split(vals []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '|' || r == ',' }) {
			if p := clean(part); p != "" && !seen[strings.ToLower(p)] {
				seen[strings.ToLower(p)] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// number reads "7.5" and the decimal-comma "7,5".
func number(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func date(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
