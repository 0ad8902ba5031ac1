package core

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// One window per data folder: the first claim listens, a second listener is refused, another
// folder is another window, and a later launch hands its files to the first.
func TestSingleInstance(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	p, _ := PlacesFor(filepath.Join(dir, "data"))
	path := SocketPath(p)
	got := make(chan []string, 4)
	in, sent, err := Claim(path, nil, Handlers{Open: func(f []string) { got <- f }})
	if err != nil || sent || in == nil {
		t.Fatalf("first claim: %v %v %v", in, sent, err)
	}
	defer in.Close()
	if _, err := listen(path, Handlers{}); !errors.Is(err, ErrRunning) {
		t.Errorf("a second listener: %v", err)
	}
	// Another data folder is another window.
	q, _ := PlacesFor(filepath.Join(dir, "other"))
	other, _, err := Claim(SocketPath(q), nil, Handlers{})
	if err != nil || other == nil {
		t.Fatalf("another folder: %v", err)
	}
	other.Close()

	film := filepath.Join(dir, "film.mkv")
	if in2, sent, err := Claim(path, []string{film}, Handlers{}); err != nil || !sent || in2 != nil {
		t.Fatalf("a later launch: %v %v %v", in2, sent, err)
	}
	select {
	case files := <-got:
		if len(files) != 1 || files[0] != film {
			t.Errorf("handed %v, want %s", files, film)
		}
	case <-time.After(time.Minute): // a hand-over that never comes, not a timing
		t.Fatal("the running instance heard nothing")
	}
}

// A command handed to the window runs there: its output comes back on the right streams as it
// is written, with its exit status; a window that serves no commands leaves the caller to run
// it; the caller going away cancels the command.
func TestRunInWindow(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	p, _ := PlacesFor(filepath.Join(dir, "data"))
	path := SocketPath(p)
	cancelled := make(chan struct{})
	in, _, err := Claim(path, nil, Handlers{Run: func(ctx context.Context, args []string, d string, stdout, stderr io.Writer) int {
		switch args[0] {
		case "wait":
			fmt.Fprintln(stdout, "waiting")
			<-ctx.Done()
			close(cancelled)
			return 1
		default:
			fmt.Fprintf(stdout, "ran %s in %s\n", strings.Join(args, " "), d)
			fmt.Fprintln(stderr, "a warning")
			return 3
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, errOut strings.Builder
	code, ok, err := RunInWindow(context.Background(), path, []string{"search", "gun"}, "/films", &out, &errOut)
	if !ok || err != nil || code != 3 {
		t.Fatalf("RunInWindow = %d, %v, %v", code, ok, err)
	}
	if out.String() != "ran search gun in /films\n" || errOut.String() != "a warning\n" {
		t.Errorf("stdout %q, stderr %q", out.String(), errOut.String())
	}

	// Ctrl-C in the caller cancels the command in the window.
	ctx, cancel := context.WithCancel(context.Background())
	w := &signalWriter{want: "waiting", seen: make(chan struct{})}
	done := make(chan struct{})
	go func() {
		defer close(done)
		RunInWindow(ctx, path, []string{"wait"}, dir, w, io.Discard)
	}()
	<-w.seen
	cancel()
	<-done
	select {
	case <-cancelled:
	case <-time.After(time.Minute):
		t.Fatal("the command in the window was not cancelled")
	}

	// No window, or one that serves no commands: the caller runs the command itself.
	if _, ok, _ := RunInWindow(context.Background(), filepath.Join(dir, "none.sock"), []string{"search"}, dir, io.Discard, io.Discard); ok {
		t.Error("ran in a window that is not there")
	}
	q, _ := PlacesFor(filepath.Join(dir, "files-only"))
	plain, _, err := Claim(SocketPath(q), nil, Handlers{Open: func([]string) {}})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if _, ok, _ := RunInWindow(context.Background(), SocketPath(q), []string{"search"}, dir, io.Discard, io.Discard); ok {
		t.Error("a window that serves no commands ran one")
	}
}

// signalWriter closes seen once want has been written.
type signalWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	want string
	seen chan struct{}
	once sync.Once
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}
