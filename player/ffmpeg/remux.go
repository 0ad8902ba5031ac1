package ffmpeg

import (
	"context"
	"errors"
	"fmt"

	"github.com/asticode/go-astiav"
)

// RemuxPacket is one packet as Remux hands it to its edit.
type RemuxPacket struct {
	Stream int
	Data   []byte
	Pts    int64
}

// RemuxOptions say how Remux changes a file on the way.
type RemuxOptions struct {
	// Edit returns a packet's new data, or nil to drop it.
	Edit func(p RemuxPacket) []byte
	// ExtraData, when set, returns a stream's new codec private data (its header; nil for
	// none).
	ExtraData func(stream int, old []byte) []byte
}

// Remux copies the streams of src into the Matroska file dst without decoding them, edited
// as opt says (the tests make hostile media from real files with it: damaged packets, a PGS
// track without its clears, a VobSub track without its palette).
func Remux(src, dst string, opt RemuxOptions) error {
	if err := remux(src, dst, opt); err != nil {
		return fmt.Errorf("remux %s: %w", src, err)
	}
	return nil
}

func remux(src, dst string, opt RemuxOptions) error {
	in, err := openInput(context.Background(), src)
	if err != nil {
		return err
	}
	defer in.Close()
	var streams []streamCopy
	for _, s := range in.streams {
		c := streamCopy{from: s}
		if opt.ExtraData != nil {
			c.extra, c.setExtra = opt.ExtraData(s.Index(), s.CodecParameters().ExtraData()), true
		}
		streams = append(streams, c)
	}
	out, err := createMatroska(dst, streams)
	if err != nil {
		return err
	}
	defer out.close()
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	for {
		if err := in.read(pkt); err != nil {
			if errors.Is(err, astiav.ErrEof) {
				break
			}
			return err
		}
		i := pkt.StreamIndex()
		if opt.Edit != nil {
			data := opt.Edit(RemuxPacket{Stream: i, Data: append([]byte(nil), pkt.Data()...), Pts: pkt.Pts()})
			if data == nil {
				pkt.Unref()
				continue
			}
			pts, dts, dur, flags := pkt.Pts(), pkt.Dts(), pkt.Duration(), pkt.Flags()
			pkt.Unref()
			if err := pkt.FromData(data); err != nil {
				return err
			}
			pkt.SetPts(pts)
			pkt.SetDts(dts)
			pkt.SetDuration(dur)
			pkt.SetFlags(flags)
			pkt.SetStreamIndex(i)
		}
		if err := out.write(pkt, in.streams[i].TimeBase(), i); err != nil {
			return err
		}
	}
	return out.fc.WriteTrailer()
}

// RepeatTrack writes a Matroska file holding only stream of src, played copies times end to
// end (each copy shifted by the span of the one before, plus a second): a feature-length
// subtitle track from a short real one, for benchmarks.
func RepeatTrack(src string, stream, copies int, dst string) error {
	if err := repeatTrack(src, stream, copies, dst); err != nil {
		return fmt.Errorf("repeat %s: %w", src, err)
	}
	return nil
}

func repeatTrack(src string, stream, copies int, dst string) error {
	in, err := openInput(context.Background(), src)
	if err != nil {
		return err
	}
	defer in.Close()
	if stream < 0 || stream >= len(in.streams) {
		return fmt.Errorf("no stream %d", stream)
	}
	type packet struct {
		data     []byte
		pts, dur int64
	}
	var pkts []packet
	var span int64
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	for {
		if err := in.read(pkt); err != nil {
			if errors.Is(err, astiav.ErrEof) {
				break
			}
			return err
		}
		if pkt.StreamIndex() == stream {
			pkts = append(pkts, packet{data: append([]byte(nil), pkt.Data()...), pts: pkt.Pts(), dur: pkt.Duration()})
			span = max(span, pkt.Pts()+pkt.Duration())
		}
		pkt.Unref()
	}
	tb := in.streams[stream].TimeBase()
	span += int64(tb.Den()) / int64(max(tb.Num(), 1)) // a second between copies
	out, err := createMatroska(dst, []streamCopy{{from: in.streams[stream]}})
	if err != nil {
		return err
	}
	defer out.close()
	for c := 0; c < copies; c++ {
		for _, p := range pkts {
			if err := pkt.FromData(p.data); err != nil {
				return err
			}
			pkt.SetPts(p.pts + int64(c)*span)
			pkt.SetDts(p.pts + int64(c)*span)
			pkt.SetDuration(p.dur)
			if err := out.write(pkt, tb, 0); err != nil {
				return err
			}
		}
	}
	return out.fc.WriteTrailer()
}

// streamCopy is one stream of a Matroska file written by copying another's packets.
type streamCopy struct {
	from     *astiav.Stream
	extra    []byte // its codec private data, when setExtra
	setExtra bool
}

// matroskaOutput is a Matroska file being written, its header already out.
type matroskaOutput struct {
	fc *astiav.FormatContext
	pb *astiav.IOContext
}

// createMatroska creates dst with a copy of each stream's parameters and writes its header.
func createMatroska(dst string, streams []streamCopy) (*matroskaOutput, error) {
	fc, err := astiav.AllocOutputFormatContext(nil, "matroska", dst)
	if err != nil {
		return nil, err
	}
	out := &matroskaOutput{fc: fc}
	for _, s := range streams {
		ost := fc.NewStream(nil)
		if err := s.from.CodecParameters().Copy(ost.CodecParameters()); err != nil {
			out.close()
			return nil, err
		}
		ost.CodecParameters().SetCodecTag(0)
		if s.setExtra {
			if err := ost.CodecParameters().SetExtraData(s.extra); err != nil {
				out.close()
				return nil, err
			}
		}
		ost.SetTimeBase(s.from.TimeBase())
	}
	if out.pb, err = astiav.OpenIOContext(dst, astiav.NewIOContextFlags(astiav.IOContextFlagWrite)); err != nil {
		out.close()
		return nil, err
	}
	fc.SetPb(out.pb)
	if err := fc.WriteHeader(nil); err != nil {
		out.close()
		return nil, fmt.Errorf("header: %w", err)
	}
	return out, nil
}

// write writes pkt (timed in tb) to stream i.
func (o *matroskaOutput) write(pkt *astiav.Packet, tb astiav.Rational, i int) error {
	pkt.SetStreamIndex(i)
	pkt.RescaleTs(tb, o.fc.Streams()[i].TimeBase())
	if err := o.fc.WriteInterleavedFrame(pkt); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

func (o *matroskaOutput) close() {
	if o.pb != nil {
		o.pb.Close()
	}
	o.fc.Free()
}
