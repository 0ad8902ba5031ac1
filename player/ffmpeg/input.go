package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/asticode/go-astiav"
)

func init() {
	// FFmpeg writes warnings about damaged files to stderr by default; Reel reports problems as
	// errors instead and keeps FFmpeg's own words for debug logs.
	astiav.SetLogLevel(astiav.LogLevelError)
	astiav.SetLogCallback(func(_ astiav.Classer, l astiav.LogLevel, _, msg string) {
		slog.Debug("ffmpeg", "level", int(l), "msg", msg)
	})
}

// ErrNoVideo is returned by the picture functions for files without a video stream.
var ErrNoVideo = errors.New("no video stream")

// input is an opened, probed container. It is owned by one goroutine.
type input struct {
	path string
	fc   *astiav.FormatContext
	intr astiav.IOInterrupter // kept here so the C side's pointer stays alive
	stop func() bool
	ctx  context.Context
}

func openInput(ctx context.Context, path string) (*input, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A fast, clear answer for the common cases, before FFmpeg's own wording.
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder", path)
	}
	if st.Size() == 0 {
		return nil, errors.New("empty file")
	}
	fc := astiav.AllocFormatContext()
	if fc == nil {
		return nil, errors.New("allocate format context")
	}
	in := &input{path: path, fc: fc, ctx: ctx}
	in.intr = fc.SetInterruptCallback()
	in.stop = context.AfterFunc(ctx, in.intr.Interrupt)
	if err := fc.OpenInput(path, nil, nil); err != nil {
		in.stop()
		fc.Free() // FFmpeg already freed it and nulled the pointer; this is a no-op then
		if errors.Is(err, astiav.ErrInvaliddata) {
			err = fmt.Errorf("not a film FFmpeg can read: damaged, incomplete (a download that did not finish?) or not video at all (%w)", err)
		}
		return nil, in.wrap("open", err)
	}
	if err := fc.FindStreamInfo(nil); err != nil {
		in.Close()
		return nil, in.wrap("read stream info", err)
	}
	return in, nil
}

// Close frees the container. It is safe to call once.
func (in *input) Close() {
	in.stop()
	in.fc.CloseInput()
	in.fc.Free()
}

// wrap turns an FFmpeg error into a Go one, preferring the context's error when the call was
// interrupted.
func (in *input) wrap(op string, err error) error {
	if cerr := in.ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("%s: %w", op, err)
}

// videoStream is the stream a player would show: the first video stream that is not a cover
// picture.
func (in *input) videoStream() (*astiav.Stream, error) {
	for _, s := range in.fc.Streams() {
		cp := s.CodecParameters()
		if cp.MediaType() != astiav.MediaTypeVideo || isAttachedPicture(s) {
			continue
		}
		if cp.Width() <= 0 || cp.Height() <= 0 {
			continue
		}
		return s, nil
	}
	return nil, ErrNoVideo
}

// origin is time zero of the film, from which every time Reel reports counts: the first
// timestamp of the video stream (so the first frame is at 0, whatever offset a muxer added for
// an audio encoder's priming samples), or the container's start without video.
func (in *input) origin() time.Duration {
	if s, err := in.videoStream(); err == nil {
		return toDuration(startTime(s), s.TimeBase())
	}
	if st := in.fc.StartTime(); st != astiav.NoPtsValue && st > 0 {
		return avTime(st)
	}
	return 0
}

// startTime is the stream's first timestamp; a video stream's is the film's origin.
func startTime(s *astiav.Stream) int64 {
	if st := s.StartTime(); st != astiav.NoPtsValue {
		return st
	}
	return 0
}
