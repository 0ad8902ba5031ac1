package core

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// handoffTimeout bounds each step of a hand-over (the request, the answer) and the wait for a
// window that holds the lock but does not listen yet: generous, for a loaded machine.
const handoffTimeout = 15 * time.Second

// ErrRunning means another Reel holds the data folder.
var ErrRunning = errors.New("another Reel is running")

// SocketPath is the window's socket for the data folder in p: one per folder, so a test with
// --data DIR never meets the user's own Reel.
func SocketPath(p Places) string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if st, err := os.Stat(dir); dir == "" || err != nil || !st.IsDir() {
		dir = os.TempDir()
	}
	abs, _ := filepath.Abs(p.Data)
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, fmt.Sprintf("reel-%d-%s.sock", os.Getuid(), hex.EncodeToString(sum[:6])))
}

// request is what a later process sends the window: files to open (a second launch), or a
// command to run against the window's open library (the command line while the window is open),
// with the folder it was run in, for its relative paths.
type request struct {
	Files   []string `json:"files,omitempty"`
	Command []string `json:"command,omitempty"`
	Dir     string   `json:"dir,omitempty"`
}

// frame is one line of the window's answer to a command: output for the caller's standard
// output (1) or error (2), or the exit status, which ends the answer.
type frame struct {
	Stream int    `json:"s,omitempty"`
	Data   []byte `json:"d,omitempty"`
	Exit   *int   `json:"exit,omitempty"`
}

// Handlers are what the window does with a request.
type Handlers struct {
	// Open plays the files a second launch hands over.
	Open func(files []string)
	// Run runs a command line (without the program name) as if it were run in dir, writing to
	// stdout and stderr, and returns its exit status. ctx ends when the caller goes away or the
	// window closes. Nil: commands are refused, and the caller runs them itself.
	Run func(ctx context.Context, args []string, dir string, stdout, stderr io.Writer) int
}

// handOff gives files to the Reel listening at path. It reports false when none listens.
func handOff(path string, files []string) (bool, error) {
	conn, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return false, nil
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(handoffTimeout))
	abs := make([]string, 0, len(files))
	for _, f := range files {
		if a, err := filepath.Abs(f); err == nil {
			abs = append(abs, a)
		}
	}
	if err := json.NewEncoder(conn).Encode(request{Files: abs}); err != nil {
		return false, err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || reply != "ok\n" {
		return false, fmt.Errorf("the running Reel did not answer (%q, %v)", reply, err)
	}
	return true, nil
}

// RunInWindow runs a command line in the Reel window listening at path, as if it were run in
// dir, copying its output to stdout and stderr as it comes, and returns its exit status. ok is
// false when no window listens there (or it serves no commands): the caller runs the command
// itself. Cancelling ctx (Ctrl-C) cancels the command in the window.
func RunInWindow(ctx context.Context, path string, args []string, dir string, stdout, stderr io.Writer) (code int, ok bool, err error) {
	d := net.Dialer{Timeout: time.Second}
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return 0, false, nil
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	conn.SetWriteDeadline(time.Now().Add(handoffTimeout))
	if err := json.NewEncoder(conn).Encode(request{Command: args, Dir: dir}); err != nil {
		return 0, false, nil
	}
	conn.SetWriteDeadline(time.Time{})
	dec := json.NewDecoder(bufio.NewReader(conn))
	first := true
	for {
		var f frame
		if err := dec.Decode(&f); err != nil {
			if ctx.Err() != nil {
				return 130, true, ctx.Err()
			}
			if first {
				return 0, false, nil // an older window, or one that does not serve commands
			}
			return 1, true, fmt.Errorf("the Reel window stopped answering: %w", err)
		}
		first = false
		switch {
		case f.Exit != nil:
			return *f.Exit, true, nil
		case f.Stream == 1:
			stdout.Write(f.Data)
		case f.Stream == 2:
			stderr.Write(f.Data)
		}
	}
}

// frameWriter sends what a command writes to one of its streams as frames.
type frameWriter struct {
	mu     *sync.Mutex
	enc    *json.Encoder
	stream int
}

func (w frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.enc.Encode(frame{Stream: w.stream, Data: p}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Instance is the running window's side: the lock and the listener.
type Instance struct {
	ln     net.Listener
	lock   *os.File
	path   string
	h      Handlers
	ctx    context.Context // ends with Close: the commands being served are cancelled
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed sync.Once
}

// listen takes the data folder's lock and listens at path, serving each later process from its
// own goroutine. It returns ErrRunning when another process holds the lock.
func listen(path string, h Handlers) (*Instance, error) {
	lock, err := os.OpenFile(path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, ErrRunning
	}
	os.Remove(path) // a socket left by a Reel that was killed: the lock says nobody owns it
	ln, err := net.Listen("unix", path)
	if err != nil {
		lock.Close()
		return nil, err
	}
	os.Chmod(path, 0o600)
	ctx, cancel := context.WithCancel(context.Background())
	in := &Instance{ln: ln, lock: lock, path: path, h: h, ctx: ctx, cancel: cancel}
	in.wg.Add(1)
	go func() {
		defer in.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // closed
			}
			in.wg.Add(1)
			go func() {
				defer in.wg.Done()
				in.serve(conn)
			}()
		}
	}()
	return in, nil
}

// serve answers one process: files to open, or a command to run.
func (in *Instance) serve(conn net.Conn) {
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(handoffTimeout))
	r := bufio.NewReader(conn)
	var req request
	if err := json.NewDecoder(r).Decode(&req); err != nil {
		slog.Warn("a later launch sent nothing usable", "err", err)
		return
	}
	conn.SetReadDeadline(time.Time{})
	if len(req.Command) == 0 {
		conn.SetWriteDeadline(time.Now().Add(handoffTimeout))
		conn.Write([]byte("ok\n"))
		slog.Info("handed over by a second launch", "files", req.Files)
		if in.h.Open != nil {
			in.h.Open(req.Files)
		}
		return
	}
	if in.h.Run == nil {
		return // the caller sees no answer and runs the command itself
	}
	// The command runs until it ends, the caller hangs up (Ctrl-C), or the window closes.
	ctx, cancel := context.WithCancel(in.ctx)
	defer cancel()
	// A caller that stops reading (its output paused in a pager) must not hold the window:
	// once the command is cancelled, a write stuck on the socket fails at once.
	unstick := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer unstick()
	left := make(chan struct{})
	go func() {
		defer close(left)
		io.Copy(io.Discard, r) // the caller sends nothing more: EOF is its leaving
		cancel()
	}()
	var mu sync.Mutex
	enc := json.NewEncoder(conn)
	slog.Info("running a command for the command line", "command", req.Command)
	code := in.h.Run(ctx, req.Command, req.Dir, frameWriter{&mu, enc, 1}, frameWriter{&mu, enc, 2})
	mu.Lock()
	enc.Encode(frame{Exit: &code})
	mu.Unlock()
	conn.Close()
	<-left
}

// Close stops listening, cancels the commands being served and waits for them, and releases
// the lock.
func (in *Instance) Close() {
	in.closed.Do(func() {
		in.ln.Close()
		in.cancel()
		in.wg.Wait()
		os.Remove(in.path)
		in.lock.Close()
	})
}

// Claim makes this process the folder's window, or hands files to the one that is: it returns
// the instance (nil, true) when the files went to a running Reel.
func Claim(path string, files []string, h Handlers) (*Instance, bool, error) {
	deadline := time.Now().Add(handoffTimeout)
	for {
		if ok, err := handOff(path, files); ok || err != nil {
			return nil, ok, err
		}
		in, err := listen(path, h)
		if !errors.Is(err, ErrRunning) {
			return in, false, err
		}
		// Another launch holds the lock but is not listening yet: it is starting. Try again.
		if time.Now().After(deadline) {
			return nil, false, fmt.Errorf("another Reel holds %s but does not answer", path)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
