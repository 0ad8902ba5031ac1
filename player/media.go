package player

import (
	"fmt"
	"math"
	"time"
)

// StreamType says what a stream carries.
type StreamType string

// The stream types Reel tells apart. Anything else (attachments, data) is StreamData.
const (
	StreamVideo    StreamType = "video"
	StreamAudio    StreamType = "audio"
	StreamSubtitle StreamType = "subtitle"
	StreamData     StreamType = "data"
)

// Ratio is an exact fraction, used for sample aspect ratios. The zero value means unknown.
type Ratio struct {
	Num, Den int
}

// Float returns the ratio as a number, or 1 when it is unknown or invalid.
func (r Ratio) Float() float64 {
	if r.Num <= 0 || r.Den <= 0 {
		return 1
	}
	return float64(r.Num) / float64(r.Den)
}

func (r Ratio) String() string {
	if r.Num <= 0 || r.Den <= 0 {
		return "1:1"
	}
	return fmt.Sprintf("%d:%d", r.Num, r.Den)
}

// Stream describes one elementary stream of a container. Fields that do not apply to the
// stream's type are zero.
type Stream struct {
	Index    int
	Type     StreamType
	Codec    string // FFmpeg codec name: h264, hevc, aac, subrip, hdmv_pgs_subtitle, …
	Language string // ISO 639 code from the container, "" when untagged
	Title    string
	Default  bool

	// Video.
	Width, Height int
	FPS           float64 // average frame rate, 0 when unknown
	SAR           Ratio   // sample (pixel) aspect ratio
	Rotation      int     // clockwise degrees to rotate for display: 0, 90, 180 or 270

	// Audio.
	Channels   int
	SampleRate int

	// Subtitle.
	Bitmap bool // PGS, VobSub, DVB: pictures, not text
	Forced bool // a subtitle track of forced subtitles only (signs, foreign dialogue)
}

// DisplaySize is the size the picture should be shown at: pixel aspect applied to the width,
// then rotation.
func (s Stream) DisplaySize() (w, h int) {
	w, h = s.Width, s.Height
	if sar := s.SAR.Float(); sar != 1 {
		w = int(float64(w)*sar + 0.5)
	}
	if s.Rotation == 90 || s.Rotation == 270 {
		w, h = h, w
	}
	return w, h
}

// Fit is the largest size with the stream's display aspect that fits in w×h: the picture is
// scaled (up or down) to exactly the pixels it covers on screen. The window's video view and
// `reel play --headless --view` both size pictures by it.
func (s Stream) Fit(w, h int) (int, int) {
	dw, dh := s.DisplaySize()
	if dw <= 0 || dh <= 0 {
		return w, h
	}
	k := math.Min(float64(w)/float64(dw), float64(h)/float64(dh))
	return max(2, int(float64(dw)*k+0.5)), max(2, int(float64(dh)*k+0.5))
}

// Chapter is a named span of a film, as authored in the container.
type Chapter struct {
	Start, End time.Duration
	Title      string
}

// MediaInfo is what a probe learns about a file without decoding it.
type MediaInfo struct {
	Path      string
	Container string // demuxer name(s), e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "matroska,webm"
	Duration  time.Duration
	BitRate   int64 // bits per second, 0 when unknown
	Title     string
	Tags      map[string]string // container tags, keys lower-cased
	Streams   []Stream
	Chapters  []Chapter
}

// Video returns the first video stream, the one a player shows.
func (m MediaInfo) Video() (Stream, bool) {
	return m.first(StreamVideo)
}

// Audio returns the default audio stream, or the first one.
func (m MediaInfo) Audio() (Stream, bool) {
	for _, s := range m.Streams {
		if s.Type == StreamAudio && s.Default {
			return s, true
		}
	}
	return m.first(StreamAudio)
}

func (m MediaInfo) first(t StreamType) (Stream, bool) {
	for _, s := range m.Streams {
		if s.Type == t {
			return s, true
		}
	}
	return Stream{}, false
}
