package index

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// nfo is the part of a Kodi movie .nfo the library list uses.
type nfo struct {
	Title  string   `xml:"title"`
	Year   int      `xml:"-"`
	YearS  string   `xml:"year"`
	Plot   string   `xml:"plot"`
	Genres []string `xml:"genre"`
}

// nfoMaxSize bounds what is read of an .nfo: real ones are a few KiB.
const nfoMaxSize = 1 << 20

// readNFO reads the .nfo that belongs to a film: "<file>.nfo", else "movie.nfo" in its folder.
// It returns an error wrapping fs.ErrNotExist when there is none.
func readNFO(film string) (nfo, error) {
	base := strings.TrimSuffix(film, filepath.Ext(film))
	var lastErr error
	for _, p := range []string{base + ".nfo", filepath.Join(filepath.Dir(film), "movie.nfo")} {
		f, err := os.Open(p)
		if err != nil {
			lastErr = err
			continue
		}
		data, err := io.ReadAll(io.LimitReader(f, nfoMaxSize))
		f.Close()
		if err != nil {
			return nfo{}, err
		}
		n, err := parseNFO(data)
		if err != nil {
			return nfo{}, fmt.Errorf("%s: %w", filepath.Base(p), err)
		}
		return n, nil
	}
	return nfo{}, lastErr
}

// parseNFO decodes a movie .nfo leniently: HTML entities, unclosed tags and a trailing URL line
// (Kodi allows one after the XML) do not fail it.
func parseNFO(data []byte) (nfo, error) {
	var n nfo
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := dec.Token()
		if err != nil {
			return n, fmt.Errorf("no <movie> element: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && strings.EqualFold(se.Name.Local, "movie") {
			if err := dec.DecodeElement(&n, &se); err != nil && n.Title == "" {
				return n, err
			}
			break
		}
	}
	if y, err := strconv.Atoi(strings.TrimSpace(n.YearS)); err == nil && y > 1800 && y < 3000 {
		n.Year = y
	}
	return n, nil
}
