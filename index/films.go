package index

import (
	"os"
	"path/filepath"
	"strings"
	"time"

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

// TitleFromName reads a film's title, year and edition from its file name, and from its
// folder's when the file name lacks them: "Film (1999)/Film (1999).mkv", "1917 (2019)/1917.mkv"
// and "Film.1999.1080p.BluRay.x264-GRP.mkv" all work (see package release).
func TitleFromName(path string) (title string, year int, edition string) {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	file := release.Parse(base)
	folder := release.Parse(filepath.Base(filepath.Dir(path)))
	title, year, edition = file.Title, file.Year, file.Edition
	if year == 0 && folder.Year > 0 && strings.EqualFold(folder.Title, title) {
		year = folder.Year // the folder often carries the year the file name lacks
	}
	if edition == "" && strings.EqualFold(folder.Title, title) {
		edition = folder.Edition
	}
	return title, year, edition
}

// exists reports whether a regular file is at path.
func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}
