package ffmpeg

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
)

// Probe reads a file's container and stream headers. It decodes nothing beyond what FFmpeg
// needs to learn the streams' parameters.
func Probe(ctx context.Context, path string) (player.MediaInfo, error) {
	in, err := openInput(ctx, path)
	if err != nil {
		return player.MediaInfo{}, fmt.Errorf("probe %s: %w", path, err)
	}
	defer in.Close()
	info, err := in.info()
	if err != nil {
		return player.MediaInfo{}, fmt.Errorf("probe %s: %w", path, err)
	}
	return info, nil
}

func (in *input) info() (player.MediaInfo, error) {
	fc := in.fc
	info := player.MediaInfo{Path: in.path, BitRate: fc.BitRate(), Tags: tags(fc.Metadata())}
	if f := fc.InputFormat(); f != nil {
		info.Container = f.Name()
	}
	if d := fc.Duration(); d > 0 && d != astiav.NoPtsValue {
		info.Duration = avTime(d)
	}
	info.Title = info.Tags["title"]
	for _, s := range fc.Streams() {
		info.Streams = append(info.Streams, stream(s))
	}
	if info.Duration == 0 {
		// Some containers (Annex-B in Matroska, raw streams) carry no duration; the longest
		// stream's is the next best thing.
		for _, s := range fc.Streams() {
			if d := toDuration(s.Duration(), s.TimeBase()); d > info.Duration {
				info.Duration = d
			}
		}
	}
	chs, err := chapters(fc)
	if err != nil {
		return info, err
	}
	info.Chapters = chs
	return info, nil
}

func stream(s *astiav.Stream) player.Stream {
	cp := s.CodecParameters()
	md := tags(s.Metadata())
	out := player.Stream{
		Index:    s.Index(),
		Codec:    cp.CodecID().Name(),
		Language: md["language"],
		Title:    md["title"],
		Default:  isDefaultStream(s),
	}
	if out.Language == "und" {
		out.Language = ""
	}
	switch cp.MediaType() {
	case astiav.MediaTypeVideo:
		out.Type = player.StreamVideo
		if isAttachedPicture(s) {
			out.Type = player.StreamData // a cover picture, not something to play
		}
		out.Width, out.Height = cp.Width(), cp.Height()
		out.FPS = frameRate(s)
		sar := s.SampleAspectRatio()
		if sar.Num() <= 0 {
			sar = cp.SampleAspectRatio()
		}
		if sar.Num() > 0 && sar.Den() > 0 {
			out.SAR = player.Ratio{Num: sar.Num(), Den: sar.Den()}
		}
		out.Rotation = rotation(s)
	case astiav.MediaTypeAudio:
		out.Type = player.StreamAudio
		out.Channels = cp.ChannelLayout().NbChannels()
		if out.Channels == 0 {
			out.Channels = cp.Channels()
		}
		out.SampleRate = cp.SampleRate()
	case astiav.MediaTypeSubtitle:
		out.Type = player.StreamSubtitle
		out.Bitmap = isBitmapSubtitle(cp.CodecID())
		out.Forced = isForcedStream(s)
	default:
		out.Type = player.StreamData
	}
	return out
}

// frameRate prefers the average frame rate, which is what variable-rate files play at; the
// "real" base rate can be a timebase artefact (57600/1 in a VFR MP4).
func frameRate(s *astiav.Stream) float64 {
	for _, r := range []astiav.Rational{s.AvgFrameRate(), s.RFrameRate()} {
		if r.Num() > 0 && r.Den() > 0 {
			if f := r.Float64(); f > 0 && f <= 1000 {
				return math.Round(f*1000) / 1000
			}
		}
	}
	return 0
}

// rotation is the clockwise rotation a player applies, from the display matrix.
func rotation(s *astiav.Stream) int {
	b := s.SideData(astiav.PacketSideDataTypeDisplaymatrix)
	if len(b) == 0 {
		return 0
	}
	m, err := astiav.NewDisplayMatrixFromBytes(b)
	if err != nil {
		return 0
	}
	// go-astiav already negates av_display_rotation_get: this is the clockwise angle to turn
	// the picture by for display, as ffmpeg's autorotate does (ffprobe's "rotation=-90" is 90).
	deg := int(math.Round(m.Rotation()))
	deg = ((deg % 360) + 360) % 360
	return (deg + 45) / 90 * 90 % 360
}

func tags(d *astiav.Dictionary) map[string]string {
	out := map[string]string{}
	if d == nil {
		return out
	}
	var prev *astiav.DictionaryEntry
	for {
		e := d.Get("", prev, astiav.NewDictionaryFlags(astiav.DictionaryFlagIgnoreSuffix))
		if e == nil {
			break
		}
		k := strings.ToLower(e.Key())
		if _, ok := out[k]; !ok {
			out[k] = e.Value()
		}
		prev = e
	}
	return out
}
