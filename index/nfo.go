package index

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-app/reel/index/nfo"
)

// readNFO reads the .nfo that belongs to a film: "<file>.nfo", else "movie.nfo" in its folder.
// It returns an error wrapping fs.ErrNotExist when there is none.
func readNFO(film string) (nfo.Movie, error) {
	base := strings.TrimSuffix(film, filepath.Ext(film))
	var lastErr error
	for _, p := range []string{base + ".nfo", filepath.Join(filepath.Dir(film), "movie.nfo")} {
		f, err := os.Open(p)
		if err != nil {
			lastErr = err
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, nfo.MaxSize))
		f.Close()
		if err != nil {
			return nfo.Movie{}, err
		}
		m, err := nfo.Parse(data)
		if err != nil {
			return nfo.Movie{}, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		return m, nil
	}
	return nfo.Movie{}, lastErr
}
