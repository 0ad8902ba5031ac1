package regularfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestOpenOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "film.srt")
	os.WriteFile(file, []byte("hello"), 0o644)
	fifo := filepath.Join(dir, "pipe.srt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	zero := filepath.Join(dir, "zero.srt")
	os.Symlink("/dev/zero", zero)
	link := filepath.Join(dir, "link.srt")
	os.Symlink(file, link)
	for _, tt := range []struct {
		path, wantErr string
		size          int64
	}{
		{file, "", 5},
		{link, "", 5}, // a link is judged by what it points at
		{fifo, "it is a named pipe (FIFO), not a regular file: skipped", 0},
		{zero, "it is a character device, not a regular file: skipped", 0},
		{dir, "it is a folder, not a regular file: skipped", 0},
		{filepath.Join(dir, "gone.srt"), "it is gone", 0},
	} {
		f, info, err := Open(tt.path) // a pipe without a writer blocks here if opened plainly
		got := Reason(err)
		if tt.wantErr == "" {
			if err != nil || info.Size() != tt.size {
				t.Errorf("Open(%s) = %v, want a file of %d bytes", tt.path, err, tt.size)
			} else {
				f.Close()
			}
			continue
		}
		if err == nil || !strings.Contains(got, tt.wantErr) {
			t.Errorf("Open(%s): %q, want %q", tt.path, got, tt.wantErr)
		}
	}
	if _, _, err := Open(fifo); !errors.Is(err, ErrNotRegular) {
		t.Errorf("a pipe's error %v is not ErrNotRegular", err)
	}
}

func TestReadAllCuts(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.nfo")
	os.WriteFile(p, []byte(strings.Repeat("x", 100)), 0o644)
	data, size, cut, err := ReadAll(p, 10)
	if err != nil || len(data) != 10 || size != 100 || !cut {
		t.Errorf("ReadAll = %d bytes of %d, cut %v, %v; want 10 of 100, cut", len(data), size, cut, err)
	}
	if data, _, cut, _ := ReadAll(p, 100); len(data) != 100 || cut {
		t.Errorf("a file at the limit: %d bytes, cut %v", len(data), cut)
	}
}

func TestReason(t *testing.T) {
	pe := func(e error) error { return &fs.PathError{Op: "open", Path: "/x", Err: e} }
	for _, tt := range []struct {
		err  error
		want string
	}{
		{pe(syscall.EACCES), "not allowed to read it (permission denied)"},
		{pe(syscall.EPERM), "not allowed to read it (permission denied)"},
		{pe(syscall.EIO), "the disk reported a read error (input/output error)"},
		{pe(syscall.ENOTCONN), "network share"},
		{pe(syscall.ELOOP), "links loop"},
		{fmt.Errorf("read: %w", pe(syscall.EIO)), "the disk reported a read error"},
		{pe(syscall.EINVAL), "cannot open it: invalid argument"},
	} {
		if got := Reason(tt.err); !strings.Contains(got, tt.want) {
			t.Errorf("Reason(%v) = %q, want %q", tt.err, got, tt.want)
		}
		if e := Explain(tt.err); !errors.Is(e, tt.err) || e.Error() != Reason(tt.err) {
			t.Errorf("Explain(%v) = %v, does not wrap it or say the reason", tt.err, e)
		}
	}
}
