package ffmpeg

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/asticode/go-astiav"
)

// TextCue is one line of an embedded text subtitle track, as the container holds it: markup
// (<i>, {\an8}) is left for the caller to remove.
type TextCue struct {
	Start, End time.Duration
	Text       string
}

// ErrNotText is returned for a subtitle track of pictures (PGS, VobSub, DVB).
var ErrNotText = errors.New("not a text subtitle track")

// TextSubtitles reads the embedded text subtitle track with the given stream index: SubRip,
// plain text, WebVTT, ASS/SSA and MP4 timed text (mov_text). Text subtitle packets carry their
// text, so nothing is decoded: the packets of that one stream are read and the others skipped.
func TextSubtitles(ctx context.Context, path string, stream int) ([]TextCue, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("subtitles of %s: %w", path, err)
	}
	defer in.Close()
	streams := in.fc.Streams()
	if stream < 0 || stream >= len(streams) || streams[stream].CodecParameters().MediaType() != astiav.MediaTypeSubtitle {
		return nil, fmt.Errorf("subtitles of %s: stream %d is not a subtitle track", path, stream)
	}
	s := streams[stream]
	codec := s.CodecParameters().CodecID()
	switch codec {
	case astiav.CodecIDSubrip, astiav.CodecIDText, astiav.CodecIDWebvtt, astiav.CodecIDAss, astiav.CodecIDSsa, astiav.CodecIDMovText:
	default:
		return nil, fmt.Errorf("subtitles of %s: stream %d (%s): %w", path, stream, codec.Name(), ErrNotText)
	}
	tb, origin := s.TimeBase(), in.origin()
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	var out []TextCue
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := in.read(pkt); err != nil {
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			break // the end, or damage: the cues read so far stand
		}
		if pkt.StreamIndex() != stream {
			pkt.Unref()
			continue
		}
		text := packetText(codec, pkt.Data())
		pts := pkt.Pts()
		if pts == astiav.NoPtsValue {
			pts = pkt.Dts()
		}
		from := toDuration(pts, tb) - origin
		to := from + toDuration(pkt.Duration(), tb)
		pkt.Unref()
		if strings.TrimSpace(text) != "" && pts != astiav.NoPtsValue {
			out = append(out, TextCue{Start: from, End: to, Text: text})
		}
	}
	return out, nil
}

// packetText turns a text subtitle packet into its text.
func packetText(codec astiav.CodecID, b []byte) string {
	switch codec {
	case astiav.CodecIDMovText:
		// A 16-bit big-endian length, the UTF-8 text, then style boxes.
		if len(b) < 2 {
			return ""
		}
		n := int(binary.BigEndian.Uint16(b))
		if n > len(b)-2 {
			n = len(b) - 2
		}
		return string(b[2 : 2+n])
	case astiav.CodecIDAss, astiav.CodecIDSsa:
		// Matroska keeps "ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text".
		parts := strings.SplitN(string(b), ",", 9)
		if len(parts) == 9 {
			return strings.NewReplacer(`\N`, "\n", `\n`, "\n", `\h`, " ").Replace(parts[8])
		}
		return string(b)
	default:
		return string(b)
	}
}
