package ffmpeg

/*
#cgo pkg-config: libavformat libavcodec libavutil
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
#include <stdlib.h>

static int reel_nb_chapters(AVFormatContext *fc) { return fc ? (int)fc->nb_chapters : 0; }
static AVChapter *reel_chapter(AVFormatContext *fc, int i) { return fc->chapters[i]; }
static const char *reel_title(AVDictionary *m) {
	AVDictionaryEntry *e = av_dict_get(m, "title", NULL, 0);
	return e ? e->value : NULL;
}
static int reel_set_meta(AVFormatContext *fc, const char *k, const char *v) { return av_dict_set(&fc->metadata, k, v, 0); }
static int reel_set_stream_meta(AVStream *s, const char *k, const char *v) { return av_dict_set(&s->metadata, k, v, 0); }
static int reel_nb_streams(AVFormatContext *fc) { return fc ? (int)fc->nb_streams : -1; }
static int reel_is_bitmap_sub(int id) {
	const AVCodecDescriptor *d = avcodec_descriptor_get((enum AVCodecID)id);
	return d && (d->props & AV_CODEC_PROP_BITMAP_SUB);
}
static int reel_stream_default(AVStream *s) { return (s->disposition & AV_DISPOSITION_DEFAULT) != 0; }
static int reel_stream_forced(AVStream *s) { return (s->disposition & AV_DISPOSITION_FORCED) != 0; }
static int reel_stream_attached_pic(AVStream *s) { return (s->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0; }
static int reel_receive_frame(AVCodecContext *cc, AVFrame *f) { return avcodec_receive_frame(cc, f); }
static int reel_cc_codec_id(AVCodecContext *cc) { return (int)cc->codec_id; }
enum { reel_eagain = AVERROR(EAGAIN), reel_eof = AVERROR_EOF };
static int64_t reel_best_effort_ts(AVFrame *f) { return f->best_effort_timestamp; }
static int reel_make_writable(AVFrame *f) { return av_frame_make_writable(f); }
static uint8_t *reel_plane(AVFrame *f, int i) { return f->data[i]; }
static int reel_linesize(AVFrame *f, int i) { return f->linesize[i]; }
static void reel_flush(AVCodecContext *cc) { avcodec_flush_buffers(cc); }
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
)

// go-astiav v0.16.0 has no accessors for chapters, stream disposition or best-effort
// timestamps, and no way to write pixels into a frame. Its FormatContext and Stream are structs
// whose only field is the C pointer; these helpers read that pointer. formatPtr checks the
// assumption against a value the binding does expose before anything trusts it.

func formatPtr(fc *astiav.FormatContext) (*C.AVFormatContext, error) {
	p := *(**C.AVFormatContext)(unsafe.Pointer(fc))
	if p == nil || int(C.reel_nb_streams(p)) != fc.NbStreams() {
		return nil, errors.New("go-astiav FormatContext layout is not the one this package expects")
	}
	return p, nil
}

func setMetadata(fc *astiav.FormatContext, key, value string) error {
	p := *(**C.AVFormatContext)(unsafe.Pointer(fc))
	k, v := C.CString(key), C.CString(value)
	defer C.free(unsafe.Pointer(k))
	defer C.free(unsafe.Pointer(v))
	if ret := C.reel_set_meta(p, k, v); ret < 0 {
		return fmt.Errorf("set %s tag: %w", key, astiav.Error(ret))
	}
	return nil
}

func setStreamMetadata(s *astiav.Stream, key, value string) error {
	k, v := C.CString(key), C.CString(value)
	defer C.free(unsafe.Pointer(k))
	defer C.free(unsafe.Pointer(v))
	if ret := C.reel_set_stream_meta(streamPtr(s), k, v); ret < 0 {
		return fmt.Errorf("set stream %s tag: %w", key, astiav.Error(ret))
	}
	return nil
}

// codecPtr returns the decoder's C context, checked against the codec id the binding reports.
func codecPtr(cc *astiav.CodecContext) (*C.AVCodecContext, error) {
	p := *(**C.AVCodecContext)(unsafe.Pointer(cc))
	if p == nil || astiav.CodecID(C.reel_cc_codec_id(p)) != cc.CodecID() {
		return nil, errors.New("go-astiav CodecContext layout is not the one this package expects")
	}
	return p, nil
}

// receiveStatus is avcodec_receive_frame's answer, unboxed: go-astiav turns every AVERROR into
// an error interface value, an allocation per call, and a decode loop asks once per packet
// more than it gets a frame.
type receiveStatus int

const (
	receivedFrame receiveStatus = iota
	receiveAgain                // the decoder needs more input
	receiveEnd                  // the decoder is drained
	receiveFailed               // a damaged frame
)

func receiveFrame(cc *C.AVCodecContext, f *astiav.Frame) receiveStatus {
	switch ret := C.reel_receive_frame(cc, (*C.AVFrame)(f.UnsafePointer())); {
	case ret >= 0:
		return receivedFrame
	case ret == C.reel_eagain:
		return receiveAgain
	case ret == C.reel_eof:
		return receiveEnd
	default:
		return receiveFailed
	}
}

func streamPtr(s *astiav.Stream) *C.AVStream {
	return *(**C.AVStream)(unsafe.Pointer(s))
}

func chapters(fc *astiav.FormatContext) ([]player.Chapter, error) {
	p, err := formatPtr(fc)
	if err != nil {
		return nil, err
	}
	n := int(C.reel_nb_chapters(p))
	out := make([]player.Chapter, 0, n)
	for i := 0; i < n; i++ {
		ch := C.reel_chapter(p, C.int(i))
		tb := astiav.NewRational(int(ch.time_base.num), int(ch.time_base.den))
		c := player.Chapter{
			Start: toDuration(int64(ch.start), tb),
			End:   toDuration(int64(ch.end), tb),
		}
		if t := C.reel_title(ch.metadata); t != nil {
			c.Title = C.GoString(t)
		}
		out = append(out, c)
	}
	return out, nil
}

func isBitmapSubtitle(id astiav.CodecID) bool {
	return C.reel_is_bitmap_sub(C.int(id)) != 0
}

func isDefaultStream(s *astiav.Stream) bool {
	return C.reel_stream_default(streamPtr(s)) != 0
}

func isForcedStream(s *astiav.Stream) bool {
	return C.reel_stream_forced(streamPtr(s)) != 0
}

func isAttachedPicture(s *astiav.Stream) bool {
	return C.reel_stream_attached_pic(streamPtr(s)) != 0
}

// frameTS is the frame's presentation timestamp, or FFmpeg's best guess when the container gave
// none.
func frameTS(f *astiav.Frame) int64 {
	if pts := f.Pts(); pts != astiav.NoPtsValue {
		return pts
	}
	return int64(C.reel_best_effort_ts((*C.AVFrame)(f.UnsafePointer())))
}

// writablePlane returns plane i of a frame that owns writable buffers, as a Go slice over the C
// memory (valid until the frame is unreferenced), and its line size.
func writablePlane(f *astiav.Frame, i, rows int) ([]byte, int, error) {
	cf := (*C.AVFrame)(f.UnsafePointer())
	if ret := C.reel_make_writable(cf); ret < 0 {
		return nil, 0, fmt.Errorf("make frame writable: %w", astiav.Error(ret))
	}
	ls := int(C.reel_linesize(cf, C.int(i)))
	return unsafe.Slice((*byte)(unsafe.Pointer(C.reel_plane(cf, C.int(i)))), ls*rows), ls, nil
}

// audioPlane returns channel ch of a writable planar float audio frame: FFmpeg sets only the
// first line size for planar audio, and every plane has that size.
func audioPlane(f *astiav.Frame, ch, samples int) ([]float32, error) {
	cf := (*C.AVFrame)(f.UnsafePointer())
	if ret := C.reel_make_writable(cf); ret < 0 {
		return nil, fmt.Errorf("make frame writable: %w", astiav.Error(ret))
	}
	if int(C.reel_linesize(cf, 0)) < samples*4 {
		return nil, fmt.Errorf("audio plane too small for %d samples", samples)
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(C.reel_plane(cf, C.int(ch)))), samples), nil
}

// flushCodec empties a decoder after a seek or at the end of a stream, so it decodes again from
// the next packet: cheaper than opening a new one (go-astiav v0.16.0 has no wrapper).
func flushCodec(cc *C.AVCodecContext) {
	C.reel_flush(cc)
}

// interleaved is the first n values of a packed float audio frame, as a slice over the frame's
// C memory: valid until the frame is unreferenced.
func interleaved(f *astiav.Frame, n int) ([]float32, error) {
	cf := (*C.AVFrame)(f.UnsafePointer())
	if int(C.reel_linesize(cf, 0)) < n*4 {
		return nil, fmt.Errorf("audio frame smaller than %d samples", n)
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(C.reel_plane(cf, 0))), n), nil
}

func toDuration(ts int64, tb astiav.Rational) time.Duration {
	if ts == astiav.NoPtsValue || tb.Den() == 0 {
		return 0
	}
	// Exact integer arithmetic: whole seconds, then the remainder.
	n, den := ts*int64(tb.Num()), int64(tb.Den())
	return time.Duration(n/den)*time.Second + time.Duration(n%den)*time.Second/time.Duration(den)
}

func fromDuration(d time.Duration, tb astiav.Rational) int64 {
	if tb.Num() == 0 {
		return 0
	}
	// Round to the nearest tick: durations are truncated to nanoseconds, so a frame's own time
	// converted back must land on its timestamp, not one tick before it.
	return int64(math.Round(d.Seconds() * float64(tb.Den()) / float64(tb.Num())))
}

// avTime converts a container-level time (in AV_TIME_BASE units, microseconds) to a duration.
// Multiplying by time.Second before dividing overflows int64 past 2 h 33 min (9.2e18 ns / 1e6),
// which gave long films negative durations; toDuration keeps the arithmetic exact.
func avTime(t int64) time.Duration {
	return toDuration(t, astiav.NewRational(1, astiav.TimeBase))
}
