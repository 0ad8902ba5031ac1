// Package textenc turns the bytes of a text file of unknown encoding (a subtitle, an .nfo)
// into UTF-8: a byte order mark is honoured (UTF-8, UTF-16 LE or BE), UTF-16 without one is
// recognised by its zero bytes, valid UTF-8 is taken as it is, an XML declaration's encoding is
// honoured, and anything else is detected (see Detect) among the legacy encodings people's files
// are really in: GB18030/GBK, Big5, Shift-JIS, EUC-JP, EUC-KR, Windows-1250 to 1258,
// ISO-8859-x, KOI8-R/U and IBM866, helped by the file's language when its name says it.
package textenc

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Decode returns the text and the name of the encoding it found: "utf-8", "utf-16le",
// "utf-16be" or a legacy encoding's WHATWG name ("gb18030", "windows-1251", …).
func Decode(b []byte) (string, string) {
	return DecodeLang(b, "")
}

// DecodeLang is Decode for a file whose name says its language (a BCP 47 tag, "" for none).
func DecodeLang(b []byte, lang string) (string, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "utf-8"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return utf16Text(b[2:], true), "utf-16le"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return utf16Text(b[2:], false), "utf-16be"
	}
	// UTF-16 without a mark: text in Latin script has a zero in every other byte.
	switch sniffUTF16(b[:min(len(b), 512)]) {
	case "utf-16le":
		return utf16Text(b, true), "utf-16le"
	case "utf-16be":
		return utf16Text(b, false), "utf-16be"
	}
	if utf8.Valid(b) {
		return string(b), "utf-8"
	}
	l, ok := lookup(xmlDeclared(b))
	if !ok || l.name == "utf-8" {
		l = detect(b, lang)
	}
	out, err := l.enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD"), "utf-8"
	}
	return string(out), l.name
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

// Lines reads text of unknown encoding as lines, without holding more than one line and the
// first 256 KiB: the encoding is found as Decode finds it (a byte order mark, or UTF-16's zero
// bytes in the first 512 bytes, or Detect over the first 256 KiB when they are not UTF-8). A
// line that is valid UTF-8 in a file of another encoding is taken as UTF-8 when it reads better
// so; a line that is not UTF-8 in a file whose start is, is detected on its own. CRLF, LF and
// CR-only line ends all end a line. A line longer than the limit is cut there (the rest of it
// is skipped, and Next says how much).
type Lines struct {
	r         *bufio.Reader
	max       int
	utf16     bool
	enc       string
	lang      string
	legacy    legacy // the encoding detected from the start, when it is not UTF-8
	buf       []byte
	err       error
	n         int
	sawLegacy string
	sawUTF8   bool
}

// NewLines reads r; limit is the longest line returned, in bytes (at least 256).
func NewLines(r io.Reader, limit int) *Lines {
	return NewLinesLang(r, limit, "")
}

// NewLinesLang is NewLines for a file whose name says its language (a BCP 47 tag, "" for none).
func NewLinesLang(r io.Reader, limit int, lang string) *Lines {
	br := bufio.NewReaderSize(r, sampleSize)
	l := &Lines{max: max(limit, 256), lang: lang}
	head, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		l.enc = "utf-8"
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		br.Discard(2)
		l.enc, l.utf16 = "utf-16le", true
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		br.Discard(2)
		l.enc, l.utf16 = "utf-16be", true
	default:
		if enc := sniffUTF16(head); enc != "" {
			l.enc, l.utf16 = enc, true
		}
	}
	if l.utf16 {
		e := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		if l.enc == "utf-16be" {
			e = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		}
		br = bufio.NewReaderSize(transform.NewReader(br, e.NewDecoder()), 64<<10)
	}
	if l.enc == "" {
		sample, _ := br.Peek(sampleSize)
		if !validUTF8Prefix(sample) {
			l.legacy = detect(sample, lang)
		}
	}
	l.r = br
	return l
}

// validUTF8Prefix says whether b is UTF-8 but for a character cut off at its end.
func validUTF8Prefix(b []byte) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
}

// sniffUTF16 recognises UTF-16 without a byte order mark by its zero bytes.
func sniffUTF16(b []byte) string {
	if len(b) < 4 {
		return ""
	}
	var even, odd int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	n := len(b)
	switch {
	case odd > n/4 && even < n/20:
		return "utf-16le"
	case even > n/4 && odd < n/20:
		return "utf-16be"
	}
	return ""
}

// Next returns the next line and how many bytes of it were cut off; ok is false at the end
// (then Err says whether reading failed). A line ends at LF, CRLF or a CR alone.
func (l *Lines) Next() (line string, cut int, ok bool) {
	if l.err != nil {
		return "", 0, false
	}
	buf, dropped, got := l.buf[:0], 0, false
	for {
		c, err := l.r.ReadByte()
		if err != nil {
			l.err = err
			if !got {
				return "", 0, false
			}
			break
		}
		got = true
		if c == '\n' {
			break
		}
		if c == '\r' {
			if next, err := l.r.Peek(1); err == nil && next[0] == '\n' {
				l.r.ReadByte()
			}
			break
		}
		if len(buf) < l.max {
			buf = append(buf, c)
		} else {
			dropped++
		}
	}
	if dropped > 0 {
		// Cut at the limit: not in the middle of a character.
		for i := len(buf) - 1; i >= 0 && i >= len(buf)-4; i-- {
			if utf8.RuneStart(buf[i]) {
				if !utf8.FullRune(buf[i:]) {
					dropped += len(buf) - i
					buf = buf[:i]
				}
				break
			}
		}
	}
	l.buf = buf
	l.n++
	return l.decode(buf), dropped, true
}

func (l *Lines) decode(b []byte) string {
	if l.utf16 || isASCII(b) {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	valid := utf8.Valid(b)
	enc := l.legacy
	if enc.enc == nil {
		if valid {
			l.sawUTF8 = true
			return string(b)
		}
		enc = detect(b, l.lang)
	}
	out, err := enc.enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	if valid && plausibility(string(b)) >= plausibility(string(out)) {
		l.sawUTF8 = true
		return string(b)
	}
	if l.sawLegacy == "" {
		l.sawLegacy = enc.name
	}
	return string(out)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// Line is the number of the line Next returned last, from 1.
func (l *Lines) Line() int { return l.n }

// Err is the read error that ended the lines, nil at the end of the text.
func (l *Lines) Err() error {
	if l.err == io.EOF {
		return nil
	}
	return l.err
}

// Encoding names the encoding read so far: "utf-8", "utf-16le", "utf-16be" or a legacy
// encoding's WHATWG name ("gb18030", "big5", "shift_jis", "windows-1251", …) when a line was
// in it and no line was UTF-8 beyond ASCII.
func (l *Lines) Encoding() string {
	switch {
	case l.enc != "":
		return l.enc
	case l.sawLegacy != "" && !l.sawUTF8:
		return l.sawLegacy
	default:
		return "utf-8"
	}
}
