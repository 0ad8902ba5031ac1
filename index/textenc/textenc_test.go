package textenc

import (
	"strings"
	"testing"
	"unicode/utf16"
)

func lines(t *testing.T, data []byte, limit int) (got []string, cuts []int, enc string) {
	t.Helper()
	l := NewLines(strings.NewReader(string(data)), limit)
	for {
		line, cut, ok := l.Next()
		if !ok {
			break
		}
		got = append(got, line)
		cuts = append(cuts, cut)
	}
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return got, cuts, l.Encoding()
}

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestLines(t *testing.T) {
	long := strings.Repeat("é", 200) // 400 bytes
	for _, tt := range []struct {
		name  string
		data  []byte
		limit int
		want  []string
		cuts  []int
		enc   string
	}{
		{"LF", []byte("a\nb\n"), 256, []string{"a", "b"}, []int{0, 0}, "utf-8"},
		{"CRLF", []byte("a\r\nb\r\n"), 256, []string{"a", "b"}, []int{0, 0}, "utf-8"},
		{"CR only", []byte("a\rb\r\rc"), 256, []string{"a", "b", "", "c"}, []int{0, 0, 0, 0}, "utf-8"},
		{"no end", []byte("a"), 256, []string{"a"}, []int{0}, "utf-8"},
		{"empty", nil, 256, nil, nil, "utf-8"},
		{"BOM", []byte("\xEF\xBB\xBFCafé\n"), 256, []string{"Café"}, []int{0}, "utf-8"},
		{"Windows-1252", []byte("Caf\xe9\r\nok\r\n"), 256, []string{"Café", "ok"}, []int{0, 0}, "windows-1252"},
		{"UTF-16 LE", utf16le("Café\r\nè\r\n", true), 256, []string{"Café", "è"}, []int{0, 0}, "utf-16le"},
		{"UTF-16 LE, no mark", utf16le("Hello there\nand again\n", false), 256, []string{"Hello there", "and again"}, []int{0, 0}, "utf-16le"},
		// A line at the limit with CRLF is whole; a longer one is cut at a character's start.
		{"at the limit", []byte(strings.Repeat("x", 256) + "\r\nnext"), 256, []string{strings.Repeat("x", 256), "next"}, []int{0, 0}, "utf-8"},
		{"cut", []byte("x" + long + "\nnext\n"), 256, []string{"x" + strings.Repeat("é", 127), "next"}, []int{401 - 255, 0}, "utf-8"},
		// A CR-only file longer than a line's limit is still its lines.
		{"long CR-only file", []byte(strings.Repeat("line of text\r", 5000)), 256, nil, nil, "utf-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, cuts, enc := lines(t, tt.data, tt.limit)
			if tt.name == "long CR-only file" {
				if len(got) != 5000 || got[4999] != "line of text" {
					t.Errorf("%d lines, last %q", len(got), got[len(got)-1])
				}
				return
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) || enc != tt.enc {
				t.Errorf("lines %q (%s), want %q (%s)", got, enc, tt.want, tt.enc)
			}
			for i := range cuts {
				if i < len(tt.cuts) && cuts[i] != tt.cuts[i] {
					t.Errorf("line %d cut %d, want %d", i+1, cuts[i], tt.cuts[i])
				}
			}
		})
	}
}
