package player

import (
	"image"
	"sync"
	"time"
)

// Frame is a decoded picture, scaled for the view, waiting for its time. The media it came
// from owns its pixels: whoever holds a frame calls Release once it no longer shows it, and the
// media then writes a later picture into the same buffer.
type Frame struct {
	Image  *image.RGBA
	PTS    time.Duration // film time, from the first video frame
	Serial int           // the seek generation it belongs to (see Media.Seek)
	EOF    bool          // no picture: the video stream ended for this serial

	once    sync.Once
	release func()
}

// NewFrame makes a frame whose Release calls release (which may be nil).
func NewFrame(img *image.RGBA, pts time.Duration, serial int, release func()) *Frame {
	return &Frame{Image: img, PTS: pts, Serial: serial, release: release}
}

// Release hands the frame's buffer back to the media. It is safe to call more than once and on
// nil.
func (f *Frame) Release() {
	if f == nil {
		return
	}
	f.once.Do(func() {
		if f.release != nil {
			f.release()
		}
	})
}

// Samples is a run of decoded audio in the output device's format: interleaved float32 at the
// rate and channel count the media was opened with.
type Samples struct {
	Data   []float32
	PTS    time.Duration // film time of the first sample
	Speed  float64       // film seconds per second of sound (atempo's factor; 1 at normal speed)
	Serial int
	EOF    bool // no sound: the audio stream ended for this serial
}

// Media is a film opened for playback: demuxed and decoded ahead of the playhead by its own
// goroutines. Every output carries the serial of the seek it follows, so a consumer drops what
// an earlier seek left in flight. player/ffmpeg implements it.
type Media interface {
	Info() MediaInfo
	// Video delivers frames in presentation order; nil for a film without pictures.
	Video() <-chan *Frame
	// Audio delivers sound in presentation order; nil for a film without sound or when the
	// media was opened without an audio format.
	Audio() <-chan *Samples
	// Seek restarts decoding at t and returns the serial of what follows. Exact drops what
	// comes before t; otherwise decoding starts at the keyframe at or before t, which is fast.
	Seek(t time.Duration, exact bool) int
	// SetSpeed changes the tempo of the sound that follows (pitch kept).
	SetSpeed(speed float64)
	// SetVideoSize sets the size later frames are scaled to (display orientation).
	SetVideoSize(w, h int)
	// SelectAudio switches to another audio stream (an index into Info().Streams); the caller
	// seeks afterwards so the new sound starts at the playhead.
	SelectAudio(stream int) error
	// Err is the error that stopped decoding early, if any.
	Err() error
	Close() error
}

// AudioOut is a sound device. Fill is called from the device's own thread and must fill the
// whole buffer (interleaved float32) without blocking.
type AudioOut interface {
	Format() (rate, channels int)
	Start(fill func(out []float32)) error
	// Latency is how long a sample handed to fill waits before it is heard.
	Latency() time.Duration
	Close() error
}

// VideoSink shows frames. Show must not block for long; the engine keeps a frame's pixels
// unchanged until two later frames have been shown, so a sink may draw from it meanwhile.
type VideoSink interface {
	Show(f *Frame)
}
