// Package ocr reads the text of subtitle pictures (PGS, VobSub, DVB) with Tesseract, through
// github.com/otiai10/gosseract. It is a leaf: it knows pictures and language tags, nothing of
// FFmpeg or the library. Debian's libtesseract-dev builds it; each language needs its
// traineddata package (tesseract-ocr-eng, tesseract-ocr-chi-sim, …).
package ocr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
	"golang.org/x/image/draw"
	"golang.org/x/text/language"
)

// ErrNoLanguage is returned when the traineddata for a track's language is not installed.
var ErrNoLanguage = errors.New("OCR language pack not installed")

// A subtitle picture is a few words: Tesseract's own threads only contend with each other.
func init() {
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		_ = os.Setenv("OMP_THREAD_LIMIT", "1")
	}
}

// Language is the Tesseract language for a language tag as films write it ("eng", "en",
// "chi", "zh-Hant", "fre"): Tesseract names its data by ISO 639-2/T code, with chi_sim and
// chi_tra for Chinese. An empty or undetermined tag reads as English.
func Language(tag string) string {
	tag = strings.TrimSpace(tag)
	switch strings.ToLower(tag) {
	case "", "und", "mul", "zxx":
		return "eng"
	case "chi", "zho", "zh", "chs", "zh-cn", "zh-hans", "zh-sg":
		return "chi_sim"
	case "cht", "zh-tw", "zh-hk", "zh-hant", "zh-mo":
		return "chi_tra"
	}
	t, err := language.Parse(tag)
	if err != nil {
		return "eng"
	}
	base, _ := t.Base()
	if base.String() == "zh" {
		if s, _ := t.Script(); s.String() == "Hant" {
			return "chi_tra"
		}
		return "chi_sim"
	}
	if iso3 := base.ISO3(); iso3 != "" {
		return iso3
	}
	return "eng"
}

var (
	installedOnce sync.Once
	installed     map[string]bool
)

// Installed says whether Tesseract has the data for lang (a name Language returns).
func Installed(lang string) bool {
	installedOnce.Do(func() {
		installed = map[string]bool{}
		langs, _ := gosseract.GetAvailableLanguages()
		for _, l := range langs {
			installed[l] = true
		}
	})
	return installed[lang]
}

// Package is the Debian package with lang's data, for telling the user what to install.
func Package(lang string) string {
	return "tesseract-ocr-" + strings.ReplaceAll(lang, "_", "-")
}

// Reader reads subtitle pictures of one language. It is not safe for concurrent use: each
// goroutine that reads has its own.
type Reader struct {
	client *gosseract.Client
	lang   string
}

// NewReader returns a reader for a track in the language tag (see Language), or an error
// wrapping ErrNoLanguage that names the package to install.
func NewReader(tag string) (*Reader, error) {
	lang := Language(tag)
	if !Installed(lang) {
		return nil, fmt.Errorf("%w: %s (Debian: %s)", ErrNoLanguage, lang, Package(lang))
	}
	c := gosseract.NewClient()
	if err := c.SetLanguage(lang); err != nil {
		c.Close()
		return nil, fmt.Errorf("ocr %s: %w", lang, err)
	}
	// A subtitle is a block of one to three centred lines.
	if err := c.SetPageSegMode(gosseract.PSM_SINGLE_BLOCK); err != nil {
		c.Close()
		return nil, fmt.Errorf("ocr %s: %w", lang, err)
	}
	return &Reader{client: c, lang: lang}, nil
}

// Lang is the Tesseract language the reader reads.
func (r *Reader) Lang() string { return r.lang }

// Close frees Tesseract.
func (r *Reader) Close() error { return r.client.Close() }

// Read returns the text of one subtitle picture (straight alpha, as decoders give them),
// line by line; "" when it holds no text.
func (r *Reader) Read(img *image.NRGBA) (string, error) {
	page, ok := Prepare(img)
	if !ok {
		return "", nil
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, page); err != nil {
		return "", fmt.Errorf("ocr: encode picture: %w", err)
	}
	if err := r.client.SetImageFromBytes(buf.Bytes()); err != nil {
		return "", fmt.Errorf("ocr: %w", err)
	}
	text, err := r.client.Text()
	if err != nil {
		return "", fmt.Errorf("ocr %s: %w", r.lang, err)
	}
	return Clean(text, r.lang), nil
}

// Prepare turns a subtitle picture into what Tesseract reads best: dark letters on white,
// cropped to what is drawn with a margin, and enlarged so a line of text is some 40 pixels
// high. Subtitle letters are a bright fill inside a dark outline on a transparent ground: the
// ink is the fill (alpha times brightness), so the outline and the ground both become paper.
// ok is false for a picture with nothing drawn.
func Prepare(img *image.NRGBA) (*image.Gray, bool) {
	b := img.Bounds()
	ink := image.NewGray(b)
	minX, minY, maxX, maxY := b.Max.X, b.Max.Y, b.Min.X, b.Min.Y
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.NRGBAAt(x, y)
			lum := (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000
			v := lum * int(c.A) / 255
			ink.SetGray(x, y, color.Gray{Y: uint8(255 - v)})
			if v > 96 {
				minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x+1), max(maxY, y+1)
			}
		}
	}
	if maxX <= minX || maxY <= minY {
		return nil, false
	}
	crop := image.Rect(minX, minY, maxX, maxY)
	// One line of subtitle text is 20–60 pixels high on its canvas; smaller is enlarged.
	scale := 1
	switch h := crop.Dy(); {
	case h < 24:
		scale = 3
	case h < 48:
		scale = 2
	}
	const margin = 16
	out := image.NewGray(image.Rect(0, 0, crop.Dx()*scale+2*margin, crop.Dy()*scale+2*margin))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	dst := image.Rect(margin, margin, margin+crop.Dx()*scale, margin+crop.Dy()*scale)
	if scale == 1 {
		draw.Draw(out, dst, ink, crop.Min, draw.Src)
	} else {
		draw.CatmullRom.Scale(out, dst, ink, crop, draw.Src, nil)
	}
	return out, true
}

// Clean tidies Tesseract's text: lines trimmed, empty ones dropped, the ligatures and quotes
// its English model likes replaced by what subtitles write; Chinese loses the spaces
// Tesseract puts between characters.
func Clean(text, lang string) string {
	rep := strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "’", "'", "‘", "'", "“", "\"", "”", "\"", "—", "-", "|", "I")
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(rep.Replace(l))
		if strings.HasPrefix(lang, "chi") || lang == "jpn" || lang == "kor" {
			l = joinCJK(l)
		}
		if l != "" {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
	}
	return strings.Join(lines, "\n")
}

// joinCJK removes the spaces between two CJK characters.
func joinCJK(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if c == ' ' && i > 0 && i+1 < len(r) && isCJK(r[i-1]) && isCJK(r[i+1]) {
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func isCJK(r rune) bool {
	return (r >= 0x3000 && r <= 0x9fff) || (r >= 0xac00 && r <= 0xd7af) || (r >= 0xff00 && r <= 0xffef)
}
