package ffmpegtest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/asticode/go-astiav"
)

// Packet is one packet as Remux hands it to its edit.
type Packet struct {
	Stream int
	Data   []byte
	Pts    int64
}

// RemuxOptions say how Remux changes a file on the way.
type RemuxOptions struct {
	// Edit returns a packet's new data, or nil to drop it.
	Edit func(p Packet) []byte
	// ExtraData, when set, returns a stream's new codec private data (its header; nil for
	// none).
	ExtraData func(stream int, old []byte) []byte
}

// Remux copies the streams of src into the Matroska file dst without decoding them, edited
// as opt says: hostile media (damaged packets, a PGS track without its clears, a VobSub track
// without its palette) made from real files.
func Remux(tb testing.TB, src, dst string, opt RemuxOptions) {
	tb.Helper()
	if err := remux(src, dst, opt); err != nil {
		tb.Fatalf("remux %s: %v", src, err)
	}
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
		os := out.NewStream(nil)
		if err := s.CodecParameters().Copy(os.CodecParameters()); err != nil {
			return err
		}
		os.CodecParameters().SetCodecTag(0)
		if opt.ExtraData != nil {
			if err := os.CodecParameters().SetExtraData(opt.ExtraData(s.Index(), s.CodecParameters().ExtraData())); err != nil {
				return err
			}
		}
		os.SetTimeBase(s.TimeBase())
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
			data := opt.Edit(Packet{Stream: i, Data: append([]byte(nil), pkt.Data()...), Pts: pkt.Pts()})
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
