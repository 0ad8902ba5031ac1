// Package regularfile opens the files a film is made of (the film, its subtitles, its .nfo and
// artwork) only when they are regular files, and says in plain words why one could not be
// read. It is under player so that both player/ffmpeg and index can use it (imports flow
// index → player); it needs only the standard library.
//
// A library folder is the user's, and anything can sit in it under a film's name: a named pipe
// (whose open blocks until a writer comes), a link to /dev/zero (which stats as 0 bytes and
// never ends), a socket. Open never blocks on one (O_NONBLOCK), and checks the opened file, not
// the name: a link is judged by what it points at, and a size by the file read.
package regularfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is wrapped by the error for anything that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError says what a path is instead of a file.
type NotRegularError struct{ Kind string } // "a named pipe (FIFO)", "a device", …

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("it is %s, not a regular file: skipped", e.Kind)
}

func (e *NotRegularError) Unwrap() error { return ErrNotRegular }

// Kind names what a mode is, for a message: "a named pipe (FIFO)", "a device", ….
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a folder"
	case m.IsRegular():
		return "a regular file"
	default:
		return "a special file"
	}
}

// Check returns a *NotRegularError unless info is a regular file.
func Check(info fs.FileInfo) error {
	if info.Mode().IsRegular() {
		return nil
	}
	return &NotRegularError{Kind: Kind(info.Mode())}
}

// Open opens path for reading if it is a regular file (after links), without blocking on a
// pipe or a device, and returns it with its size as opened.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil {
		err = Check(info)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// ReadAll reads a regular file of at most max bytes. A larger file is read up to max and
// reported as cut (cut is its whole size), so a caller can keep what it got and say so.
func ReadAll(path string, max int64) (data []byte, size int64, cut bool, err error) {
	f, info, err := Open(path)
	if err != nil {
		return nil, 0, false, err
	}
	defer f.Close()
	size = info.Size()
	data, err = io.ReadAll(io.LimitReader(f, max))
	if err != nil {
		return nil, size, false, err
	}
	return data, size, size > max, nil
}

// Explain is err with Reason's words for a message, still wrapping err (errors.Is and
// errors.As see through it).
func Explain(err error) error {
	if err == nil {
		return nil
	}
	return &explained{reason: Reason(err), err: err}
}

type explained struct {
	reason string
	err    error
}

func (e *explained) Error() string { return e.reason }
func (e *explained) Unwrap() error { return e.err }

// Reason turns an error from opening or reading a file into words for a warning: what
// happened and what to do, without Go's or the kernel's phrasing alone.
func Reason(err error) string {
	var nr *NotRegularError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &nr):
		return nr.Error()
	case errors.Is(err, fs.ErrNotExist):
		return "it is gone (removed or renamed while Reel read the folder)"
	case errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return "Reel is not allowed to read it (permission denied): check the file's permissions or the mount's options"
	case errors.Is(err, syscall.EIO):
		return "the disk reported a read error (input/output error): the file or the drive may be damaged, or a network share dropped"
	case errors.Is(err, syscall.ELOOP):
		return "its links loop (a link that leads back to itself)"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "its name is too long for the file system"
	case errors.Is(err, syscall.ESTALE), errors.Is(err, syscall.ENOTCONN), errors.Is(err, syscall.EHOSTDOWN):
		return "the network share it is on is not reachable: reconnect it and scan again"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Sprintf("cannot %s it: %v", pe.Op, pe.Err)
		}
		return err.Error()
	}
}
