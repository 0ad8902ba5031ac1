package ffmpeg

import (
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
	in := astiav.AllocFormatContext()
	if in == nil {
		return errors.New("allocate input")
	}
	defer in.Free()
	if err := in.OpenInput(src, nil, nil); err != nil {
		return err
	}
	defer in.CloseInput()
	if err := in.FindStreamInfo(nil); err != nil {
		return err
	}
	out, err := astiav.AllocOutputFormatContext(nil, "matroska", dst)
	if err != nil {
		return err
	}
	defer out.Free()
	for _, s := range in.Streams() {
		ost := out.NewStream(nil)
		if err := s.CodecParameters().Copy(ost.CodecParameters()); err != nil {
			return err
		}
		ost.CodecParameters().SetCodecTag(0)
		if opt.ExtraData != nil {
			if err := ost.CodecParameters().SetExtraData(opt.ExtraData(s.Index(), s.CodecParameters().ExtraData())); err != nil {
				return err
			}
		}
		ost.SetTimeBase(s.TimeBase())
	}
	pb, err := astiav.OpenIOContext(dst, astiav.NewIOContextFlags(astiav.IOContextFlagWrite))
	if err != nil {
		return err
	}
	defer pb.Close()
	out.SetPb(pb)
	if err := out.WriteHeader(nil); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	for {
		if err := in.ReadFrame(pkt); err != nil {
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
		pkt.RescaleTs(in.Streams()[i].TimeBase(), out.Streams()[i].TimeBase())
		if err := out.WriteInterleavedFrame(pkt); err != nil {
			return fmt.Errorf("write: %w", err)
		}
	}
	return out.WriteTrailer()
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
	in := astiav.AllocFormatContext()
	if in == nil {
		return errors.New("allocate input")
	}
	defer in.Free()
	if err := in.OpenInput(src, nil, nil); err != nil {
		return err
	}
	defer in.CloseInput()
	if err := in.FindStreamInfo(nil); err != nil {
		return err
	}
	if stream < 0 || stream >= len(in.Streams()) {
		return fmt.Errorf("no stream %d", stream)
	}
	st := in.Streams()[stream]
	type packet struct {
		data          []byte
		pts, dur, end int64
	}
	var pkts []packet
	var span int64
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	for {
		if err := in.ReadFrame(pkt); err != nil {
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
	stb := st.TimeBase()
	span += int64(stb.Den()) / int64(max(stb.Num(), 1)) // a second between copies
	out, err := astiav.AllocOutputFormatContext(nil, "matroska", dst)
	if err != nil {
		return err
	}
	defer out.Free()
	ost := out.NewStream(nil)
	if err := st.CodecParameters().Copy(ost.CodecParameters()); err != nil {
		return err
	}
	ost.CodecParameters().SetCodecTag(0)
	ost.SetTimeBase(stb)
	pb, err := astiav.OpenIOContext(dst, astiav.NewIOContextFlags(astiav.IOContextFlagWrite))
	if err != nil {
		return err
	}
	defer pb.Close()
	out.SetPb(pb)
	if err := out.WriteHeader(nil); err != nil {
		return err
	}
	for c := 0; c < copies; c++ {
		for _, p := range pkts {
			if err := pkt.FromData(p.data); err != nil {
				return err
			}
			pkt.SetStreamIndex(0)
			pkt.SetPts(p.pts + int64(c)*span)
			pkt.SetDts(p.pts + int64(c)*span)
			pkt.SetDuration(p.dur)
			pkt.RescaleTs(stb, out.Streams()[0].TimeBase())
			if err := out.WriteInterleavedFrame(pkt); err != nil {
				return err
			}
		}
	}
	return out.WriteTrailer()
}
