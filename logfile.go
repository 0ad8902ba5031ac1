package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// rotatingLog is the window's log file in the state folder: reel.log, moved to reel.log.1 (and
// .1 to .2, …, keeping keep old ones) when it passes limit bytes, at start and while running.
type rotatingLog struct {
	mu    sync.Mutex
	path  string
	limit int64
	keep  int
	f     *os.File
	size  int64
}

func openLog(dir string, limit int64, keep int) (*rotatingLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	l := &rotatingLog{path: filepath.Join(dir, "reel.log"), limit: limit, keep: keep}
	if st, err := os.Stat(l.path); err == nil && st.Size() >= limit {
		l.rotate()
	}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *rotatingLog) open() error {
	f, err := os.OpenFile(l.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("open log %s: %w", l.path, err)
	}
	st, _ := f.Stat()
	l.f, l.size = f, st.Size()
	return nil
}

// rotate shifts reel.log.N to .N+1 (dropping the oldest) and reel.log to .1.
func (l *rotatingLog) rotate() {
	for i := l.keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1))
	}
	os.Rename(l.path, l.path+".1")
}

func (l *rotatingLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return len(p), nil
	}
	if l.size+int64(len(p)) > l.limit && l.size > 0 {
		l.f.Close()
		l.rotate()
		if err := l.open(); err != nil {
			l.f = nil
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

func (l *rotatingLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
