package subtitle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/reel-app/reel/sharedtest"
)

func shared(t *testing.T) string {
	t.Helper()
	return sharedtest.Path(t, "subtitles")
}

func parseFile(t *testing.T, rel string) Track {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(shared(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Parse(data, "")
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return tr
}

func ms(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Tears of Steel's official subtitles: the same 76 cues in four encodings and line endings.
func TestTearsOfSteel(t *testing.T) {
	tests := []struct {
		file, enc, contains string
	}{
		{"tears-of-steel/TOS-en.srt", "utf-8", "You're a jerk, Thom."},
		{"tears-of-steel/TOS-de.srt", "utf-8", "Thom"},
		{"tears-of-steel/TOS-no.srt", "utf-16le", "Thom"},
		{"tears-of-steel/TOS-ru.srt", "utf-8", "Том"},
	}
	var first []Cue
	for _, tt := range tests {
		tr := parseFile(t, tt.file)
		if tr.Format != "srt" || tr.Encoding != tt.enc || len(tr.Cues) != 76 || len(tr.Warnings) != 0 {
			t.Errorf("%s: format %s encoding %s, %d cues, warnings %v", tt.file, tr.Format, tr.Encoding, len(tr.Cues), tr.Warnings)
			continue
		}
		all := ""
		for _, c := range tr.Cues {
			all += c.Text + "\n"
			if strings.ContainsAny(c.Text, "\r\uFEFF") {
				t.Errorf("%s: cue text %q keeps a CR or BOM", tt.file, c.Text)
			}
		}
		if !strings.Contains(all, tt.contains) {
			t.Errorf("%s: no %q in the text", tt.file, tt.contains)
		}
		if first == nil {
			first = tr.Cues
		} else if tr.Cues[10].Start != first[10].Start {
			t.Errorf("%s: cue 11 at %v, English at %v", tt.file, tr.Cues[10].Start, first[10].Start)
		}
	}
}

// Jellyfin's SrtParserTests and AssParserTests expectations, with styling removed.
func TestJellyfinExamples(t *testing.T) {
	tests := []struct {
		file  string
		n     int
		first Cue
	}{
		{"jellyfin/example.srt", 2, Cue{ms("2m17.44s"), ms("2m20.375s"), "Senator, we're making\nour final approach into Coruscant."}},
		{"jellyfin/example2.srt", 2, Cue{ms("16m46.465s"), ms("16m49.009s"), "Una vez que la gente se entere\nde que ustedes están aquí,"}},
		{"jellyfin/example.ass", 1, Cue{ms("1.18s"), ms("6.85s"), "Like an Angel with pity on nobody\nThe second line in subtitle"}},
	}
	for _, tt := range tests {
		tr := parseFile(t, tt.file)
		if len(tr.Cues) != tt.n || tr.Cues[0] != tt.first {
			t.Errorf("%s: %d cues, first %+v; want %d, %+v", tt.file, len(tr.Cues), tr.Cues[0], tt.n, tt.first)
		}
	}
}

// go-astisub's fixtures: CR-only line ends, Windows-1252, HTML entities, a missing sequence
// number, a broken VTT, SSA.
func TestAstisubFixtures(t *testing.T) {
	dir := filepath.Join(shared(t), "go-astisub")
	for _, name := range []string{"example-in.srt", "example-in.vtt", "example-in.ssa", "example-in-carriage-return.srt",
		"example-in-carriage-return.vtt", "example-in-carriage-return.ssa", "example-in-non-utf8.srt", "example-in-non-utf8.vtt",
		"example-in-html-entities.srt", "example-in-html-entities.vtt", "missing-sequence-in.srt", "example-in-styled.srt"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		tr, err := Parse(data, "")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, c := range tr.Cues {
			if c.End < c.Start || tag.MatchString(c.Text) || strings.ContainsAny(c.Text, "{}\r") || !utf8Valid(c.Text) {
				t.Errorf("%s: cue %+v", name, c)
			}
		}
		t.Logf("%-36s %s %-12s %2d cues, %d warnings", name, tr.Format, tr.Encoding, len(tr.Cues), len(tr.Warnings))
	}
	// astisub's "non-utf8" files are UTF-16LE with a byte order mark.
	if tr := parseFile(t, "go-astisub/example-in-non-utf8.srt"); tr.Encoding != "utf-16le" || len(tr.Cues) != 6 {
		t.Errorf("non-utf8: encoding %s, %d cues", tr.Encoding, len(tr.Cues))
	}
	if tr := parseFile(t, "go-astisub/example-in-html-entities.srt"); !strings.Contains(joined(tr), "&") {
		t.Errorf("entities not decoded: %q", joined(tr))
	}
	// A broken VTT gives what it can and says what it skipped.
	data, _ := os.ReadFile(filepath.Join(dir, "broken-1-in.vtt"))
	if tr, err := Parse(data, ""); err == nil && len(tr.Warnings) == 0 {
		t.Logf("broken-1-in.vtt: %d cues, no warnings", len(tr.Cues))
	}
}

var tag = regexp.MustCompile(`<[a-z/][^>]*>`)

func TestEncodingsDetected(t *testing.T) {
	cue := "1\r\n00:00:01,000 --> 00:00:02,500\r\nCaf\u00e9 cr\u00e8me\r\n"
	le, be := []byte{}, []byte{}
	for _, r := range utf16.Encode([]rune(cue)) {
		le = append(le, byte(r), byte(r>>8))
		be = append(be, byte(r>>8), byte(r))
	}
	tests := []struct {
		name string
		in   []byte
		enc  string
	}{
		{"utf-8", []byte(cue), "utf-8"},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, cue...), "utf-8"},
		{"utf-16le bom", append([]byte{0xFF, 0xFE}, le...), "utf-16le"},
		{"utf-16be bom", append([]byte{0xFE, 0xFF}, be...), "utf-16be"},
		{"utf-16le no bom", le, "utf-16le"},
		{"windows-1252", []byte(strings.NewReplacer("\u00e9", "\xe9", "\u00e8", "\xe8").Replace(cue)), "windows-1252"},
		{"cr only", []byte(strings.ReplaceAll(cue, "\r\n", "\r")), "utf-8"},
	}
	for _, tt := range tests {
		tr, err := Parse(tt.in, "")
		if err != nil || tr.Encoding != tt.enc || len(tr.Cues) != 1 || tr.Cues[0].Text != "Caf\u00e9 cr\u00e8me" || tr.Cues[0].End != 2500*time.Millisecond {
			t.Errorf("%s: %+v %v", tt.name, tr, err)
		}
	}
}

func joined(tr Track) string {
	var b strings.Builder
	for _, c := range tr.Cues {
		b.WriteString(c.Text + "\n")
	}
	return b.String()
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// The vtt.js WebVTT conformance files with their expected cues: counts, times and text.
func TestWebVTTConformance(t *testing.T) {
	root := filepath.Join(shared(t), "webvtt-vttjs")
	total, pass := 0, 0
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || !strings.HasSuffix(p, ".vtt") {
			return nil
		}
		want, err := os.ReadFile(strings.TrimSuffix(p, ".vtt") + ".json")
		if err != nil {
			return nil
		}
		var exp struct {
			Cues []struct {
				StartTime float64 `json:"startTime"`
				EndTime   float64 `json:"endTime"`
				Text      string  `json:"text"`
			} `json:"cues"`
		}
		if json.Unmarshal(want, &exp) != nil {
			return nil
		}
		total++
		data, _ := os.ReadFile(p)
		tr, _ := Parse(data, "vtt")
		ok := len(tr.Cues) == len(exp.Cues)
		for i := 0; ok && i < len(exp.Cues); i++ {
			c, e := tr.Cues[i], exp.Cues[i]
			ok = c.Start == time.Duration(e.StartTime*1000+0.5)*time.Millisecond &&
				c.End == time.Duration(e.EndTime*1000+0.5)*time.Millisecond &&
				c.Text == plain(e.Text)
		}
		if ok {
			pass++
		} else {
			rel, _ := filepath.Rel(root, p)
			t.Logf("differs: %s: got %d cues %+v, want %d", rel, len(tr.Cues), tr.Cues, len(exp.Cues))
		}
		return nil
	})
	t.Logf("WebVTT conformance: %d of %d files give the expected cues", pass, total)
	if total < 100 || float64(pass) < 0.9*float64(total) {
		t.Errorf("WebVTT conformance %d of %d", pass, total)
	}
}

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<i>Hello</i> <b>world</b>", "Hello world"},
		{"<font color=\"#ff0000\">Red</font>", "Red"},
		{"<v Roger Bingham>We are in New York City", "We are in New York City"},
		{"<c.yellow.bg_blue>text</c>", "text"},
		{"{\\an8}Top", "Top"},
		{"Tom &amp; Jerry &lt;3", "Tom & Jerry <3"},
		{"one\n\n  two  ", "one\ntwo"},
	}
	for _, tt := range tests {
		if got := plain(tt.in); got != tt.want {
			t.Errorf("plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestErrors(t *testing.T) {
	if _, err := Parse([]byte("just words\nno cues\n"), "srt"); err == nil {
		t.Error("no error for a file without cues")
	}
	tr, err := Parse([]byte("1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:99,000 --> 00:00:02,000\nbad\n"), "")
	if err != nil || len(tr.Cues) != 1 || len(tr.Warnings) != 1 || tr.Warnings[0].Line != 6 {
		t.Errorf("one bad cue: %+v %v", tr, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("1\n00:00:01,000 --> 00:00:02,000\nHi\n"), "")
	f.Add([]byte("WEBVTT\n\n00:01.000 --> 00:02.000\n<i>x"), "vtt")
	f.Add([]byte("[Events]\nFormat: Start, End, Text\nDialogue: 0:00:01.00,0:00:02.00,{\\i1}x"), "ass")
	f.Add([]byte{0xFF, 0xFE, 0x31, 0x00}, "")
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		tr, err := Parse(data, format)
		if err == nil {
			for _, c := range tr.Cues {
				if c.End < c.Start && tr.Format != "vtt" {
					t.Errorf("cue ends before it starts: %+v", c)
				}
			}
		}
	})
}
