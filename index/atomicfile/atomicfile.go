// Package atomicfile writes files so that a reader, or the next start after a crash or a power
// cut, finds either the old content or the new one, never half a file: the content goes to a
// temporary file in the same folder, which is synced, renamed over the target, and the folder
// synced. On any error the temporary file is removed and the target is left as it was.
//
// It imports only the standard library, so index/ and core/ can both use it.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// WriteFile writes data to path, replacing what was there, with permissions perm.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// Write writes what write writes to path, replacing what was there, with permissions perm. An
// error from write leaves path untouched.
func Write(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	f, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = commit(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WritePath is Write for writers that need a file name rather than an io.Writer (an FFmpeg
// muxer): make writes the whole file at tmp, a name in path's folder that ends in path's
// extension (muxers choose the container by it).
func WritePath(path string, perm fs.FileMode, make func(tmp string) error) error {
	f, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	err = make(tmp)
	if err == nil {
		err = syncFile(tmp, perm)
	}
	if err == nil {
		err = commit(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// createTemp makes the temporary file beside path: ".partial-NAME-RANDOM.EXT", hidden (library
// scans and folder views pass it by) and ending in path's extension.
func createTemp(path string) (*os.File, error) {
	dir, name := filepath.Split(path)
	ext := filepath.Ext(name)
	return os.CreateTemp(dir, ".partial-"+strings.TrimSuffix(name, ext)+"-*"+ext)
}

// syncFile sets the permissions of the file at path and flushes it to the disk.
func syncFile(path string, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	err = f.Chmod(perm)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit renames tmp over path and syncs the folder, so the rename itself survives a crash.
func commit(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		err = nil // a file system that cannot sync folders (some network and FUSE ones)
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
