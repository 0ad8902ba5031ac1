package textenc

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

type sample struct {
	lang, enc string
	lines     []string
}

func samples(t testing.TB) []sample {
	t.Helper()
	f, err := os.Open("testdata/lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "#") || line == "":
		case strings.HasPrefix(line, "= "):
			f := strings.Fields(line[2:])
			out = append(out, sample{lang: f[0], enc: f[1]})
		default:
			out[len(out)-1].lines = append(out[len(out)-1].lines, line)
		}
	}
	return out
}

func encode(t testing.TB, enc, s string) []byte {
	t.Helper()
	l, ok := lookup(enc)
	if !ok {
		t.Fatalf("no encoding %s", enc)
	}
	b, err := l.enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q in %s: %v", s, enc, err)
	}
	return b
}

// As a whole file, each sample reads back as it was written, whether or not the file's name
// says its language.
func TestDetectFiles(t *testing.T) {
	for _, s := range samples(t) {
		text := strings.Join(s.lines, "\r\n") + "\r\n"
		data := encode(t, s.enc, text)
		for _, lang := range []string{s.lang, ""} {
			got, enc := DecodeLang(data, lang)
			if got != text {
				t.Errorf("%s %s, hint %q: read as %s: %q", s.lang, s.enc, lang, enc, firstLine(got))
			}
		}
	}
}

// Line by line, with the language the file's name says, every line reads back; without it,
// most do (a single short line is little to go on), and the rate is logged.
func TestDetectLines(t *testing.T) {
	right, all := 0, 0
	for _, s := range samples(t) {
		for _, line := range s.lines {
			data := encode(t, s.enc, line)
			if got, enc := DecodeLang(data, s.lang); got != line {
				t.Errorf("%s %s line %q: read as %s: %q", s.lang, s.enc, line, enc, got)
			}
			all++
			if got, enc := DecodeLang(data, ""); got == line {
				right++
			} else {
				t.Logf("no hint: %s %s %q read as %s: %q", s.lang, s.enc, line, enc, got)
			}
		}
	}
	t.Logf("single lines without a language: %d of %d", right, all)
	if right*10 < all*8 {
		t.Errorf("single lines without a language: %d of %d read right, want 80 %%", right, all)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// An .nfo's XML declaration names its encoding, and is believed over the detector.
func TestDecodeXMLDeclared(t *testing.T) {
	text := "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<movie><title>Брат</title></movie>\n"
	got, enc := Decode(encode(t, "windows-1251", text))
	if got != text || enc != "windows-1251" {
		t.Errorf("read as %s: %q", enc, got)
	}
	for _, tt := range []struct{ tag, want string }{
		{"zh-Hant-TW", "zh-hant"}, {"zh-TW", "zh-hant"}, {"zh-Hans", "zh-hans"}, {"zh", "zh"},
		{"chi", "zh"}, {"pt-BR", "pt"}, {"ru", "ru"}, {"", ""},
	} {
		if got := hintKey(tt.tag); got != tt.want {
			t.Errorf("hintKey(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}
