// Package subtitle reads subtitle files (SubRip .srt, WebVTT .vtt, ASS/SSA) in any common
// encoding into cues of plain text for search and for the assistant: UTF-8 with or without a
// byte order mark, UTF-16 LE or BE (with or without one), else Windows-1252 (a superset of
// Latin-1); CRLF, LF and CR-only line ends. Styling (<i>, {\an8}, <c.yellow>) is dropped and
// entities decoded. A cue that cannot be read is skipped with a warning naming its line; a file
// with nothing readable is an error. Parse never panics (fuzzed).
package subtitle

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/reel-app/reel/index/textenc"
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
	Encoding string // "utf-8", "utf-16le", "utf-16be" or "windows-1252"
	Cues     []Cue
	Warnings []Warning
}

// MaxSize is the most of a file Parse reads; a feature film's subtitles are under 200 KiB.
const MaxSize = 16 << 20

// ErrEmpty is returned when a file holds no cue at all.
var ErrEmpty = errors.New("no subtitle cues found")

// Parse reads a subtitle file. format is "srt", "vtt", "ass" or "ssa", or "" to tell from the
// content.
func Parse(data []byte, format string) (Track, error) {
	if len(data) > MaxSize {
		return Track{}, fmt.Errorf("subtitle file is %d MiB, more than the %d MiB a subtitle can be", len(data)>>20, MaxSize>>20)
	}
	text, enc := textenc.Decode(data)
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	if format == "" {
		format = sniff(text)
	}
	t := Track{Encoding: enc}
	switch strings.ToLower(format) {
	case "vtt", "webvtt":
		t.Format = "vtt"
		parseVTT(text, &t)
	case "ass", "ssa":
		t.Format = "ass"
		parseASS(text, &t)
	case "srt", "subrip":
		t.Format = "srt"
		parseSRT(text, &t)
	default:
		return t, fmt.Errorf("unknown subtitle format %q", format)
	}
	if len(t.Cues) == 0 {
		if len(t.Warnings) > 0 {
			return t, fmt.Errorf("%w: %s (line %d)", ErrEmpty, t.Warnings[0].Reason, t.Warnings[0].Line)
		}
		return t, ErrEmpty
	}
	return t, nil
}

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

func parseSRT(text string, t *Track) {
	lines := strings.Split(text, "\n")
	var cur *Cue
	var body []string
	flush := func() {
		if cur == nil {
			return
		}
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
		cur.Text = plain(strings.Join(body, "\n"))
		if cur.Text != "" {
			t.Cues = append(t.Cues, *cur)
		}
		cur, body = nil, nil
	}
	for i, line := range lines {
		if m := srtTiming.FindStringSubmatch(line); m != nil {
			flush()
			start, e1 := clockTime(m[1], m[2], m[3], m[4])
			end, e2 := clockTime(m[5], m[6], m[7], m[8])
			if e1 != nil || e2 != nil || end < start {
				t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "bad cue timing: " + strings.TrimSpace(line)})
				continue
			}
			cur = &Cue{Start: start, End: end}
			continue
		}
		if strings.Contains(line, "-->") {
			flush()
			t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "unreadable cue timing: " + strings.TrimSpace(line)})
			continue
		}
		if cur != nil {
			body = append(body, line)
		}
	}
	flush()
}

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

func parseVTT(text string, t *Track) {
	text = strings.TrimPrefix(text, "\uFEFF")
	if !strings.HasPrefix(text, "WEBVTT") || len(text) > 6 && text[6] != ' ' && text[6] != '\t' && text[6] != '\n' {
		t.Warnings = append(t.Warnings, Warning{Line: 1, Reason: "no WEBVTT header"})
		return
	}
	lines := strings.Split(text, "\n")
	var cur *Cue
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = plain(strings.Join(body, "\n"))
			t.Cues = append(t.Cues, *cur)
		}
		cur, body = nil, nil
	}
	header := true // the header block runs to the first blank line
	skipBlock := false
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			flush()
			header, skipBlock = false, false
			continue
		}
		if header || skipBlock {
			continue
		}
		if strings.Contains(line, "-->") {
			from, to, ok, lenient := vttTimes(line)
			if !ok {
				flush()
				t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "bad cue timing: " + line})
				skipBlock = true
				continue
			}
			if lenient {
				t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "non-standard cue timing read leniently: " + line})
			}
			flush() // a timing line ends the cue before it, even without a blank line
			cur = &Cue{Start: from, End: to}
			continue
		}
		if cur != nil {
			body = append(body, line)
			continue
		}
		// Before a timing line: a cue id, or the start of a NOTE, STYLE or REGION block.
		if strings.HasPrefix(line, "NOTE") || strings.HasPrefix(line, "STYLE") || strings.HasPrefix(line, "REGION") {
			skipBlock = true
		}
	}
	flush()
}

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

func parseASS(text string, t *Track) {
	inEvents := false
	var fields []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			inEvents = strings.EqualFold(line, "[Events]")
			continue
		}
		if !inEvents {
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Format":
			fields = nil
			for _, f := range strings.Split(val, ",") {
				fields = append(fields, strings.ToLower(strings.TrimSpace(f)))
			}
		case "Dialogue":
			if fields == nil {
				fields = []string{"layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"}
			}
			parts := strings.SplitN(strings.TrimSpace(val), ",", len(fields))
			if len(parts) < len(fields) {
				t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "dialogue line has too few fields"})
				continue
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
				t.Warnings = append(t.Warnings, Warning{Line: i + 1, Reason: "bad dialogue timing"})
				continue
			}
			if c.Text != "" {
				t.Cues = append(t.Cues, c)
			}
		}
	}
}

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
