package main

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/reel-app/reel/cli"
	"github.com/reel-app/reel/core"
)

// commandServer runs, in the window, the library commands of a `reel` run from a terminal while
// the window is open (core.Handlers.Run): the window holds the library, so the command uses the
// window's, once it is open. Commands that change the library refresh the window's grid.
type commandServer struct {
	ready   chan struct{} // closed once the library is open, or the window is closing
	ctx     context.Context
	cancel  context.CancelFunc
	running sync.WaitGroup

	mu      sync.Mutex
	lib     *core.Library
	refresh func()
	opened  bool
	closed  bool
}

func newCommandServer() *commandServer {
	ctx, cancel := context.WithCancel(context.Background())
	return &commandServer{ready: make(chan struct{}), ctx: ctx, cancel: cancel}
}

// open starts serving commands on lib; refresh shows the library's changes in the window.
func (s *commandServer) open(lib *core.Library, refresh func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opened || s.closed {
		return
	}
	s.lib, s.refresh, s.opened = lib, refresh, true
	close(s.ready)
}

// close refuses new commands, cancels those running and waits for them: call it before the
// library closes.
func (s *commandServer) close() {
	s.mu.Lock()
	s.closed = true
	if !s.opened {
		s.opened = true
		close(s.ready)
	}
	s.mu.Unlock()
	s.cancel()
	s.running.Wait()
}

func (s *commandServer) run(ctx context.Context, args []string, dir string, stdout, stderr io.Writer) int {
	select {
	case <-s.ready:
	case <-ctx.Done():
		return 1
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		fmt.Fprintln(stderr, "reel: the Reel window is closing: run the command again once it has")
		return 1
	}
	s.running.Add(1)
	lib, refresh := s.lib, s.refresh
	s.mu.Unlock()
	defer s.running.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(s.ctx, cancel)
	defer stop()
	code := cli.Run(ctx, args, stdout, stderr, cli.Options{
		Version: version,
		Library: func(context.Context) (*core.Library, error) { return lib.Shared(), nil },
		Dir:     dir,
	})
	if code == 0 && cli.ChangesLibrary(args) && refresh != nil {
		refresh()
	}
	return code
}
