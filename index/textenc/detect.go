package textenc

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/wlynxg/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
)

// A legacy encoding: its name as Reel reports it and the decoder's encoding.
type legacy struct {
	name string
	enc  encoding.Encoding
}

func lookup(name string) (legacy, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "gb2312", "gbk", "gb18030", "cp936", "euc-cn", "hz-gb-2312":
		// GB18030 reads all of GBK and GB2312.
		name = "gb18030"
	case "iso-8859-1", "latin1", "latin-1", "ascii", "us-ascii":
		name = "windows-1252"
	case "cp949", "uhc", "ks_c_5601-1987":
		name = "euc-kr" // the WHATWG EUC-KR decoder is Microsoft's CP949
	case "big5-hkscs", "cp950":
		name = "big5"
	case "cp932", "windows-31j", "sjis", "shift-jis":
		name = "shift_jis"
	case "iso-8859-11", "tis-620":
		name = "windows-874"
	case "maccyrillic":
		name = "x-mac-cyrillic"
	case "cp866":
		name = "ibm866"
	}
	e, err := htmlindex.Get(name)
	if err != nil || e == nil {
		return legacy{}, false
	}
	if canon, err := htmlindex.Name(e); err == nil {
		name = canon
	}
	if name == "gbk" {
		name = "gb18030"
		e, _ = htmlindex.Get(name)
	}
	return legacy{name, e}, true
}

// Encodings by language: what files in that language were written in before UTF-8, the
// likeliest first. The keys are base languages, or base-script for Chinese.
var byLanguage = map[string][]string{
	"zh-hans": {"gb18030", "big5"},
	"zh-hant": {"big5", "gb18030"},
	"zh":      {"gb18030", "big5"},
	"ja":      {"shift_jis", "euc-jp", "iso-2022-jp"},
	"ko":      {"euc-kr"},
	"ru":      {"windows-1251", "koi8-r", "ibm866", "iso-8859-5"},
	"uk":      {"windows-1251", "koi8-u"},
	"be":      {"windows-1251"},
	"bg":      {"windows-1251", "iso-8859-5"},
	"sr":      {"windows-1251", "windows-1250"},
	"mk":      {"windows-1251"},
	"cs":      {"windows-1250", "iso-8859-2"},
	"sk":      {"windows-1250", "iso-8859-2"},
	"pl":      {"windows-1250", "iso-8859-2"},
	"hu":      {"windows-1250", "iso-8859-2"},
	"sl":      {"windows-1250", "iso-8859-2"},
	"hr":      {"windows-1250", "iso-8859-2"},
	"bs":      {"windows-1250", "iso-8859-2"},
	"ro":      {"windows-1250", "iso-8859-16", "iso-8859-2"},
	"sq":      {"windows-1250", "windows-1252"},
	"el":      {"windows-1253", "iso-8859-7"},
	"tr":      {"windows-1254", "iso-8859-9"},
	"he":      {"windows-1255", "iso-8859-8"},
	"ar":      {"windows-1256", "iso-8859-6"},
	"fa":      {"windows-1256"},
	"et":      {"windows-1257", "iso-8859-13", "iso-8859-15"},
	"lv":      {"windows-1257", "iso-8859-13", "iso-8859-4"},
	"lt":      {"windows-1257", "iso-8859-13", "iso-8859-4"},
	"vi":      {"windows-1258"},
	"th":      {"windows-874"},
}

// The single-byte encodings tried when nothing says the language.
var singleByte = []string{
	"windows-1252", "windows-1250", "iso-8859-2", "windows-1251", "koi8-r", "ibm866",
	"windows-1253", "iso-8859-7", "windows-1254", "windows-1257", "windows-1255",
	"windows-1256", "windows-874",
}

var multiByte = map[string]bool{
	"gb18030": true, "big5": true, "shift_jis": true, "euc-jp": true, "iso-2022-jp": true,
	"euc-kr": true,
}

// hintKey reduces a language tag to a key of byLanguage ("zh-Hant-TW" → "zh-hant",
// "zh-TW" → "zh-hant", "pt-BR" → "pt").
func hintKey(tag string) string {
	tag = strings.ToLower(strings.ReplaceAll(tag, "_", "-"))
	base, rest, _ := strings.Cut(tag, "-")
	if base == "zh" || base == "zho" || base == "chi" {
		switch {
		case strings.Contains(rest, "hant"), strings.Contains(rest, "tw"), strings.Contains(rest, "hk"),
			strings.Contains(rest, "mo"):
			return "zh-hant"
		case rest != "":
			return "zh-hans"
		}
		return "zh"
	}
	return base
}

// Detect names the encoding of text that is not UTF-8 or UTF-16: lang is the language the file
// is in when something says it (a subtitle's "Film.ru.srt"; "" when nothing does). It weighs a
// statistical detector's candidates (Mozilla's universal charset detector, as ported to Go)
// with how plausible each candidate's decoded text is: its letters in one script a word, in
// one language's alphabet, in natural case, no stray symbols.
func Detect(b []byte, lang string) string {
	return detect(b, lang).name
}

func detect(b []byte, lang string) legacy {
	b = b[:min(len(b), sampleSize)]
	hinted := byLanguage[hintKey(lang)]
	votes := map[string]float64{}
	for _, r := range chardet.DetectAll(b) {
		// Its Latin-1 prober only says that no byte is impossible, which any text passes.
		if l, ok := lookup(r.Encoding); ok && r.Confidence > 0 && l.name != "windows-1252" {
			votes[l.name] = max(votes[l.name], r.Confidence)
		}
	}
	var names []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, n := range hinted {
		add(n)
	}
	add("windows-1252")
	for _, n := range singleByte {
		add(n)
	}
	for _, n := range []string{"gb18030", "big5", "shift_jis", "euc-kr", "euc-jp"} {
		add(n)
	}
	best, bestScore := legacy{}, -1e9
	decoded := map[string]bool{}
	for i, n := range names {
		l, ok := lookup(n)
		if !ok {
			continue
		}
		text, bad := decodeSample(l, b)
		if decoded[text] {
			continue // reads the same as one before it, which is likelier
		}
		decoded[text] = true
		if multiByte[l.name] {
			// A multi-byte encoding that cannot read the bytes is not it; one that can needs
			// the detector's word or the file's language.
			if bad > 0 && bad*200 > len(b) {
				continue
			}
			if bad > 0 && votes[l.name] < 0.2 && !contains(hinted, l.name) {
				continue
			}
		}
		s := plausibility(text) + 0.3*votes[l.name] - float64(bad)/float64(max(1, countHigh(b)))
		switch {
		case contains(hinted, l.name):
			s += 0.3 - 0.01*float64(i)
		case multiByte[l.name] && votes[l.name] == 0:
			s -= 0.3 // neither the detector nor the file's name says so
		}
		if l.name == "windows-1252" {
			s += 0.02 // the Western default wins a tie
		}
		if s > bestScore {
			best, bestScore = l, s
		}
	}
	if best.enc == nil {
		best, _ = lookup("windows-1252")
	}
	return best
}

const sampleSize = 256 << 10

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func countHigh(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return n
}

// decodeSample decodes b and counts the characters that could not be read (a sample may end in
// the middle of a character; that one is not counted).
func decodeSample(l legacy, b []byte) (string, int) {
	out, err := l.enc.NewDecoder().Bytes(b)
	if err != nil {
		// x/text decoders replace what they cannot read; an error is a broken stream.
		return "", len(b)
	}
	s := string(out)
	bad := strings.Count(s, "\uFFFD")
	if strings.HasSuffix(s, "\uFFFD") {
		bad--
	}
	return s, bad
}

// Letters of Latin-script languages beyond ASCII: a text decoded in the right encoding keeps to
// one of these.
var alphabets = []string{
	"àâæçéèêëîïôœùûüÿ",  // French
	"äöüß",              // German
	"áéíñóúü",           // Spanish
	"áâãàçéêíóôõú",      // Portuguese
	"àèéìíîòóùú",        // Italian
	"áéèëïóöü",          // Dutch
	"àçèéíïòóúü",        // Catalan
	"åäöé",              // Swedish, Finnish
	"åæøé",              // Danish, Norwegian
	"áéíóúýþæöð",        // Icelandic
	"áčďéěíňóřšťúůýž",   // Czech
	"áäčďéíĺľňóôŕšťúýž", // Slovak
	"ąćęłńóśźż",         // Polish
	"áéíóöőúüű",         // Hungarian
	"ăâîșțşţ",           // Romanian
	"čćđšž",             // Croatian, Slovene, Bosnian, Serbian
	"çğıöşüâî",          // Turkish
	"äöõüšž",            // Estonian
	"āčēģīķļņšūž",       // Latvian
	"ąčęėįšųūž",         // Lithuanian
	"çë",                // Albanian
}

// Frequent letters of Cyrillic and Greek text: a wrong single-byte decoding shuffles them.
const (
	commonCyrillic = "оеаинтсрвлкмдпуяызь"
	commonGreek    = "αοειτνσςηυρπκμλ"
)

// Punctuation and signs beyond ASCII that real text uses.
const commonSigns = "«»„“”‘’‚–—…°€£¥§©®™·•¡¿ ×±²³½¼¾′″№"

var tagRE = regexp.MustCompile(`<[^<>]{0,80}>|\{\\[^{}]{0,200}\}`)

// plausibility scores decoded text from about -1 (nonsense) to 1 (natural text): it looks only
// at the characters beyond ASCII and the words they stand in.
func plausibility(s string) float64 {
	s = tagRE.ReplaceAllString(s, " ")
	var (
		total, score float64
		latin        []rune
	)
	word := make([]rune, 0, 32)
	flush := func() {
		if len(word) == 0 {
			return
		}
		defer func() { word = word[:0] }()
		high := 0
		scripts := map[string]bool{}
		upper, lower := 0, 0
		for _, r := range word {
			if r >= 0x80 {
				high++
			}
			switch {
			case r < 0x80 || unicode.Is(unicode.Latin, r):
				scripts["latin"] = true
			case unicode.Is(unicode.Cyrillic, r):
				scripts["cyrillic"] = true
			case unicode.Is(unicode.Greek, r):
				scripts["greek"] = true
			case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
				scripts["cjk"] = true
			case unicode.Is(unicode.Hangul, r):
				scripts["hangul"] = true
			case unicode.Is(unicode.Hebrew, r):
				scripts["hebrew"] = true
			case unicode.Is(unicode.Arabic, r):
				scripts["arabic"] = true
			case unicode.Is(unicode.Thai, r):
				scripts["thai"] = true
			default:
				scripts["other"] = true
			}
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		}
		if high == 0 {
			return
		}
		total += float64(high)
		if len(word) == 1 && !strings.ContainsRune("àèéìòóùáíúäöüåæøį", unicode.ToLower(word[0])) &&
			(!scripts["cjk"] || word[0] >= 0xFF61) {
			// A letter beyond ASCII that stands alone is most often a sign read wrong.
			score -= 0.5
			return
		}
		if len(scripts) > 1 || scripts["other"] {
			score -= float64(high)
			return
		}
		// Natural case: all lower, a capital first, or all capitals.
		cased := upper+lower > 0
		natural := !cased || upper == 0 || (upper == 1 && unicode.IsUpper(word[0])) || lower == 0
		if !natural {
			score -= 0.5 * float64(high)
			return
		}
		caps := 1.0
		if cased && lower == 0 && len(word) > 1 {
			caps = 0.7 // real text is mostly lower case
		}
		switch {
		case scripts["latin"]:
			for _, r := range word {
				if r >= 0x80 {
					latin = append(latin, unicode.ToLower(r))
				}
			}
		case scripts["cyrillic"], scripts["greek"]:
			common, core := commonCyrillic, "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў"
			if scripts["greek"] {
				common, core = commonGreek, "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ"
			}
			for _, r := range word {
				lr := unicode.ToLower(r)
				v := 0.3 // a letter of a few languages only, or an archaic one
				switch {
				case strings.ContainsRune(common, lr):
					v = 1
				case strings.ContainsRune(core, lr):
					v = 0.7
				}
				score += v * caps
			}
		case scripts["cjk"], scripts["hangul"]:
			for _, r := range word {
				if r < 0x80 {
					continue
				}
				v := 0.2 // a rare character: likely a wrong decoding
				if commonCJK(r) {
					v = 1
				}
				score += v
			}
		default:
			score += float64(high) * caps
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			word = append(word, r)
			continue
		}
		flush()
		if r < 0x80 || unicode.IsSpace(r) {
			continue
		}
		total++
		switch {
		case r == utf8.RuneError, r < 0xA0:
			score -= 2 // C1 controls: a Windows code page read as ISO-8859
		case strings.ContainsRune(commonSigns, r), unicode.Is(unicode.Han, r), unicode.IsPunct(r) && r >= 0x3000:
			score += 0.5
		default:
			score -= 1
		}
	}
	flush()
	if len(latin) > 0 {
		// The share of the Latin letters beyond ASCII that the best-fitting language has.
		best := 0
		for _, a := range alphabets {
			n := 0
			for _, r := range latin {
				if strings.ContainsRune(a, r) {
					n++
				}
			}
			best = max(best, n)
		}
		score += float64(best) - 0.5*float64(len(latin)-best)
	}
	if total == 0 {
		return 0
	}
	return score / total
}

var (
	cjkOnce   sync.Once
	cjkCommon map[rune]bool
)

// commonCJK says whether r is kana or in the first, common level of GB2312, Big5, JIS X 0208
// or KS X 1001's Hangul: text decoded in the wrong CJK encoding is mostly rarer characters.
func commonCJK(r rune) bool {
	if unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー' {
		return true
	}
	cjkOnce.Do(func() {
		cjkCommon = map[rune]bool{}
		addRange := func(name string, leads, trails [2]byte) {
			l, _ := lookup(name)
			dec := l.enc.NewDecoder()
			for a := int(leads[0]); a <= int(leads[1]); a++ {
				for b := int(trails[0]); b <= int(trails[1]); b++ {
					out, err := dec.Bytes([]byte{byte(a), byte(b)})
					if err != nil {
						continue
					}
					if r, _ := utf8.DecodeRune(out); r != utf8.RuneError {
						cjkCommon[r] = true
					}
				}
			}
		}
		addRange("gb18030", [2]byte{0xB0, 0xD7}, [2]byte{0xA1, 0xFE}) // GB2312 level 1
		addRange("big5", [2]byte{0xA4, 0xC6}, [2]byte{0x40, 0x7E})    // Big5 common characters
		addRange("big5", [2]byte{0xA4, 0xC5}, [2]byte{0xA1, 0xFE})
		addRange("shift_jis", [2]byte{0x88, 0x98}, [2]byte{0x40, 0xFC}) // JIS level 1
		addRange("euc-kr", [2]byte{0xB0, 0xC8}, [2]byte{0xA1, 0xFE})    // KS X 1001 Hangul
	})
	return cjkCommon[r]
}

// xmlDeclared is the encoding an XML declaration names (`<?xml version="1.0"
// encoding="windows-1251"?>`), or "".
func xmlDeclared(b []byte) string {
	head := b[:min(len(b), 200)]
	if !bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("<?xml")) {
		return ""
	}
	m := xmlEncRE.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1])
}

var xmlEncRE = regexp.MustCompile(`(?i)encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)
