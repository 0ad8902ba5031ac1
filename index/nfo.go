package index

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/reel-app/reel/index/nfo"
	"github.com/reel-app/reel/player/regularfile"
)

// readNFO reads the .nfo that belongs to a film: "<file>.nfo", else "movie.nfo" in its folder.
// It returns an error wrapping fs.ErrNotExist when there is none, and says in cut when the
// file was larger than nfo.MaxSize and only its start was read.
func readNFO(film string) (m nfo.Movie, cut string, err error) {
	base := strings.TrimSuffix(film, filepath.Ext(film))
	for _, p := range []string{base + ".nfo", filepath.Join(filepath.Dir(film), "movie.nfo")} {
		data, size, isCut, err := regularfile.ReadAll(p, nfo.MaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nfo.Movie{}, "", fmt.Errorf("%s: %s", filepath.Base(p), regularfile.Reason(err))
		}
		if isCut {
			cut = fmt.Sprintf("%s is %d MiB: only its first %d MiB were read (what comes after, a plot or a cast, is left out)",
				filepath.Base(p), size>>20, nfo.MaxSize>>20)
		}
		m, err := nfo.Parse(data)
		if err != nil {
			return nfo.Movie{}, cut, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		return m, cut, nil
	}
	return nfo.Movie{}, "", fs.ErrNotExist
}
