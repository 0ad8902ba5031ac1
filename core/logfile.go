package core

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// RotatingLog is the window's log file in the state folder: reel.log, moved to reel.log.1 (and
// .1 to .2, …, keeping keep old ones) when it passes limit bytes, at start and while running.
//
// When the file cannot be opened again after a rotation (the folder was deleted, the disk is
// full), Write says so, and every later Write tries again: the log comes back by itself once
// the file can be opened.
type RotatingLog struct {
	mu     sync.Mutex
	path   string
	limit  int64
	keep   int
	f      *os.File // nil after a rotation until a reopen succeeds
	size   int64
	closed bool
}

// OpenLog opens (creating it and dir) reel.log in dir.
func OpenLog(dir string, limit int64, keep int) (*RotatingLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open log: %w", err)
	}
	l := &RotatingLog{path: filepath.Join(dir, "reel.log"), limit: limit, keep: keep}
	if st, err := os.Stat(l.path); err == nil && st.Size() >= limit {
		l.rotate()
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *RotatingLog) open() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open log %s: %w", l.path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log %s: %w", l.path, err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// rotate shifts reel.log.N to .N+1 (dropping the oldest) and reel.log to .1.
func (l *RotatingLog) rotate() {
	for i := l.keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1))
	}
	os.Rename(l.path, l.path+".1")
}

// Write appends p to the log, rotating it first when p would take it past the limit. While
// the file cannot be opened, Write returns the error (p is not written) and tries again next
// time.
func (l *RotatingLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, os.ErrClosed
	}
	if l.f != nil && l.size+int64(len(p)) > l.limit && l.size > 0 {
		l.f.Close()
		l.f = nil
		l.rotate()
	}
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// Close closes the file; later writes fail with os.ErrClosed.
func (l *RotatingLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
