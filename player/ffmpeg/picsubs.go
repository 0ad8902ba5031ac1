package ffmpeg

/*
#cgo pkg-config: libavcodec libavutil
#include <libavcodec/avcodec.h>
#include <string.h>
#include <stdlib.h>

// go-astiav v0.16.0 has no subtitle decoding: these wrap avcodec_decode_subtitle2 for one
// packet held in Go memory (copied into a padded packet, as the decoders read past the end).
static int reel_decode_sub(AVCodecContext *cc, const uint8_t *data, int size, int64_t pts, int64_t duration, AVSubtitle *sub, int *got) {
	AVPacket *pkt = av_packet_alloc();
	if (!pkt) return AVERROR(ENOMEM);
	int ret = av_new_packet(pkt, size);
	if (ret < 0) { av_packet_free(&pkt); return ret; }
	if (size > 0) memcpy(pkt->data, data, size);
	pkt->pts = pts;
	pkt->dts = pts;
	pkt->duration = duration;
	*got = 0;
	ret = avcodec_decode_subtitle2(cc, sub, got, pkt);
	av_packet_free(&pkt);
	return ret;
}
static AVSubtitleRect *reel_sub_rect(AVSubtitle *s, unsigned i) { return s->rects[i]; }
static uint8_t *reel_rect_data(AVSubtitleRect *r, int i) { return r->data[i]; }
static int reel_rect_linesize(AVSubtitleRect *r) { return r->linesize[0]; }
static int reel_rect_forced(AVSubtitleRect *r) { return (r->flags & AV_SUBTITLE_FLAG_FORCED) != 0; }
static int reel_rect_bitmap(AVSubtitleRect *r) { return r->type == SUBTITLE_BITMAP; }
static void reel_set_pkt_timebase(AVCodecContext *cc, int num, int den) { cc->pkt_timebase = (AVRational){num, den}; }
static int reel_cc_width(AVCodecContext *cc) { return cc->width; }
static int reel_cc_height(AVCodecContext *cc) { return cc->height; }
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/asticode/go-astiav"
	"golang.org/x/image/draw"
)

// SubPicture is one picture of a subtitle, at its place on the track's canvas.
type SubPicture struct {
	X, Y  int
	Image *image.NRGBA
}

// PictureCue is what a picture subtitle track (PGS, VobSub, DVB) shows from Start to End.
type PictureCue struct {
	Start, End time.Duration
	// Forced pictures are shown even with subtitles off: they translate signs and foreign
	// dialogue the film means everyone to read.
	Forced bool
	// Canvas is the size the pictures are placed in: the disc's video size (1920×1080 for a
	// Blu-ray, 720×480 or 720×576 for a DVD), not always the film's own.
	Canvas   image.Point
	Pictures []SubPicture
}

// Bounds is the part of the canvas the pictures cover.
func (c PictureCue) Bounds() image.Rectangle {
	var r image.Rectangle
	for _, p := range c.Pictures {
		r = r.Union(p.Image.Bounds().Add(image.Pt(p.X, p.Y)))
	}
	return r
}

// ErrNotPicture is returned for a subtitle track that is not one of pictures.
var ErrNotPicture = errors.New("not a picture subtitle track")

// Limits on what a damaged or hostile track can make Reel hold or draw.
const (
	// openCueLimit is how long a picture stays up when the track never says when it ends (a
	// PGS track without its "clear" display sets): until the next one, at most this long.
	openCueLimit = 10 * time.Second
	// maxExplicitEnd is the longest display time taken as written; beyond it (FFmpeg's
	// "until the next one", or damage) the picture ends at the next one instead.
	maxExplicitEnd = 60 * time.Second
	// maxPictureSide bounds a picture's width and height (8K with room): a damaged packet that
	// claims more is dropped.
	maxPictureSide = 8192
)

// subDecoder is one libavcodec subtitle decoder.
type subDecoder struct {
	cc    *astiav.CodecContext
	p     *C.AVCodecContext
	codec astiav.CodecID
}

func newSubDecoder(s *astiav.Stream) (*subDecoder, error) {
	cp := s.CodecParameters()
	id := cp.CodecID()
	if !isBitmapSubtitle(id) {
		return nil, fmt.Errorf("stream %d (%s): %w", s.Index(), id.Name(), ErrNotPicture)
	}
	codec := astiav.FindDecoder(id)
	if codec == nil {
		return nil, fmt.Errorf("stream %d: no %s decoder in this FFmpeg", s.Index(), id.Name())
	}
	cc := astiav.AllocCodecContext(codec)
	if cc == nil {
		return nil, errors.New("allocate subtitle decoder")
	}
	if err := cp.ToCodecContext(cc); err != nil {
		cc.Free()
		return nil, fmt.Errorf("subtitle decoder parameters: %w", err)
	}
	p, err := codecPtr(cc)
	if err != nil {
		cc.Free()
		return nil, err
	}
	tb := s.TimeBase()
	C.reel_set_pkt_timebase(p, C.int(tb.Num()), C.int(tb.Den()))
	if err := cc.Open(codec, nil); err != nil {
		cc.Free()
		return nil, fmt.Errorf("open %s decoder: %w", id.Name(), err)
	}
	return &subDecoder{cc: cc, p: p, codec: id}, nil
}

func (d *subDecoder) close() { d.cc.Free() }

// decoded is one subtitle as the decoder returns it: times in ms after the packet's.
type decoded struct {
	startMs, endMs uint32
	forced         bool
	canvas         image.Point
	pictures       []SubPicture
	dropped        int // pictures too large to be real
}

// decode decodes one packet; got is false when the packet completes no subtitle (a PGS
// display set spans several segments, FFmpeg's parser joins them per packet).
func (d *subDecoder) decode(data []byte, pts, duration int64, pictures bool) (decoded, bool, error) {
	var sub C.AVSubtitle
	var got C.int
	var ptr *C.uint8_t
	if len(data) > 0 {
		ptr = (*C.uint8_t)(unsafe.Pointer(&data[0]))
	}
	ret := C.reel_decode_sub(d.p, ptr, C.int(len(data)), C.int64_t(pts), C.int64_t(duration), &sub, &got)
	if ret < 0 {
		return decoded{}, false, fmt.Errorf("decode %s packet: %w", d.codec.Name(), astiav.Error(ret))
	}
	if got == 0 {
		return decoded{}, false, nil
	}
	defer C.avsubtitle_free(&sub)
	out := decoded{startMs: uint32(sub.start_display_time), endMs: uint32(sub.end_display_time)}
	out.canvas = image.Pt(int(C.reel_cc_width(d.p)), int(C.reel_cc_height(d.p)))
	forced := sub.num_rects > 0
	for i := C.unsigned(0); i < sub.num_rects; i++ {
		r := C.reel_sub_rect(&sub, i)
		if C.reel_rect_bitmap(r) == 0 {
			continue
		}
		if C.reel_rect_forced(r) == 0 {
			forced = false
		}
		w, h := int(r.w), int(r.h)
		if w <= 0 || h <= 0 {
			continue
		}
		if w > maxPictureSide || h > maxPictureSide || r.x < 0 || r.y < 0 {
			out.dropped++
			continue
		}
		if !pictures {
			// Only the timing and the place are wanted: a stand-in of the right size.
			out.pictures = append(out.pictures, SubPicture{X: int(r.x), Y: int(r.y), Image: &image.NRGBA{Rect: image.Rect(0, 0, w, h)}})
			continue
		}
		img := rectImage(r, w, h)
		if img == nil {
			out.dropped++
			continue
		}
		out.pictures = append(out.pictures, SubPicture{X: int(r.x), Y: int(r.y), Image: img})
	}
	out.forced = forced && len(out.pictures) > 0
	return out, true, nil
}

// rectImage converts a palette picture (8-bit indices and a palette of straight-alpha ARGB) to
// NRGBA.
func rectImage(r *C.AVSubtitleRect, w, h int) *image.NRGBA {
	ls := int(C.reel_rect_linesize(r))
	ncol := int(r.nb_colors)
	if C.reel_rect_data(r, 0) == nil || C.reel_rect_data(r, 1) == nil || ls < w || ncol <= 0 || ncol > 256 {
		return nil // not a picture FFmpeg's decoders make: dropped
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	idx := unsafe.Slice((*byte)(unsafe.Pointer(C.reel_rect_data(r, 0))), ls*(h-1)+w)
	pal := unsafe.Slice((*uint32)(unsafe.Pointer(C.reel_rect_data(r, 1))), ncol)
	var lut [256]color.NRGBA
	for i, c := range pal {
		lut[i] = color.NRGBA{R: uint8(c >> 16), G: uint8(c >> 8), B: uint8(c), A: uint8(c >> 24)}
	}
	for y := 0; y < h; y++ {
		row := idx[y*ls : y*ls+w]
		o := img.Pix[y*img.Stride:]
		for x, v := range row {
			c := lut[v]
			o[4*x], o[4*x+1], o[4*x+2], o[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
	return img
}

// subPacket is one packet of a picture track, kept compressed until it is drawn.
type subPacket struct {
	data     []byte
	pts, dur int64
}

// picEntry is one cue of a track: when it shows, and the packet it is decoded from.
type picEntry struct {
	start, end time.Duration
	pkt        int
	from       int // the first packet to decode for it: its epoch's start (PGS), or itself
	forced     bool
	open       bool // no end known yet: the next packet ends it
	timed      bool // the container gave it a duration: ownEnd
	ownEnd     time.Duration
	canvas     image.Point
}

// PictureTrack is one picture subtitle track of a film, for drawing over the picture while it
// plays. It holds the track's compressed packets (a feature's PGS track is a few MB) and when
// each picture shows; a picture is decoded when it is drawn. Tracks fill in while
// ReadPictureTracks reads the film: a track can be drawn from before the read has finished.
type PictureTrack struct {
	Stream   int
	Codec    string
	Language string
	Title    string
	Forced   bool        // the track is one of forced subtitles only
	Video    image.Point // the film's picture as stored, for placing the canvas

	tb     astiav.Rational
	origin time.Duration
	pgs    bool

	mu       sync.Mutex
	pkts     []subPacket
	cues     []picEntry
	done     bool
	warnings []string
	noClear  int // cues ended by the next picture, not by a clear or a time of their own
	dropped  int
	damaged  int
	dmu      sync.Mutex  // guards draw: held while decoding, never with mu waited on
	draw     *subDecoder // decodes pictures to draw (the reader has its own)
	closed   bool
	epoch    int // the packet the current PGS epoch started at
}

// Done says whether the whole track has been read.
func (t *PictureTrack) Done() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done
}

// Len is how many cues are known so far.
func (t *PictureTrack) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.cues)
}

// HeldBytes is the size of the compressed packets the track holds.
func (t *PictureTrack) HeldBytes() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, p := range t.pkts {
		n += len(p.data)
	}
	return n
}

// Warnings are what was wrong with the track, in plain words (damaged packets, no clears, no
// palette), once it has been read.
func (t *PictureTrack) Warnings() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.warnings...)
}

// CueAt returns the index of the cue showing at d (-1 for none). With forcedOnly, only forced
// pictures count.
func (t *PictureTrack) CueAt(d time.Duration, forcedOnly bool) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := sort.Search(len(t.cues), func(i int) bool { return t.cues[i].start > d }) - 1
	// Cues rarely overlap; look back a few for one still showing.
	for k := i; k >= 0 && k >= i-4; k-- {
		c := t.cues[k]
		if d >= c.start && d < c.end && (!forcedOnly || c.forced) {
			return k
		}
	}
	return -1
}

// Cue returns cue i with its pictures decoded.
func (t *PictureTrack) Cue(i int) (PictureCue, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return PictureCue{}, errors.New("picture track closed")
	}
	if i < 0 || i >= len(t.cues) {
		t.mu.Unlock()
		return PictureCue{}, fmt.Errorf("no cue %d", i)
	}
	e := t.cues[i]
	// A PGS display set may only change the palette or the place of objects defined at the
	// start of its epoch (a fade is a run of those): the packets from that start are decoded.
	// Packets are never changed once added, so the slice is read outside the lock.
	pkts := t.pkts[e.from : e.pkt+1]
	t.mu.Unlock()

	// The decoder has a lock of its own: CueAt (the Fyne goroutine's) never waits for a decode.
	t.dmu.Lock()
	defer t.dmu.Unlock()
	if t.draw == nil {
		return PictureCue{}, errors.New("picture track closed")
	}
	flushCodec(t.draw.p)
	var last decoded
	var ok bool
	for k, p := range pkts {
		final := k == len(pkts)-1
		got, g, err := t.draw.decode(p.data, p.pts, p.dur, final)
		if err != nil && final {
			return PictureCue{}, err
		}
		if final {
			last, ok = got, g
		}
	}
	if !ok {
		return PictureCue{}, fmt.Errorf("cue %d: the decoder gave no picture", i)
	}
	canvas := e.canvas
	if canvas.X <= 0 || canvas.Y <= 0 {
		canvas = t.Video
	}
	return PictureCue{Start: e.start, End: e.end, Forced: e.forced, Canvas: canvas, Pictures: last.pictures}, nil
}

// Close frees the decoder; the track can no longer be drawn. It may be called more than once.
func (t *PictureTrack) Close() {
	t.dmu.Lock()
	defer t.dmu.Unlock()
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	if t.draw != nil {
		t.draw.close()
		t.draw = nil
	}
}

// maxEpochPackets bounds how far back a picture's epoch is looked for.
const maxEpochPackets = 64

// pgsEpochStart says whether a PGS display set starts an epoch or is an acquisition point:
// the composition state byte of its presentation segment (0x16) is not "normal" (0). Such a
// display set carries every object it shows.
func pgsEpochStart(b []byte) bool {
	for len(b) >= 3 {
		n := int(b[1])<<8 | int(b[2])
		if b[0] == 0x16 && n >= 8 && len(b) >= 3+8 {
			return b[3+7] != 0
		}
		if len(b) < 3+n {
			return false
		}
		b = b[3+n:]
	}
	return false
}

// add takes the next decoded packet of the track.
func (t *PictureTrack) add(pkt subPacket, d decoded, got bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pkts = append(t.pkts, pkt)
	if !got {
		// Each PGS or VobSub packet is a whole display set: one that completes nothing is
		// damaged (DVB pages may take several).
		if t.pgs || t.Codec == astiav.CodecIDDvdSubtitle.Name() {
			t.damaged++
		}
		return
	}
	t.dropped += d.dropped
	pts := toDuration(pkt.pts, t.tb) - t.origin
	start := pts + time.Duration(d.startMs)*time.Millisecond
	// Out-of-order packets (damage) would break the order cues are searched in: such a packet
	// is dropped, and the cue before it left as it was.
	if n := len(t.cues); n > 0 && start < t.cues[n-1].start {
		t.damaged++
		return
	}
	if t.pgs && (pgsEpochStart(pkt.data) || len(t.pkts)-1-t.epoch >= maxEpochPackets) {
		t.epoch = len(t.pkts) - 1
	}
	// Whatever shows now ends here: a clear (a display set with no picture) or the next
	// picture. A PGS picture shows until the display set after it, whatever the container's
	// block duration says.
	if n := len(t.cues); n > 0 {
		last := &t.cues[n-1]
		switch {
		case last.open && len(d.pictures) == 0:
			last.end = min(max(start, last.start), last.start+openCueLimit) // its clear
		case last.open:
			// No clear came: the next picture ends it, or its own duration if the container
			// gave one.
			t.noClear++
			last.end = min(max(start, last.start), last.start+openCueLimit)
			if last.timed {
				last.end = min(last.end, last.ownEnd)
			}
		case last.end > start:
			last.end = max(start, last.start)
		}
		last.open = false
	}
	if len(d.pictures) == 0 {
		return
	}
	e := picEntry{start: start, pkt: len(t.pkts) - 1, from: len(t.pkts) - 1, forced: d.forced, canvas: d.canvas}
	if t.pgs {
		e.from = t.epoch
	}
	switch {
	case t.pgs:
		e.end, e.open = start+openCueLimit, true
		if pkt.dur > 0 && toDuration(pkt.dur, t.tb) <= maxExplicitEnd {
			e.end = pts + toDuration(pkt.dur, t.tb) // until the next display set says otherwise
			e.timed, e.ownEnd = true, e.end
		}
	case d.endMs > d.startMs && time.Duration(d.endMs-d.startMs)*time.Millisecond <= maxExplicitEnd:
		e.end = pts + time.Duration(d.endMs)*time.Millisecond
	case pkt.dur > 0 && toDuration(pkt.dur, t.tb) <= maxExplicitEnd:
		e.end = pts + toDuration(pkt.dur, t.tb)
	default:
		e.end, e.open = start+openCueLimit, true
	}
	t.cues = append(t.cues, e)
}

func (t *PictureTrack) finish(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done = true
	if n := len(t.cues); n > 0 && t.cues[n-1].open && !t.cues[n-1].timed {
		t.noClear++
	}
	if t.damaged > 0 {
		t.warnings = append(t.warnings, fmt.Sprintf("%d damaged subtitle packets skipped: their pictures are missing", t.damaged))
	}
	if t.dropped > 0 {
		t.warnings = append(t.warnings, fmt.Sprintf("%d subtitle pictures dropped: malformed or larger than %d pixels", t.dropped, maxPictureSide))
	}
	if len(t.cues) > 0 && t.noClear*2 > len(t.cues) {
		t.warnings = append(t.warnings, fmt.Sprintf("the track never says when its pictures end: each shows until the next, at most %v", openCueLimit))
	}
	if err != nil {
		t.warnings = append(t.warnings, "the track was read up to damage in the file: "+err.Error())
	}
}

// PictureTrackOptions tune ReadPictureTracks.
type PictureTrackOptions struct {
	// Ready, when set, is called with the tracks once the file is open, before its packets are
	// read: playback draws from them while they fill in.
	Ready func([]*PictureTrack)
}

// ReadPictureTracks reads the picture subtitle tracks with the given stream indexes (all of the
// film's when streams is empty) in one pass over the file, and returns them filled in: the
// caller closes them (also the ones Ready was given, when it returns an error). Damage in a
// track is a warning of that track; an error is returned only when the file cannot be read at
// all or ctx ends.
func ReadPictureTracks(ctx context.Context, path string, streams []int, opt PictureTrackOptions) ([]*PictureTrack, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("picture subtitles of %s: %w", path, err)
	}
	defer in.Close()
	all := in.fc.Streams()
	want := map[int]bool{}
	for _, s := range streams {
		want[s] = true
	}
	var video image.Point
	if v, err := in.videoStream(); err == nil {
		video = image.Pt(v.CodecParameters().Width(), v.CodecParameters().Height())
	}
	origin := in.origin()
	byStream := map[int]*PictureTrack{}
	loaders := map[int]*subDecoder{}
	defer func() {
		for _, d := range loaders {
			d.close()
		}
	}()
	var tracks []*PictureTrack
	handed := false
	// On an error the tracks made so far are closed, unless Ready handed them over: then the
	// caller closes them.
	fail := func(err error) ([]*PictureTrack, error) {
		if !handed {
			for _, t := range tracks {
				t.Close()
			}
		}
		return nil, err
	}
	for _, s := range all {
		cp := s.CodecParameters()
		if cp.MediaType() != astiav.MediaTypeSubtitle || !isBitmapSubtitle(cp.CodecID()) {
			if want[s.Index()] {
				return fail(fmt.Errorf("picture subtitles of %s: stream %d: %w", path, s.Index(), ErrNotPicture))
			}
			continue
		}
		if len(want) > 0 && !want[s.Index()] {
			continue
		}
		t := &PictureTrack{Stream: s.Index(), Codec: cp.CodecID().Name(), Video: video, tb: s.TimeBase(), origin: origin,
			pgs: cp.CodecID() == astiav.CodecIDHdmvPgsSubtitle}
		md := tags(s.Metadata())
		t.Language, t.Title, t.Forced = md["language"], md["title"], isForcedStream(s)
		if cp.CodecID() == astiav.CodecIDDvdSubtitle && !strings.Contains(string(cp.ExtraData()), "palette:") {
			t.warnings = append(t.warnings, "the VobSub track has no palette: its colours are guessed")
		}
		d, err := newSubDecoder(s)
		if err != nil {
			t.warnings = append(t.warnings, err.Error())
			t.done = true
			tracks = append(tracks, t)
			continue
		}
		if t.draw, err = newSubDecoder(s); err != nil {
			d.close()
			t.warnings = append(t.warnings, err.Error())
			t.done = true
			tracks = append(tracks, t)
			continue
		}
		loaders[s.Index()] = d
		byStream[s.Index()] = t
		tracks = append(tracks, t)
	}
	for i := range want {
		if byStream[i] == nil && !containsStream(tracks, i) {
			return fail(fmt.Errorf("picture subtitles of %s: no stream %d", path, i))
		}
	}
	if opt.Ready != nil {
		handed = true
		opt.Ready(tracks)
	}
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	var readErr error
	for len(byStream) > 0 {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		if err := in.read(pkt); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return fail(cerr)
			}
			if !errors.Is(err, astiav.ErrEof) {
				readErr = err
			}
			break
		}
		t := byStream[pkt.StreamIndex()]
		if t == nil {
			pkt.Unref()
			continue
		}
		pts := pkt.Pts()
		if pts == astiav.NoPtsValue {
			pts = pkt.Dts()
		}
		if pts == astiav.NoPtsValue {
			pkt.Unref()
			t.mu.Lock()
			t.damaged++
			t.mu.Unlock()
			continue
		}
		sp := subPacket{data: append([]byte(nil), pkt.Data()...), pts: pts, dur: pkt.Duration()}
		pkt.Unref()
		if t.pgs && !pgsIntact(sp.data) {
			t.mu.Lock()
			t.damaged++
			t.mu.Unlock()
			continue
		}
		d, got, err := loaders[t.Stream].decode(sp.data, sp.pts, sp.dur, false)
		if err == nil && t.pgs && got && len(d.pictures) == 0 && pgsHasObject(sp.data) {
			err = errors.New("a display set with a picture decoded to none")
		}
		if err != nil {
			t.mu.Lock()
			t.damaged++
			t.mu.Unlock()
			continue
		}
		t.add(sp, d, got)
	}
	for _, t := range byStream {
		t.finish(readErr)
	}
	return tracks, nil
}

// pgsIntact says whether a PGS packet is a whole display set: segments (a type byte and a
// 16-bit length) that fill it exactly and end with an end segment (0x80). FFmpeg's decoder
// takes a cut one silently and loses the picture; it is better counted as damage.
func pgsIntact(b []byte) bool {
	last := byte(0)
	for len(b) > 0 {
		if len(b) < 3 {
			return false
		}
		n := int(b[1])<<8 | int(b[2])
		if len(b) < 3+n {
			return false
		}
		last, b = b[0], b[3+n:]
	}
	return last == 0x80
}

// pgsHasObject says whether an intact PGS packet carries a picture (an object definition
// segment, 0x15): a clear has none.
func pgsHasObject(b []byte) bool {
	for len(b) >= 3 {
		if b[0] == 0x15 {
			return true
		}
		b = b[3+(int(b[1])<<8|int(b[2])):]
	}
	return false
}

func containsStream(ts []*PictureTrack, i int) bool {
	for _, t := range ts {
		if t.Stream == i {
			return true
		}
	}
	return false
}

// PictureSubtitles reads one picture subtitle track and hands fn each cue with its pictures, in
// order (for reading them as text): one picture at a time is held.
func PictureSubtitles(ctx context.Context, path string, stream int, fn func(PictureCue) error) ([]string, error) {
	tracks, err := ReadPictureTracks(ctx, path, []int{stream}, PictureTrackOptions{})
	if err != nil {
		return nil, err
	}
	t := tracks[0]
	defer t.Close()
	for i := 0; i < t.Len(); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, err := t.Cue(i)
		if err != nil {
			continue // counted as damage when the track was read
		}
		if err := fn(c); err != nil {
			return nil, err
		}
	}
	return t.Warnings(), nil
}

// Placement is where a track's canvas goes on a picture drawn w×h pixels: canvas point (x, y)
// lands at (OX + x·SX, OY + y·SY).
type Placement struct{ SX, SY, OX, OY float64 }

// Place maps a subtitle canvas onto a picture of w×h pixels showing a video stored at video
// size. A canvas of the video's shape is stretched onto it, which also applies the pixel
// aspect (a DVD's 720×480 canvas over its anamorphic picture). Another shape (a 1080p canvas
// over a film cropped to 1440×1074 or 1920×800) is scaled to the picture's height with square
// pixels and centred, as mpv does: the pictures keep their shape and stay where the author
// put them relative to the bottom.
func Place(canvas, video image.Point, w, h int) Placement {
	if canvas.X <= 0 || canvas.Y <= 0 {
		canvas = video
	}
	if canvas.X <= 0 || canvas.Y <= 0 || w <= 0 || h <= 0 {
		return Placement{SX: 1, SY: 1}
	}
	ca := float64(canvas.X) / float64(canvas.Y)
	va := ca
	if video.X > 0 && video.Y > 0 {
		va = float64(video.X) / float64(video.Y)
	}
	if d := ca/va - 1; d < 0.02 && d > -0.02 {
		return Placement{SX: float64(w) / float64(canvas.X), SY: float64(h) / float64(canvas.Y)}
	}
	sy := float64(h) / float64(canvas.Y)
	par := 1.0
	if video.X > 0 && video.Y > 0 {
		par = (float64(w) / float64(video.X)) / (float64(h) / float64(video.Y))
	}
	sx := sy * par
	return Placement{SX: sx, SY: sy, OX: (float64(w) - float64(canvas.X)*sx) / 2}
}

// DrawCue draws a cue's pictures over dst, which shows the video (stored at video size) at
// dst's full size.
func DrawCue(dst *image.RGBA, c PictureCue, video image.Point) {
	b := dst.Bounds()
	pl := Place(c.Canvas, video, b.Dx(), b.Dy())
	for _, p := range c.Pictures {
		sb := p.Image.Bounds()
		r := image.Rect(
			b.Min.X+int(pl.OX+float64(p.X)*pl.SX+0.5), b.Min.Y+int(pl.OY+float64(p.Y)*pl.SY+0.5),
			b.Min.X+int(pl.OX+float64(p.X+sb.Dx())*pl.SX+0.5), b.Min.Y+int(pl.OY+float64(p.Y+sb.Dy())*pl.SY+0.5))
		if r.Empty() {
			continue
		}
		if r.Dx() == sb.Dx() && r.Dy() == sb.Dy() {
			draw.Draw(dst, r, p.Image, sb.Min, draw.Over)
			continue
		}
		draw.BiLinear.Scale(dst, r, p.Image, sb, draw.Over, nil)
	}
}
