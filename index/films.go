package index

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/reel-app/reel/index/release"
)

// Film is one film file in the library.
type Film struct {
	ID      string // the film's id in the store
	Path    string
	Title   string
	Year    int
	Edition string // "Extended", "Director's Cut", … from the file or folder name
	Plot    string
	Genres  []string
	Watched bool    // the user has watched it (from the user's data)
	Played  float64 // how far the user got, 0–1 (position over length), 0 when not started
	Rating  int     // the user's stars, 1–5, 0 for none
	Size    int64
	ModTime time.Time
}

// Warning is a file or folder that could not be used, and why.
type Warning struct {
	Path   string
	Reason string
	// Film is the film the warning belongs to, when it was found reading one (its .nfo,
	// subtitles, artwork, the film itself); the film keeps it too (store.Film.Warnings). ""
	// for what is not a film at all (a pipe under a film's name, a link out of the library).
	Film string
}

// videoExts are the file endings Reel treats as films.
var videoExts = map[string]bool{
	".mkv": true, ".mp4": true, ".m4v": true, ".mov": true, ".avi": true, ".webm": true,
	".ts": true, ".m2ts": true, ".mpg": true, ".mpeg": true, ".wmv": true, ".flv": true,
	".ogv": true, ".3gp": true,
}

// IsVideo reports whether a file name has a film's extension.
func IsVideo(name string) bool {
	return videoExts[strings.ToLower(filepath.Ext(name))]
}

// NameRules is the version of TitleFromName's rules, kept with each film: raise it when they
// change, and the next scan reads the titles of the films already in the library again.
const NameRules = 2

// TitleFromName reads a film's title, year and edition from its file name and its folder's,
// and takes the better-formed of the two: "Film (1999)/Film (1999).mkv", "1917 (2019)/1917.mkv"
// and "Film.1999.1080p.BluRay.x264-GRP.mkv" all work (see package release), and so do a scene
// release's short file name inside its well-named folder ("Alice in Wonderland
// DVDRip.XviD-DiAMOND/dmd-aw.avi") and a film split on discs ("Film.1999.DVDRip-GRP/CD1/…").
func TitleFromName(path string) (title string, year int, edition string) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	file := release.Parse(base)
	dir := filepath.Base(filepath.Dir(path))
	if discFolder.MatchString(dir) {
		dir = filepath.Base(filepath.Dir(filepath.Dir(path)))
	}
	folder := release.Parse(dir)
	title, year, edition = file.Title, file.Year, file.Edition
	// A folder speaks for the film when it is the film's own: it has a year, or release tags.
	// "Films", "Comedy" or "Downloads" does not.
	own := folder.Title != "" && (folder.Year > 0 || folder.Source != "" || folder.Resolution != "" || folder.Codec != "" || folder.Group != "")
	fk, dk := titleKey(file.Title), titleKey(folder.Title)
	switch {
	case fk != "" && fk == dk:
		// The same title: the folder's spelling when a person wrote it ("Spider-Man (2002)"
		// over "Spider.Man.2002…"), the file's otherwise.
		if curated(dir, folder) {
			title = folder.Title
		}
	case own && (obfuscated(base, file, folder.Group) || (curated(dir, folder) && folder.Year > 0 && file.Year == 0 && fk != "" && strings.Contains(dk, fk))),
		folder.Title != "" && abbreviates(base, folder.Title):
		// The file's name says less than the folder's: a scene group's short name ("dmd-aw"),
		// a number, a hash, or a shortened title ("The Prestige (2006)/prestige.mkv").
		return folder.Title, folder.Year, firstOf(file.Edition, folder.Edition)
	default:
		return title, year, edition
	}
	if year == 0 {
		year = folder.Year // the folder often carries the year the file name lacks
	}
	return title, year, firstOf(edition, folder.Edition)
}

// discFolder is a folder holding one disc of a film: "CD1", "Disc 2", "DVD1".
var discFolder = regexp.MustCompile(`(?i)^(?:cd|dis[ck]|dvd|part)[\s._-]?\d{1,2}$`)

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// titleKey is a title reduced to compare spellings: lower case, letters and digits only.
func titleKey(t string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(t) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// curated says whether a folder name (and what release.Parse read of it) reads as a person
// wrote it, "Title (Year)" rather than a release's dotted name: spaces, and no tags after the
// title.
func curated(name string, in release.Info) bool {
	return strings.Contains(name, " ") && in.Source == "" && in.Resolution == "" && in.Codec == "" && in.Group == ""
}

var (
	// sceneShort is how groups name the file inside a release folder: their abbreviation, a
	// dash, and a shortened title, all in lower case ("dmd-aw", "arw-repack-greenberg.dvdrip").
	sceneShort = regexp.MustCompile(`^([a-z0-9]{1,12})-[a-z0-9][a-z0-9.\-]*$`)
	hashLike   = regexp.MustCompile(`^(?:[0-9a-fA-F]{8,}|[A-Za-z0-9]{12,}|\d+)$`)
	generic    = regexp.MustCompile(`(?i)^(?:movie|film|video|feature|main|title[\s._-]?t?\d*|vts[\s._-]\d+[\s._-]\d+|\d{5}|cd\d|dis[ck]\s?\d)$`)
)

// abbreviates says whether a scene file name ("dmd-aw", "i-smwhr") is a group's abbreviation
// and a shortening of title: its letters, in order, within the title's, from its first.
func abbreviates(base, title string) bool {
	_, short, ok := strings.Cut(base, "-")
	if !ok || !sceneShort.MatchString(base) {
		return false
	}
	return subsequence(titleKey(release.Parse(short).Title), titleKey(title))
}

// subsequence says whether short's letters are in full, in order, from full's first letter.
func subsequence(short, full string) bool {
	s, f := []rune(short), []rune(full)
	if len(s) == 0 || len(f) == 0 || s[0] != f[0] {
		return false
	}
	i := 0
	for _, r := range f {
		if i < len(s) && r == s[i] {
			i++
		}
	}
	return i == len(s)
}

// obfuscated says whether a file name hides the title: a scene group's short name, a hash, a
// number, a generic name, or a title too short to be one.
func obfuscated(base string, file release.Info, group string) bool {
	if m := sceneShort.FindStringSubmatch(base); m != nil && (len(m[1]) <= 6 || subsequence(m[1], strings.ToLower(group))) {
		return true // "dmd-aw", or the group's whole name: "amiable-charade" by AMIABLE
	}
	if hashLike.MatchString(base) || generic.MatchString(strings.TrimSpace(base)) {
		return true
	}
	if file.Year > 0 || file.Source != "" || file.Resolution != "" || file.Codec != "" {
		return false // "Up.2009.1080p.BluRay": a short title, and a release's name
	}
	letters := 0
	for _, r := range file.Title {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters <= 3
}

// exists reports whether a regular file is at path.
func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
