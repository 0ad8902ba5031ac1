package index

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

// SubtitleFile is a subtitle file that belongs to a film.
type SubtitleFile struct {
	Path     string
	Format   string // "srt", "vtt", "ass"
	Language string // BCP 47 ("en", "zh-Hans", …), "" when the name does not say
	Forced   bool   // only the lines in another language
	SDH      bool   // for the deaf and hard of hearing
}

var subtitleExts = map[string]string{".srt": "srt", ".vtt": "vtt", ".ass": "ass", ".ssa": "ass"}

// languageNames are the language names release groups write instead of codes.
var languageNames = map[string]string{
	"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
	"portuguese": "pt", "brazilian": "pt-BR", "dutch": "nl", "swedish": "sv", "norwegian": "no",
	"danish": "da", "finnish": "fi", "polish": "pl", "russian": "ru", "japanese": "ja",
	"korean": "ko", "chinese": "zh", "chs": "zh-Hans", "cht": "zh-Hant", "arabic": "ar",
	"hebrew": "he", "greek": "el", "turkish": "tr", "hindi": "hi", "czech": "cs", "hungarian": "hu",
}

// Sidecars finds a film's subtitle files: "<file>.srt", "<file>.en.srt",
// "<file>.en.forced.srt", "<file>.English.sdh.vtt", … beside it, or in a "Subs" or "Subtitles"
// folder beside it. They are sorted by path.
func Sidecars(film string) []SubtitleFile {
	dir := filepath.Dir(film)
	base := strings.TrimSuffix(filepath.Base(film), filepath.Ext(film))
	var out []SubtitleFile
	for _, d := range []string{dir, filepath.Join(dir, "Subs"), filepath.Join(dir, "Subtitles"), filepath.Join(dir, "subs")} {
		entries, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name := e.Name()
			format, ok := subtitleExts[strings.ToLower(filepath.Ext(name))]
			if !ok || e.IsDir() {
				continue
			}
			stem := strings.TrimSuffix(name, filepath.Ext(name))
			var tags string
			switch {
			case stem == base:
			case strings.HasPrefix(stem, base+"."):
				tags = stem[len(base)+1:]
			case d != dir:
				tags = stem // in a Subs folder: "English.srt", "2_eng.srt"
			default:
				continue
			}
			sf := SubtitleFile{Path: filepath.Join(d, name), Format: format}
			for _, tag := range strings.FieldsFunc(strings.ToLower(tags), func(r rune) bool { return r == '.' || r == '_' || r == ' ' || r == '-' }) {
				switch tag {
				case "forced", "foreign":
					sf.Forced = true
				case "sdh", "cc", "hi":
					sf.SDH = true
				case "default":
				default:
					if sf.Language == "" {
						sf.Language = languageTag(tag)
					}
				}
			}
			out = append(out, sf)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// BaseLanguage is the ISO 639-1 code of a language tag as films and subtitle files write it
// ("eng", "chi", "zho", "zh-Hans", "pt-BR", "english"), or "" when it names none: two tracks
// are in the same language when their base languages are equal.
func BaseLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "und" || tag == "mul" || tag == "zxx" { // undetermined, several, no language
		return ""
	}
	if v := languageTag(tag); v != "" {
		return v
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	if base, conf := t.Base(); conf != language.No {
		return base.String()
	}
	return ""
}

// languageTag reads a language code or name ("en", "eng", "pt-BR", "english"), or returns "".
func languageTag(s string) string {
	if v, ok := languageNames[s]; ok {
		return v
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	tag, err := language.Parse(s)
	if err != nil {
		return ""
	}
	if base, conf := tag.Base(); conf != language.No {
		return base.String()
	}
	return ""
}
