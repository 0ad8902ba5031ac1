// Package subtitle reads subtitle files (SubRip .srt, WebVTT .vtt, ASS/SSA) in any common
// encoding into cues of plain text for search and for the assistant: UTF-8 with or without a
// byte order mark, UTF-16 LE or BE (with or without one), else Windows-1252 (a superset of
// Latin-1); CRLF, LF and CR-only line ends. Styling (<i>, {\an8}, <c.yellow>) is dropped and
// entities decoded. A cue that cannot be read is skipped with a warning naming its line; a file
// with nothing readable is an error. Parse never panics (fuzzed).
package subtitle

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reel-app/reel/index/textenc"
	"github.com/reel-app/reel/player/regularfile"
)

// Cue is one subtitle: what is said from Start to End.
type Cue struct {
	Start, End time.Duration
	Text       string // plain text, lines joined with "\n"
}

// Warning is a part of a file that was skipped, and why.
type Warning struct {
	Line   int
	Reason string
}

// Track is a parsed subtitle file.
type Track struct {
	Format   string // "srt", "vtt" or "ass"
	Encoding string // "utf-8", "utf-16le", "utf-16be" or a legacy encoding ("gb18030", "windows-1251", …)
	Cues     []Cue
	Warnings []Warning
	// Cut says what of the file was left out when it passed a limit ("" when it was read
	// whole).
	Cut string
	// More is how many warnings there were past the ones listed (at most 100 are).
	More int
	over bool // a cue came past MaxCues
}

// The limits of what Read takes from one file. A feature film's subtitles are under 200 KiB
// with 1,000-2,500 cues of a line or two; a file past a limit is read up to it, and Track.Cut
// says what was left out.
const (
	MaxSize     = 16 << 20 // bytes read from a file
	MaxCues     = 20000    // cues kept
	MaxLine     = 64 << 10 // bytes of one line of the file (an ASS drawing can take a few KiB)
	MaxCueText  = 2 << 10  // bytes of one cue's text
	maxWarnings = 100      // warnings kept; the rest are counted
)

// ErrEmpty is returned when a file holds no cue at all.
var ErrEmpty = errors.New("no subtitle cues found")

// Parse reads a subtitle file held in memory; see Read.
func Parse(data []byte, format string) (Track, error) {
	return Read(bytes.NewReader(data), format)
}

// ReadFile reads the subtitle file at path, which must be a regular file (a pipe or a device
// under a subtitle's name is refused, not waited on). lang is the language its name says (a
// BCP 47 tag, "" when it says none): it helps tell which legacy encoding a file not in UTF-8
// is in.
func ReadFile(path, format, lang string) (Track, error) {
	f, _, err := regularfile.Open(path)
	if err != nil {
		return Track{}, regularfile.Explain(err)
	}
	defer f.Close()
	return ReadLang(f, format, lang)
}

// ReadText returns the text of the subtitle file at path in UTF-8, whatever its encoding (see
// ReadFile for lang), up to MaxSize: for a renderer that reads the script itself, such as
// libass, which reads UTF-8 only.
func ReadText(path, lang string) ([]byte, error) {
	f, _, err := regularfile.Open(path)
	if err != nil {
		return nil, regularfile.Explain(err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxSize))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	text, _ := textenc.DecodeLang(b, lang)
	return []byte(text), nil
}

// Read reads a subtitle file as a stream of lines, holding no more than a line and the cues. format is
// "srt", "vtt", "ass" or "ssa", or "" to tell from the content (its first 64 KiB).
func Read(r io.Reader, format string) (Track, error) {
	return ReadLang(r, format, "")
}

// ReadLang is Read for a file in a language its name says (a BCP 47 tag); see ReadFile.
func ReadLang(r io.Reader, format, lang string) (Track, error) {
	counted := &countingReader{r: io.LimitReader(r, MaxSize+1)}
	lines := textenc.NewLinesLang(counted, MaxLine, lang)
	var t Track
	// The first lines, to tell the format from.
	var head []string
	size := 0
	for size < 64<<10 {
		l, cut, ok := lines.Next()
		if !ok {
			break
		}
		t.lineCut(lines.Line(), cut)
		head = append(head, l)
		size += len(l) + 1
	}
	if format == "" {
		format = sniff(strings.Join(head, "\n"))
	}
	var p lineParser
	switch strings.ToLower(format) {
	case "vtt", "webvtt":
		t.Format, p = "vtt", &vttParser{t: &t, header: true}
	case "ass", "ssa":
		t.Format, p = "ass", &assParser{t: &t}
	case "srt", "subrip":
		t.Format, p = "srt", &srtParser{t: &t}
	default:
		return t, fmt.Errorf("unknown subtitle format %q", format)
	}
	for i, l := range head {
		if t.full() {
			break
		}
		p.line(i+1, l)
	}
	for !t.full() {
		l, cut, ok := lines.Next()
		if !ok {
			break
		}
		t.lineCut(lines.Line(), cut)
		p.line(lines.Line(), l)
	}
	if !t.full() {
		p.end()
	}
	t.Encoding = lines.Encoding()
	if err := lines.Err(); err != nil {
		return t, fmt.Errorf("read subtitles after line %d: %w", lines.Line(), regularfile.Explain(err))
	}
	switch {
	case t.full():
		t.Cut = fmt.Sprintf("only the first %d cues were read (the file has more; a film has about 2,000)", MaxCues)
	case counted.n > MaxSize:
		t.Cut = fmt.Sprintf("only the first %d MiB were read (a film's subtitles are under 1 MiB)", MaxSize>>20)
	}
	if len(t.Cues) == 0 {
		if len(t.Warnings) > 0 {
			return t, fmt.Errorf("%w: %s (line %d)", ErrEmpty, t.Warnings[0].Reason, t.Warnings[0].Line)
		}
		return t, ErrEmpty
	}
	return t, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// lineParser reads a format one line at a time.
type lineParser interface {
	line(n int, s string)
	end()
}

func (t *Track) warn(line int, reason string) {
	if len(t.Warnings) >= maxWarnings {
		t.More++
		return
	}
	t.Warnings = append(t.Warnings, Warning{Line: line, Reason: reason})
}

func (t *Track) lineCut(line, cut int) {
	if cut > 0 {
		t.warn(line, fmt.Sprintf("line is %d KiB long: only its first %d KiB were read", (MaxLine+cut)>>10, MaxLine>>10))
	}
}

// add keeps a cue, its text cut to MaxCueText, unless MaxCues are kept already.
func (t *Track) add(line int, c Cue) {
	if len(t.Cues) >= MaxCues {
		t.over = true
		return
	}
	if len(c.Text) > MaxCueText {
		n := MaxCueText
		for n > 0 && !utf8.RuneStart(c.Text[n]) {
			n--
		}
		t.warn(line, fmt.Sprintf("cue text is %d KiB long: cut to %d KiB", len(c.Text)>>10, MaxCueText>>10))
		c.Text = c.Text[:n]
	}
	t.Cues = append(t.Cues, c)
}

func (t *Track) full() bool { return t.over }

func sniff(text string) string {
	head := strings.TrimLeft(text, "\uFEFF \t\n")
	switch {
	case strings.HasPrefix(head, "WEBVTT"):
		return "vtt"
	case strings.HasPrefix(head, "[Script Info]") || strings.Contains(text, "\n[Events]") || strings.HasPrefix(head, "[Events]"):
		return "ass"
	default:
		return "srt"
	}
}

var (
	// SubRip is lax in the wild: "," or "." before milliseconds, 1–3 digit milliseconds or
	// none, one-digit hours, and coordinates after the times.
	srtTiming = regexp.MustCompile(`^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[,.:](\d{1,3}))?\s*-->\s*(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[,.:](\d{1,3}))?`)
	number    = regexp.MustCompile(`^\s*\d+\s*$`)
)

type srtParser struct {
	t     *Track
	cur   *Cue
	at    int // the line of the cue's timing
	body  []string
	bytes int
}

func (p *srtParser) flush() {
	if p.cur == nil {
		return
	}
	body := p.body
	// Drop trailing blank lines, then the next cue's number if it came before its timing.
	for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
		body = body[:len(body)-1]
	}
	if len(body) > 0 && number.MatchString(body[len(body)-1]) {
		body = body[:len(body)-1]
		for len(body) > 0 && strings.TrimSpace(body[len(body)-1]) == "" {
			body = body[:len(body)-1]
		}
	}
	p.cur.Text = plain(strings.Join(body, "\n"))
	if p.cur.Text != "" {
		p.t.add(p.at, *p.cur)
	}
	p.cur, p.body, p.bytes = nil, p.body[:0], 0
}

func (p *srtParser) line(n int, line string) {
	if m := srtTiming.FindStringSubmatch(line); m != nil {
		p.flush()
		start, e1 := clockTime(m[1], m[2], m[3], m[4])
		end, e2 := clockTime(m[5], m[6], m[7], m[8])
		if e1 != nil || e2 != nil || end < start {
			p.t.warn(n, "bad cue timing: "+strings.TrimSpace(line))
			return
		}
		p.cur, p.at = &Cue{Start: start, End: end}, n
		return
	}
	if strings.Contains(line, "-->") {
		p.flush()
		p.t.warn(n, "unreadable cue timing: "+strings.TrimSpace(line))
		return
	}
	if p.cur != nil && p.bytes <= 2*MaxCueText { // a cue's text past its limit is not kept
		p.body = append(p.body, line)
		p.bytes += len(line) + 1
	}
}

func (p *srtParser) end() { p.flush() }

// clockTime reads hours, minutes, seconds and a fraction of up to three digits ("5" is 500 ms).
func clockTime(h, m, s, frac string) (time.Duration, error) {
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	ss, err3 := strconv.Atoi(s)
	if err := errors.Join(err1, err2, err3); err != nil {
		return 0, err
	}
	if mm > 59 || ss > 59 {
		return 0, fmt.Errorf("minutes or seconds over 59")
	}
	var ms int
	if frac != "" {
		f := (frac + "00")[:3]
		ms, _ = strconv.Atoi(f)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second + time.Duration(ms)*time.Millisecond, nil
}

// WebVTT timestamps, as the spec has them: optional hours of two or more digits, two-digit
// minutes and seconds, three-digit milliseconds, "-->" with white space on both sides; cue
// settings may follow. Like vtt.js, a first field of three or more digits in a two-field time
// is hours ("120:10.000" is 120 h 10 min).
var (
	vttStamp  = `(\d{2,}):(\d{2})(?::(\d{2}))?\.(\d{3})`
	vttTiming = regexp.MustCompile(`^` + vttStamp + `[ \t]+-->[ \t]+` + vttStamp + `(?:[ \t]|[a-z]+:|$)`)
)

type vttParser struct {
	t         *Track
	cur       *Cue
	at        int
	body      []string
	bytes     int
	header    bool // the header block runs to the first blank line
	skipBlock bool
	dead      bool // no header: nothing is read
}

func (p *vttParser) flush() {
	if p.cur != nil {
		p.cur.Text = plain(strings.Join(p.body, "\n"))
		p.t.add(p.at, *p.cur)
	}
	p.cur, p.body, p.bytes = nil, p.body[:0], 0
}

func (p *vttParser) line(n int, line string) {
	if n == 1 {
		line = strings.TrimPrefix(line, "\uFEFF")
		if !strings.HasPrefix(line, "WEBVTT") || len(line) > 6 && line[6] != ' ' && line[6] != '\t' {
			p.t.warn(1, "no WEBVTT header")
			p.skipBlock, p.header = true, false
			p.dead = true
		}
		return
	}
	if p.dead {
		return
	}
	if strings.TrimSpace(line) == "" {
		p.flush()
		p.header, p.skipBlock = false, false
		return
	}
	if p.header || p.skipBlock {
		return
	}
	if strings.Contains(line, "-->") {
		from, to, ok, lenient := vttTimes(line)
		if !ok {
			p.flush()
			p.t.warn(n, "bad cue timing: "+line)
			p.skipBlock = true
			return
		}
		if lenient {
			p.t.warn(n, "non-standard cue timing read leniently: "+line)
		}
		p.flush() // a timing line ends the cue before it, even without a blank line
		p.cur, p.at = &Cue{Start: from, End: to}, n
		return
	}
	if p.cur != nil {
		if p.bytes <= 2*MaxCueText {
			p.body = append(p.body, line)
			p.bytes += len(line) + 1
		}
		return
	}
	// Before a timing line: a cue id, or the start of a NOTE, STYLE or REGION block.
	if strings.HasPrefix(line, "NOTE") || strings.HasPrefix(line, "STYLE") || strings.HasPrefix(line, "REGION") {
		p.skipBlock = true
	}
}

func (p *vttParser) end() { p.flush() }

// vttTimes reads a cue timing line; lenient is true when it only reads as SubRip-style times
// (no milliseconds, a comma, one or two fraction digits), which real files have.
func vttTimes(line string) (from, to time.Duration, ok, lenient bool) {
	if m := vttTiming.FindStringSubmatch(line); m != nil {
		f, e1 := vttClock(m[1], m[2], m[3], m[4])
		t, e2 := vttClock(m[5], m[6], m[7], m[8])
		return f, t, e1 == nil && e2 == nil, false
	}
	if m := srtTiming.FindStringSubmatch(line); m != nil {
		f, e1 := clockTime(m[1], m[2], m[3], m[4])
		t, e2 := clockTime(m[5], m[6], m[7], m[8])
		return f, t, e1 == nil && e2 == nil && t >= f, true
	}
	return 0, 0, false, false
}

// vttClock: with three fields, a:b:c.ms is hours, minutes, seconds; with two, a:b.ms is
// minutes and seconds, unless a has three or more digits, which makes it hours and minutes.
func vttClock(a, b, c, ms string) (time.Duration, error) {
	switch {
	case c != "":
		return clockTime(a, b, c, ms)
	case len(a) > 2:
		return clockTime(a, b, "0", ms)
	default:
		return clockTime("0", a, b, ms)
	}
}

type assParser struct {
	t        *Track
	inEvents bool
	fields   []string
}

func (p *assParser) line(n int, line string) {
	line = strings.TrimSpace(line)
	if strings.HasPrefix(line, "[") {
		p.inEvents = strings.EqualFold(line, "[Events]")
		return
	}
	if !p.inEvents {
		return
	}
	key, val, ok := strings.Cut(line, ":")
	if !ok {
		return
	}
	switch strings.TrimSpace(key) {
	case "Format":
		p.fields = nil
		for _, f := range strings.Split(val, ",") {
			p.fields = append(p.fields, strings.ToLower(strings.TrimSpace(f)))
		}
	case "Dialogue":
		fields := p.fields
		if fields == nil {
			fields = []string{"layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"}
		}
		parts := strings.SplitN(strings.TrimSpace(val), ",", len(fields))
		if len(parts) < len(fields) {
			p.t.warn(n, "dialogue line has too few fields")
			return
		}
		var c Cue
		var err1, err2 error
		for k, f := range fields {
			switch f {
			case "start":
				c.Start, err1 = assClock(parts[k])
			case "end":
				c.End, err2 = assClock(parts[k])
			case "text":
				c.Text = plain(assText(parts[k]))
			}
		}
		if err1 != nil || err2 != nil || c.End < c.Start {
			p.t.warn(n, "bad dialogue timing")
			return
		}
		if c.Text != "" {
			p.t.add(n, c)
		}
	}
}

func (p *assParser) end() {}

var assTime = regexp.MustCompile(`^\s*(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?\s*$`)

func assClock(s string) (time.Duration, error) {
	m := assTime.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return clockTime(m[1], m[2], m[3], m[4])
}

var assOverride = regexp.MustCompile(`\{[^}]*\}`)

func assText(s string) string {
	s = assOverride.ReplaceAllString(s, "")
	return strings.NewReplacer(`\N`, "\n", `\n`, "\n", `\h`, " ").Replace(s)
}

var (
	markup  = regexp.MustCompile(`</?[a-zA-Z][^<>]*>|<\d{2}:\d{2}[^<>]*>|</?[0-9a-zA-Z.]*>`)
	blankNL = regexp.MustCompile(`\n[ \t]*\n+`)
)

// Plain turns a cue's text as a file or container holds it into what is said: SubRip and
// WebVTT tags, ASS override blocks and entities removed, blank lines dropped.
func Plain(s string) string { return plain(s) }

// plain removes styling and decodes entities: what remains is what is said.
func plain(s string) string {
	s = markup.ReplaceAllString(s, "")
	s = assOverride.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = strings.ReplaceAll(s, "\u00a0", " ")
	s = blankNL.ReplaceAllString(s, "\n")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
