package ffmpeg

// #include <libavcodec/avcodec.h>
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"

	"github.com/asticode/go-astiav"
)

// decodeOptions set up a video decoder for a job.
type decodeOptions struct {
	keyframesOnly  bool // skip_frame=nokey: the decoder outputs keyframes only
	skipLoopFilter bool // skip_loop_filter=all: faster, slightly blockier pictures
	threads        int  // 0: one per core, at most 4
}

// decoder is a video decoder for one stream. go-astiav v0.16.0 cannot flush a codec context, so
// after a seek the caller closes it and opens a new one.
type decoder struct {
	cc     *astiav.CodecContext
	ccPtr  *C.AVCodecContext
	stream *astiav.Stream
	tb     astiav.Rational
	start  int64
	frame  *astiav.Frame
}

func openDecoder(s *astiav.Stream, opt decodeOptions) (*decoder, error) {
	cp := s.CodecParameters()
	codec := astiav.FindDecoder(cp.CodecID())
	if codec == nil {
		return nil, fmt.Errorf("no decoder for codec %s", cp.CodecID().Name())
	}
	cc := astiav.AllocCodecContext(codec)
	if cc == nil {
		return nil, errors.New("allocate codec context")
	}
	if err := cp.ToCodecContext(cc); err != nil {
		cc.Free()
		return nil, fmt.Errorf("codec parameters: %w", err)
	}
	threads := opt.threads
	if threads <= 0 {
		threads = min(runtime.NumCPU(), 4)
	}
	cc.SetThreadCount(threads)
	cc.SetThreadType(astiav.ThreadTypeFrame | astiav.ThreadTypeSlice)
	d := astiav.NewDictionary()
	defer d.Free()
	if opt.keyframesOnly {
		_ = d.Set("skip_frame", "nokey", 0)
	}
	if opt.skipLoopFilter {
		_ = d.Set("skip_loop_filter", "all", 0)
	}
	_ = d.Set("threads", strconv.Itoa(threads), 0)
	if err := cc.Open(codec, d); err != nil {
		cc.Free()
		return nil, fmt.Errorf("open %s decoder: %w", codec.Name(), err)
	}
	ptr, err := codecPtr(cc)
	if err != nil {
		cc.Free()
		return nil, err
	}
	return &decoder{cc: cc, ccPtr: ptr, stream: s, tb: s.TimeBase(), start: startTime(s), frame: astiav.AllocFrame()}, nil
}

func (d *decoder) Close() {
	d.frame.Free()
	d.cc.Free()
}

// maxBadPackets is how many packets in a row may fail to decode before a file is given up on.
const maxBadPackets = 200

// errStop ends a decode loop early without an error.
var errStop = errors.New("stop")

// run reads the input's packets for the decoder's stream, decodes them, and calls fn with each
// frame in presentation order (the frame is valid until fn returns). Packets for other streams
// are skipped; with keyOnly, so are non-key packets. It returns nil at the end of the stream or
// when fn returns errStop.
func (d *decoder) run(in *input, keyOnly bool, fn func(f *astiav.Frame) error) error {
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	bad := 0
	idx := d.stream.Index()
	for {
		if err := in.ctx.Err(); err != nil {
			return err
		}
		if err := in.read(pkt); err != nil {
			if cerr := in.ctx.Err(); cerr != nil {
				return cerr
			}
			if errors.Is(err, ErrIncomplete) {
				// Zeros or damage for the rest of the file: the frames so far are good, and
				// the caller learns where the film stops.
				if ferr := d.flush(fn); ferr != nil {
					return ferr
				}
				return err
			}
			// The end, or damage FFmpeg cannot read past (a truncated file): either way, the
			// frames read so far are good.
			break
		}
		if pkt.StreamIndex() != idx || keyOnly && !pkt.Flags().Has(astiav.PacketFlagKey) {
			pkt.Unref()
			continue
		}
		err := d.cc.SendPacket(pkt)
		for errors.Is(err, astiav.ErrEagain) {
			// The decoder is full: take its frames, then offer the same packet again.
			if err := d.drain(fn); err != nil {
				pkt.Unref()
				return stopIsNil(err)
			}
			err = d.cc.SendPacket(pkt)
		}
		pkt.Unref()
		if err != nil {
			if bad++; bad > maxBadPackets {
				return fmt.Errorf("decode: %d damaged packets in a row: %w", bad, err)
			}
			continue
		}
		bad = 0
		if err := d.drain(fn); err != nil {
			return stopIsNil(err)
		}
	}
	return d.flush(fn)
}

// flush hands fn the frames the decoder still holds at the end of its packets.
func (d *decoder) flush(fn func(f *astiav.Frame) error) error {
	if err := d.cc.SendPacket(nil); err != nil && !errors.Is(err, astiav.ErrEof) {
		return nil
	}
	return stopIsNil(d.drain(fn))
}

func stopIsNil(err error) error {
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

func (d *decoder) drain(fn func(f *astiav.Frame) error) error {
	for {
		switch receiveFrame(d.ccPtr, d.frame) {
		case receiveAgain, receiveEnd:
			return nil
		case receiveFailed:
			return nil // a damaged frame; the next packet may decode
		}
		err := fn(d.frame)
		d.frame.Unref()
		if errors.Is(err, errStop) {
			return errStop
		}
		if err != nil {
			return err
		}
	}
}

// pts is a decoded frame's time from the start of its stream.
func (d *decoder) pts(f *astiav.Frame) int64 {
	return frameTS(f) - d.start
}
