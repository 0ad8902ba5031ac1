package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reel-app/reel/index/nfo"
	"github.com/reel-app/reel/index/release"
)

// Film is one film file in the library.
type Film struct {
	ID      string // stable for a path: the first 12 hex digits of its SHA-256
	Path    string
	Title   string
	Year    int
	Edition string // "Extended", "Director's Cut", … from the file or folder name
	Plot    string
	Genres  []string
	Watched bool    // the user has watched it (from the user's data)
	Played  float64 // how far the user got, 0–1 (position over length), 0 when not started
	Size    int64
	ModTime time.Time
}

// Warning is a file or folder that could not be used, and why.
type Warning struct {
	Path   string
	Reason string
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

// ListFilms walks the roots and returns the films found, sorted by title, with a warning for
// each folder or file that could not be read. Hidden files and folders (a leading dot) are
// skipped, which also skips partial downloads and Reel's own temporary files.
func ListFilms(ctx context.Context, roots []string) ([]Film, []Warning, error) {
	var films []Film
	var warns []Warning
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				warns = append(warns, Warning{Path: p, Reason: err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && p != root {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !IsVideo(d.Name()) {
				return nil
			}
			if !utf8.ValidString(p) {
				warns = append(warns, Warning{Path: p, Reason: "file name is not valid UTF-8"})
			}
			info, err := os.Stat(p) // follows a link to the film
			if err != nil {
				if d.Type()&fs.ModeSymlink != 0 {
					err = fmt.Errorf("broken link: %w", err)
				}
				warns = append(warns, Warning{Path: p, Reason: err.Error()})
				return nil
			}
			f := Film{ID: FilmID(p), Path: p, Size: info.Size(), ModTime: info.ModTime()}
			f.Title, f.Year, f.Edition = TitleFromName(p)
			if n, err := readNFO(p); err == nil {
				f.applyNFO(n)
			} else if !errors.Is(err, fs.ErrNotExist) {
				warns = append(warns, Warning{Path: p, Reason: "nfo skipped: " + err.Error()})
			}
			films = append(films, f)
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			warns = append(warns, Warning{Path: root, Reason: err.Error()})
		}
	}
	sort.SliceStable(films, func(i, j int) bool {
		return strings.ToLower(films[i].Title) < strings.ToLower(films[j].Title)
	})
	return films, warns, nil
}

// FilmID is the id of the film at path.
func FilmID(path string) string {
	sum := sha256.Sum256([]byte(path))
	return hex.EncodeToString(sum[:6])
}

func (f *Film) applyNFO(n nfo.Movie) {
	if n.Title != "" {
		f.Title = n.Title
	}
	if n.Year > 0 {
		f.Year = n.Year
	}
	f.Plot = n.Plot
	f.Genres = n.Genres
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
