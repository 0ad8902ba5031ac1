package index

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSidecars(t *testing.T) {
	dir := t.TempDir()
	film := filepath.Join(dir, "Film (2001).mkv")
	for _, name := range []string{"Film (2001).mkv", "Film (2001).srt", "Film (2001).en.srt", "Film (2001).eng.forced.srt",
		"Film (2001).English.sdh.vtt", "Film (2001).zh.ass", "Film (2001).pt-BR.srt", "Other (1999).en.srt",
		"Film (2001).nfo", "Subs/2_Spanish.srt", "Film (2001).xx1.srt"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	got := Sidecars(film)
	want := []SubtitleFile{
		{Path: "Film (2001).English.sdh.vtt", Format: "vtt", Language: "en", SDH: true},
		{Path: "Film (2001).en.srt", Format: "srt", Language: "en"},
		{Path: "Film (2001).eng.forced.srt", Format: "srt", Language: "en", Forced: true},
		{Path: "Film (2001).pt-BR.srt", Format: "srt", Language: "pt"},
		{Path: "Film (2001).srt", Format: "srt"},
		{Path: "Film (2001).xx1.srt", Format: "srt"},
		{Path: "Film (2001).zh.ass", Format: "ass", Language: "zh"},
		{Path: "Subs/2_Spanish.srt", Format: "srt", Language: "es"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d sidecars %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		want[i].Path = filepath.Join(dir, want[i].Path)
		if got[i] != want[i] {
			t.Errorf("sidecar %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestBaseLanguage(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"eng", "en"}, {"en", "en"}, {"English", "en"}, {"chi", "zh"}, {"zho", "zh"}, {"zh-Hans", "zh"},
		{"zh_CN", "zh"}, {"pt-BR", "pt"}, {"", ""}, {"und", ""}, {"xx-nonsense-tag", ""},
	} {
		if got := BaseLanguage(c.in); got != c.want {
			t.Errorf("BaseLanguage(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
