package ffmpeg

/*
#cgo pkg-config: libass
#include <ass/ass.h>
#include <stdarg.h>
#include <stdlib.h>

// libass writes its messages to stderr unless told otherwise; Reel's commands print only
// their own. Its warnings about a script are not the user's concern line by line.
static void reel_ass_quiet(int level, const char *fmt, va_list va, void *data) {}
static void reel_ass_silence(ASS_Library *lib) { ass_set_message_cb(lib, reel_ass_quiet, NULL); }
static ASS_Event *reel_ass_event(ASS_Track *t, int i) { return &t->events[i]; }
static int reel_ass_n_events(ASS_Track *t) { return t->n_events; }
*/
import "C"

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/asticode/go-astiav"
)

// Font is a font a film carries (a Matroska attachment), for its styled subtitles.
type Font struct {
	Name string
	Data []byte
}

// fontMagic are the first bytes of the font files libass reads: TrueType, OpenType (CFF),
// TrueType collections, and the old Apple tag.
var fontMagic = [][]byte{{0, 1, 0, 0}, []byte("OTTO"), []byte("ttcf"), []byte("true")}

// FontAttachments returns the fonts attached to a film (Matroska attachments of a font type).
// An attachment that is empty or not a font is left out with a warning: the subtitles fall
// back to the system's fonts.
func FontAttachments(ctx context.Context, path string) ([]Font, []string, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, nil, fmt.Errorf("fonts of %s: %w", path, err)
	}
	defer in.Close()
	fonts, warnings := in.fonts()
	return fonts, warnings, nil
}

func (in *input) fonts() ([]Font, []string) {
	var fonts []Font
	var warnings []string
	for _, s := range in.fc.Streams() {
		cp := s.CodecParameters()
		if cp.MediaType() != astiav.MediaTypeAttachment {
			continue
		}
		md := tags(s.Metadata())
		name, mime := md["filename"], strings.ToLower(md["mimetype"])
		ext := strings.ToLower(name[strings.LastIndex(name, ".")+1:])
		isFont := strings.Contains(mime, "font") || strings.Contains(mime, "truetype") || strings.Contains(mime, "opentype") ||
			ext == "ttf" || ext == "otf" || ext == "ttc" || cp.CodecID() == astiav.CodecIDTtf || cp.CodecID() == astiav.CodecIDOtf
		if !isFont {
			continue
		}
		data := cp.ExtraData()
		if !looksLikeFont(data) {
			warnings = append(warnings, fmt.Sprintf("attached font %q is not a font file (%d bytes): the subtitles use the system's fonts instead", name, len(data)))
			continue
		}
		fonts = append(fonts, Font{Name: name, Data: append([]byte(nil), data...)})
	}
	return fonts, warnings
}

func looksLikeFont(b []byte) bool {
	if len(b) < 12 {
		return false
	}
	for _, m := range fontMagic {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	return false
}

// StyledTrack is an ASS/SSA subtitle track drawn by libass, as mpv and VLC draw it: the fonts
// it names (from the film's attachments, else the system's, with a CJK fallback), its
// positions, colours, italics, signs and karaoke as authored. An embedded track fills in
// while ReadStyledTracks reads the film.
type StyledTrack struct {
	Stream   int // -1 for a file beside the film
	Language string
	Title    string
	Video    image.Point // the film's picture as stored: the script's aspect is kept on it

	// rmu guards libass (the renderer and the track, which reading adds events to); mu guards
	// the lists CueAt reads, so the Fyne goroutine never waits for a frame being drawn.
	rmu      sync.Mutex
	mu       sync.Mutex
	lib      *C.ASS_Library
	rend     *C.ASS_Renderer
	track    *C.ASS_Track
	events   []styledEvent
	times    map[int]time.Duration // what CueAt keyed, for Draw
	done     bool
	closed   bool
	warnings []string
	tb       astiav.Rational
	origin   time.Duration
	cost     atomic.Int64 // how long the last frame took to draw, in ns
}

type styledEvent struct {
	start, end time.Duration
	animated   bool // karaoke, moves, fades, transforms: drawn again as time passes
}

// animatedTags are the override tags that change a line while it shows.
var animatedTags = []string{`\k`, `\K`, `\move`, `\fad`, `\t(`}

// redrawEvery is how often an animated line is drawn again.
const redrawEvery = 40 * time.Millisecond

func newStyledTrack(fonts []Font) (*StyledTrack, error) {
	lib := C.ass_library_init()
	if lib == nil {
		return nil, errors.New("libass: cannot start")
	}
	C.reel_ass_silence(lib)
	C.ass_set_extract_fonts(lib, 1)
	for _, f := range fonts {
		name := C.CString(f.Name)
		data := C.CBytes(f.Data)
		C.ass_add_font(lib, name, (*C.char)(data), C.int(len(f.Data)))
		C.free(unsafe.Pointer(name))
		C.free(data)
	}
	rend := C.ass_renderer_init(lib)
	if rend == nil {
		C.ass_library_done(lib)
		return nil, errors.New("libass: cannot start its renderer")
	}
	// Fontconfig finds the fonts a script names among the system's, and a font with the glyphs
	// of any line the named ones lack (WenQuanYi Micro Hei for Chinese, installed with Reel).
	family := C.CString("sans-serif")
	defer C.free(unsafe.Pointer(family))
	C.ass_set_fonts(rend, nil, family, C.ASS_FONTPROVIDER_AUTODETECT, nil, 1)
	return &StyledTrack{lib: lib, rend: rend, times: map[int]time.Duration{}}, nil
}

// OpenStyledFile reads an .ass or .ssa file (a film's sidecar) for drawing over a video stored
// at video size, with the film's attached fonts.
func OpenStyledFile(path string, fonts []Font, video image.Point) (*StyledTrack, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("styled subtitles %s: %w", path, err)
	}
	return OpenStyledScript(path, b, fonts, video)
}

// OpenStyledScript is OpenStyledFile for a script already read and turned into UTF-8 (libass
// reads UTF-8 only); name says where it came from, in errors.
func OpenStyledScript(name string, b []byte, fonts []Font, video image.Point) (*StyledTrack, error) {
	path := name
	if !bytes.Contains(b, []byte("[Events]")) {
		return nil, fmt.Errorf("styled subtitles %s: no [Events] section: not an ASS/SSA script", path)
	}
	t, err := newStyledTrack(fonts)
	if err != nil {
		return nil, err
	}
	buf := C.CBytes(b)
	defer C.free(buf)
	t.track = C.ass_read_memory(t.lib, (*C.char)(buf), C.size_t(len(b)), nil)
	if t.track == nil {
		t.Close()
		return nil, fmt.Errorf("styled subtitles %s: libass cannot read it", path)
	}
	t.Stream, t.Video, t.done = -1, video, true
	n := int(C.reel_ass_n_events(t.track))
	for i := 0; i < n; i++ {
		e := C.reel_ass_event(t.track, C.int(i))
		start := time.Duration(e.Start) * time.Millisecond
		t.events = append(t.events, styledEvent{start: start, end: start + time.Duration(e.Duration)*time.Millisecond,
			animated: animated(C.GoString(e.Text))})
	}
	sort.SliceStable(t.events, func(i, j int) bool { return t.events[i].start < t.events[j].start })
	if len(t.events) == 0 {
		t.warnings = append(t.warnings, "the script has no dialogue events")
	}
	return t, nil
}

func animated(text string) bool {
	for _, tag := range animatedTags {
		if strings.Contains(text, tag) {
			return true
		}
	}
	return false
}

// Warnings are what was wrong with the track or its fonts.
func (t *StyledTrack) Warnings() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.warnings...)
}

// Len is how many events are known so far.
func (t *StyledTrack) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.events)
}

// CueAt returns a key for what shows at d (-1 for nothing): it changes when the lines showing
// change, and every redrawEvery while an animated one shows. Styled tracks have no forced
// lines of their own: with forcedOnly, nothing.
func (t *StyledTrack) CueAt(d time.Duration, forcedOnly bool) int {
	if forcedOnly {
		return -1
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Events sorted by start: those that started by d, and have not ended.
	n := sort.Search(len(t.events), func(i int) bool { return t.events[i].start > d })
	key, active, moving := uint64(1469598103934665603), false, false
	for i := 0; i < n; i++ {
		e := t.events[i]
		if d < e.end {
			active = true
			moving = moving || e.animated
			key = (key ^ uint64(i)) * 1099511628211
		}
	}
	if !active {
		return -1
	}
	k := int(key&0x3fffffff) * 2
	if moving {
		// A script that takes long to draw (thousands of karaoke lines at once) is drawn less
		// often, so it never takes more than a quarter of a core.
		k = int(d/max(redrawEvery, 4*time.Duration(t.cost.Load())))*2 + 1
	}
	t.times[k] = d
	if len(t.times) > 64 {
		for old := range t.times {
			if old != k {
				delete(t.times, old)
			}
		}
	}
	return k
}

// Draw draws what CueAt keyed as key, for a picture of w×h pixels.
func (t *StyledTrack) Draw(key, w, h int) (*image.RGBA, error) {
	t.mu.Lock()
	d, ok := t.times[key]
	t.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("styled track: no time for key %d", key)
	}
	return t.Render(d, w, h)
}

// Render draws the track at d for a picture of w×h pixels.
func (t *StyledTrack) Render(d time.Duration, w, h int) (*image.RGBA, error) {
	t.rmu.Lock()
	defer t.rmu.Unlock()
	if t.closed || t.track == nil {
		return nil, errors.New("styled track closed")
	}
	return t.render(d, w, h), nil
}

func (t *StyledTrack) render(d time.Duration, w, h int) *image.RGBA {
	C.ass_set_frame_size(t.rend, C.int(w), C.int(h))
	if t.Video.X > 0 && t.Video.Y > 0 {
		C.ass_set_storage_size(t.rend, C.int(t.Video.X), C.int(t.Video.Y))
	}
	start := time.Now()
	var changed C.int
	img := C.ass_render_frame(t.rend, t.track, C.longlong(d/time.Millisecond), &changed)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for ; img != nil; img = img.next {
		blendASS(out, img)
	}
	t.cost.Store(int64(time.Since(start)))
	return out
}

// blendASS draws one libass image (an alpha mask in one colour, RRGGBBAA with AA the
// transparency) over dst, premultiplied.
func blendASS(dst *image.RGBA, img *C.ASS_Image) {
	iw, ih, stride := int(img.w), int(img.h), int(img.stride)
	if iw <= 0 || ih <= 0 {
		return
	}
	col := uint32(img.color)
	r, g, b := col>>24, (col>>16)&0xff, (col>>8)&0xff
	opacity := 255 - col&0xff
	mask := unsafe.Slice((*byte)(unsafe.Pointer(img.bitmap)), stride*(ih-1)+iw)
	x0, y0 := int(img.dst_x), int(img.dst_y)
	bw, bh := dst.Rect.Dx(), dst.Rect.Dy()
	for y := 0; y < ih; y++ {
		dy := y0 + y
		if dy < 0 || dy >= bh {
			continue
		}
		row := mask[y*stride : y*stride+iw]
		o := dst.Pix[dy*dst.Stride:]
		for x, m := range row {
			dx := x0 + x
			if m == 0 || dx < 0 || dx >= bw {
				continue
			}
			a := uint32(m) * opacity / 255
			inv := 255 - a
			p := o[4*dx : 4*dx+4]
			p[0] = uint8((r*a + uint32(p[0])*inv) / 255)
			p[1] = uint8((g*a + uint32(p[1])*inv) / 255)
			p[2] = uint8((b*a + uint32(p[2])*inv) / 255)
			p[3] = uint8(a + uint32(p[3])*inv/255)
		}
	}
}

// Close frees libass. It may be called more than once.
func (t *StyledTrack) Close() {
	t.rmu.Lock()
	defer t.rmu.Unlock()
	if t.closed {
		return
	}
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	if t.track != nil {
		C.ass_free_track(t.track)
	}
	C.ass_renderer_done(t.rend)
	C.ass_library_done(t.lib)
}

// addPacket takes one event of an embedded track: Matroska's "ReadOrder,Layer,Style,…,Text".
func (t *StyledTrack) addPacket(data []byte, pts, dur int64) {
	if len(data) == 0 {
		return
	}
	start := toDuration(pts, t.tb) - t.origin
	length := toDuration(dur, t.tb)
	if length <= 0 {
		t.mu.Lock()
		t.warnings = appendOnce(t.warnings, "some lines have no duration: they are not shown")
		t.mu.Unlock()
		return
	}
	t.rmu.Lock()
	if t.closed {
		t.rmu.Unlock()
		return
	}
	buf := C.CBytes(data)
	C.ass_process_chunk(t.track, (*C.char)(buf), C.int(len(data)), C.longlong(start/time.Millisecond), C.longlong(length/time.Millisecond))
	C.free(buf)
	t.rmu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	text := string(data)
	if parts := strings.SplitN(text, ",", 9); len(parts) == 9 {
		text = parts[8]
	}
	e := styledEvent{start: start, end: start + length, animated: animated(text)}
	i := sort.Search(len(t.events), func(i int) bool { return t.events[i].start > start })
	t.events = append(t.events, styledEvent{})
	copy(t.events[i+1:], t.events[i:])
	t.events[i] = e
}

func appendOnce(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

func closeStyled(ts []*StyledTrack) {
	for _, t := range ts {
		t.Close()
	}
}

// StyledTrackOptions tune ReadStyledTracks.
type StyledTrackOptions struct {
	// Ready, when set, hears the tracks once the file is open, before its packets are read.
	Ready func([]*StyledTrack)
	// Fonts are added to the film's attached ones (none needed: the system's are used too).
	Fonts []Font
}

// ReadStyledTracks reads the film's embedded ASS/SSA tracks in one pass, with its attached
// fonts, for drawing by libass. The caller closes the tracks, also when ctx ends the read
// (they are returned with the error).
func ReadStyledTracks(ctx context.Context, path string, opt StyledTrackOptions) ([]*StyledTrack, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("styled subtitles of %s: %w", path, err)
	}
	defer in.Close()
	var video image.Point
	if v, err := in.videoStream(); err == nil {
		video = image.Pt(v.CodecParameters().Width(), v.CodecParameters().Height())
	}
	fonts, fontWarnings := in.fonts()
	fonts = append(fonts, opt.Fonts...)
	byStream := map[int]*StyledTrack{}
	var tracks []*StyledTrack
	for _, s := range in.fc.Streams() {
		cp := s.CodecParameters()
		if cp.MediaType() != astiav.MediaTypeSubtitle || (cp.CodecID() != astiav.CodecIDAss && cp.CodecID() != astiav.CodecIDSsa) {
			continue
		}
		t, err := newStyledTrack(fonts)
		if err != nil {
			closeStyled(tracks)
			return nil, err
		}
		t.track = C.ass_new_track(t.lib)
		if t.track == nil {
			t.Close()
			closeStyled(tracks)
			return nil, errors.New("libass: cannot make a track")
		}
		header := cp.ExtraData()
		if len(header) > 0 {
			hb := C.CBytes(header)
			C.ass_process_codec_private(t.track, (*C.char)(hb), C.int(len(header)))
			C.free(hb)
		} else {
			t.warnings = append(t.warnings, "the track has no script header: its lines use the default style")
		}
		md := tags(s.Metadata())
		t.Stream, t.Language, t.Title, t.Video, t.tb, t.origin = s.Index(), md["language"], md["title"], video, s.TimeBase(), in.origin()
		t.warnings = append(t.warnings, fontWarnings...)
		byStream[s.Index()] = t
		tracks = append(tracks, t)
	}
	if len(tracks) == 0 {
		return nil, nil
	}
	if opt.Ready != nil {
		opt.Ready(tracks)
	}
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	for {
		if err := ctx.Err(); err != nil {
			return tracks, err
		}
		if err := in.read(pkt); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return tracks, cerr
			}
			break
		}
		if t := byStream[pkt.StreamIndex()]; t != nil {
			pts := pkt.Pts()
			if pts == astiav.NoPtsValue {
				pts = pkt.Dts()
			}
			if pts != astiav.NoPtsValue {
				t.addPacket(pkt.Data(), pts, pkt.Duration())
			}
		}
		pkt.Unref()
	}
	for _, t := range tracks {
		t.mu.Lock()
		t.done = true
		t.mu.Unlock()
	}
	return tracks, nil
}
