package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// One Reel window per data folder: the first launch holds a lock and listens on a local socket
// in the XDG runtime dir; a second launch (a double-clicked film, `reel film.mkv`) hands its
// files to the running window through the socket and exits.

// errRunning means another Reel holds the data folder.
var errRunning = errors.New("another Reel is running")

// socketPath is the window's socket for the data folder in p: one per folder, so a test with
// --data DIR never meets the user's own Reel.
func socketPath(p places) string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if st, err := os.Stat(dir); dir == "" || err != nil || !st.IsDir() {
		dir = os.TempDir()
	}
	abs, _ := filepath.Abs(p.Data)
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, fmt.Sprintf("reel-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:6])))
}

// handoff is what a second launch sends.
type handoff struct {
	Files []string `json:"files"`
}

// handOff gives files to the Reel listening at path. It reports false when none listens.
func handOff(path string, files []string) (bool, error) {
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(3 * time.Second))
	abs := make([]string, 0, len(files))
	for _, f := range files {
		if a, err := filepath.Abs(f); err == nil {
			abs = append(abs, a)
		}
	}
	if err := json.NewEncoder(conn).Encode(handoff{Files: abs}); err != nil {
		return false, err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || reply != "ok\n" {
		return false, fmt.Errorf("the running Reel did not answer (%q, %v)", reply, err)
	}
	return true, nil
}

// instance is the running window's side: the lock and the listener.
type instance struct {
	ln   net.Listener
	lock *os.File
	path string
	wg   sync.WaitGroup
}

// listen takes the data folder's lock and listens at path, calling open (from its own
// goroutine) with the files each later launch hands over. It returns errRunning when another
// process holds the lock.
func listen(path string, open func(files []string)) (*instance, error) {
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, errRunning
	}
	os.Remove(path) // a socket left by a Reel that was killed: the lock says nobody owns it
	ln, err := net.Listen("unix", path)
	if err != nil {
		lock.Close()
		return nil, err
	}
	os.Chmod(path, 0o600)
	in := &instance{ln: ln, lock: lock, path: path}
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // closed
			}
			conn.SetDeadline(time.Now().Add(3 * time.Second))
			var h handoff
			if err := json.NewDecoder(conn).Decode(&h); err != nil {
				slog.Warn("a second launch sent nothing usable", "err", err)
				conn.Close()
				continue
			}
			conn.Write([]byte("ok\n"))
			conn.Close()
			slog.Info("handed over by a second launch", "files", h.Files)
			open(h.Files)
		}
	}()
	return in, nil
}

// Close stops listening and releases the lock.
func (in *instance) Close() {
	in.ln.Close()
	in.wg.Wait()
	os.Remove(in.path)
	in.lock.Close()
}

// claim makes this process the folder's window, or hands files to the one that is: it returns
// the instance (nil, true) when the files went to a running Reel.
func claim(path string, files []string, open func([]string)) (*instance, bool, error) {
	deadline := time.Now().Add(3 * time.Second)
	for {
		if ok, err := handOff(path, files); ok || err != nil {
			return nil, ok, err
		}
		in, err := listen(path, open)
		if !errors.Is(err, errRunning) {
			return in, false, err
		}
		// Another launch holds the lock but is not listening yet: it is starting. Try again.
		if time.Now().After(deadline) {
			return nil, false, fmt.Errorf("another Reel holds %s but does not answer", path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
