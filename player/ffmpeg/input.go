package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"syscall"
	"time"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player/regularfile"
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
	path    string
	fc      *astiav.FormatContext
	budget  *budget // the interrupt callback: the context's end, and the read budget
	stop    func() bool
	ctx     context.Context
	last    time.Duration // the time of the latest packet read, for IncompleteError
	streams []*astiav.Stream
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
	if err := regularfile.Check(st); err != nil {
		return nil, err // a pipe would block FFmpeg's open; a device would never end
	}
	if st.Size() == 0 {
		return nil, errors.New("the file is empty (0 bytes)")
	}
	fc := astiav.AllocFormatContext()
	if fc == nil {
		return nil, errors.New("allocate format context")
	}
	in := &input{path: path, fc: fc, ctx: ctx}
	b, err := newBudget(fc)
	if err != nil {
		fc.Free()
		return nil, err
	}
	in.budget = b
	in.stop = context.AfterFunc(ctx, b.stop)
	b.reset(openBudget)
	if err := fc.OpenInput(path, nil, nil); err != nil {
		in.stop()
		fc.Free() // FFmpeg already freed it and nulled the pointer; this is a no-op then
		tripped := b.tripped()
		b.free()
		switch {
		case tripped:
			err = fmt.Errorf("not a film FFmpeg can read: %d MiB read without finding its start (damaged, or a download that has not begun?)", openBudget>>20)
		case errors.Is(err, astiav.ErrInvaliddata):
			err = fmt.Errorf("not a film FFmpeg can read: damaged, incomplete (a download that did not finish?) or not video at all (%w)", err)
		}
		return nil, in.wrap("open", err)
	}
	if err := fc.FindStreamInfo(nil); err != nil {
		if b.tripped() {
			err = fmt.Errorf("%d MiB read without finding its streams: damaged, or incomplete", openBudget>>20)
		}
		in.Close()
		return nil, in.wrap("read stream info", err)
	}
	in.streams = fc.Streams()
	return in, nil
}

// Close frees the container. It is safe to call once.
func (in *input) Close() {
	in.stop()
	in.fc.CloseInput()
	in.fc.Free()
	in.budget.free()
}

// seek seeks as fc.SeekFrame does, within the seek budget: a demuxer without an index (a
// Matroska file without cues) reads its way to the target, so a seek may read far more than a
// packet's worth, but not through the zeros of a half-downloaded file for ever. The next read
// sets the read budget again.
func (in *input) seek(stream int, ts int64, flags astiav.SeekFlags) error {
	in.budget.reset(seekBudget)
	err := in.fc.SeekFrame(stream, ts, flags)
	if err != nil && in.budget.tripped() {
		return fmt.Errorf("seek: %d MiB read without reaching the time (a file without an index, damaged or incomplete): %w", seekBudget>>20, ErrIncomplete)
	}
	return err
}

// read reads the next packet, as fc.ReadFrame does, within the read budget: a file that goes
// readBudget bytes without a packet (zeros where a download has not arrived, damage) ends
// with an *IncompleteError at once, instead of after the demuxer has scanned the rest of it.
func (in *input) read(pkt *astiav.Packet) error {
	in.budget.reset(readBudget)
	if err := in.fc.ReadFrame(pkt); err != nil {
		if in.budget.tripped() {
			return &IncompleteError{After: in.last, Read: readBudget}
		}
		return err
	}
	if i := pkt.StreamIndex(); i >= 0 && i < len(in.streams) && pkt.Pts() != astiav.NoPtsValue {
		s := in.streams[i]
		if t := toDuration(pkt.Pts()-startTime(s), s.TimeBase()); t > in.last {
			in.last = t
		}
	}
	return nil
}

// wrap turns an FFmpeg error into a Go one, preferring the context's error when the call was
// interrupted.
func (in *input) wrap(op string, err error) error {
	if cerr := in.ctx.Err(); cerr != nil {
		return cerr
	}
	return fmt.Errorf("%s: %w", op, withErrno(err))
}

// withErrno lets errors.Is see the system error in an FFmpeg error (AVERROR(EIO) is -EIO):
// a caller can then say "the disk reported a read error" rather than FFmpeg's words.
func withErrno(err error) error {
	var ae astiav.Error
	if errors.As(err, &ae) && ae < 0 && ae > -4096 {
		return errnoError{av: err, errno: syscall.Errno(-ae)}
	}
	return err
}

type errnoError struct {
	av    error
	errno syscall.Errno
}

func (e errnoError) Error() string   { return e.av.Error() }
func (e errnoError) Unwrap() []error { return []error{e.av, e.errno} }

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
