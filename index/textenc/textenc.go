// Package textenc turns the bytes of a text file of unknown encoding (a subtitle, an .nfo)
// into UTF-8: a byte order mark is honoured (UTF-8, UTF-16 LE or BE), UTF-16 without one is
// recognised by its zero bytes, valid UTF-8 is taken as it is, and anything else is read as
// Windows-1252, the superset of Latin-1 that old Western files use.
package textenc

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Decode returns the text and the name of the encoding it found: "utf-8", "utf-16le",
// "utf-16be" or "windows-1252".
func Decode(b []byte) (string, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "utf-8"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return utf16Text(b[2:], true), "utf-16le"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return utf16Text(b[2:], false), "utf-16be"
	}
	// UTF-16 without a mark: text in Latin script has a zero in every other byte.
	if len(b) >= 4 {
		var even, odd int
		n := min(len(b), 512)
		for i := 0; i < n; i++ {
			if b[i] == 0 {
				if i%2 == 0 {
					even++
				} else {
					odd++
				}
			}
		}
		switch {
		case odd > n/4 && even < n/20:
			return utf16Text(b, true), "utf-16le"
		case even > n/4 && odd < n/20:
			return utf16Text(b, false), "utf-16be"
		}
	}
	if utf8.Valid(b) {
		return string(b), "utf-8"
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD"), "utf-8"
	}
	return string(out), "windows-1252"
}

func utf16Text(b []byte, little bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if little {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	return string(utf16.Decode(u))
}
