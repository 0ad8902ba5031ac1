package ocr_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"github.com/reel-app/reel/player/ocr"
)

// readTrack reads every picture of a clip's subtitle track as text.
func readTrack(t testing.TB, path string, stream int, lang string) []ocr.TimedText {
	t.Helper()
	r, err := ocr.NewReader(lang)
	if err != nil {
		t.Skip(err)
	}
	defer r.Close()
	var out []ocr.TimedText
	_, err = ffmpeg.PictureSubtitles(context.Background(), path, stream, func(c ffmpeg.PictureCue) error {
		var lines []string
		for _, p := range c.Pictures {
			text, err := r.Read(p.Image)
			if err != nil {
				return err
			}
			if text != "" {
				lines = append(lines, text)
			}
		}
		out = append(out, ocr.TimedText{Start: c.Start, End: c.End, Text: strings.Join(lines, "\n")})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func written(t testing.TB, path string) []ocr.TimedText {
	t.Helper()
	tr, err := subtitle.ReadFile(path, "srt", "")
	if err != nil {
		t.Fatal(err)
	}
	var out []ocr.TimedText
	for _, c := range tr.Cues {
		out = append(out, ocr.TimedText{Start: c.Start, End: c.End, Text: c.Text})
	}
	return out
}

// The Popeye clips' picture tracks and their .srt files were made by the same author: the
// text read from the pictures is measured against the .srt, character by character.
func TestPopeyeCharacterErrorRate(t *testing.T) {
	// The PGS track has no pictures for two of its .srt's sixteen lines ("He spread out his
	// wings…" and the first "Sinbad the sailor!": ffprobe shows a clear at 35.333 s and 50.5 s
	// with no picture before them), so those count as missed, not misread.
	clips := []struct {
		name   string
		missed int
	}{
		{"popeye-part2-hevc-pgs", 2},
		{"popeye-part3-hevc-vobsub", 0},
	}
	for _, c := range clips {
		t.Run(c.name, func(t *testing.T) {
			video := ffmpegtest.SharedMedia(t, "real/"+c.name+".mkv")
			srt := ffmpegtest.SharedMedia(t, "real/"+c.name+".en.srt")
			read := readTrack(t, video, 1, "eng")
			want := written(t, srt)
			sc := ocr.CharErrorRate(read, want)
			t.Logf("%d cues read, %d written: CER %.2f%% (%d edits in %d characters), %.2f%% over the %d lines the track has pictures for",
				len(read), len(want), 100*sc.CER, sc.Edits, sc.Chars, 100*sc.ShownCER, len(want)-sc.Missed)
			for _, r := range read {
				t.Logf("  %v–%v %q", r.Start, r.End, r.Text)
			}
			if sc.ShownCER > 0.03 || sc.Missed != c.missed {
				t.Errorf("CER %.3f over the lines shown (want ≤ 0.03), %d lines missed (want %d)", sc.ShownCER, sc.Missed, c.missed)
			}
		})
	}
}

func TestLanguage(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"eng", "eng"}, {"en", "eng"}, {"", "eng"}, {"und", "eng"},
		{"chi", "chi_sim"}, {"zho", "chi_sim"}, {"zh-Hans", "chi_sim"}, {"zh-Hant", "chi_tra"}, {"zh-TW", "chi_tra"},
		{"fre", "fra"}, {"fr", "fra"}, {"ger", "deu"}, {"de", "deu"}, {"spa", "spa"}, {"jpn", "jpn"}, {"pt-BR", "por"},
	}
	for _, tt := range tests {
		if got := ocr.Language(tt.tag); got != tt.want {
			t.Errorf("Language(%q) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

// A language whose data is not installed is a clear error naming the package.
func TestMissingLanguagePack(t *testing.T) {
	_, err := ocr.NewReader("tlh") // Klingon: no Debian package installs it
	if !errors.Is(err, ocr.ErrNoLanguage) || !strings.Contains(err.Error(), "tesseract-ocr-tlh") {
		t.Fatalf("err = %v, want ErrNoLanguage naming tesseract-ocr-tlh", err)
	}
}

func TestCharErrorRate(t *testing.T) {
	want := []ocr.TimedText{{Start: 0, End: 10, Text: "<i>Hello\nthere</i>"}, {Start: 20, End: 30, Text: "abc"}}
	read := []ocr.TimedText{{Start: 1, End: 9, Text: "Hel1o there"}}
	sc := ocr.CharErrorRate(read, want)
	if sc.Edits != 1+3 || sc.Chars != 11+3 || sc.Missed != 1 {
		t.Errorf("score %+v, want 4 edits in 14 characters, 1 missed", sc)
	}
}
