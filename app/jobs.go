package app

import (
	"context"
	"sync"
)

// Jobs is the background work of one window: every goroutine a screen starts (scans, posters,
// analysis, searches, film details, answers, notes, model pulls, settings actions) runs under
// its context and is counted. The window's owner calls Stop when the window closes: that cancels
// the work and waits for it, so nothing writes to a library that is being closed.
type Jobs struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex // guards stopped with respect to wg.Add
	stopped bool
	wg      sync.WaitGroup
}

// NewJobs returns the jobs of a window, under parent (the process's context: Ctrl-C and
// SIGTERM end the window's work too).
func NewJobs(parent context.Context) *Jobs {
	ctx, cancel := context.WithCancel(parent)
	return &Jobs{ctx: ctx, cancel: cancel}
}

// Context is the window's context: done once Stop is called.
func (j *Jobs) Context() context.Context { return j.ctx }

// Go runs fn on its own goroutine with the window's context; after Stop it runs nothing and
// reports false.
func (j *Jobs) Go(fn func(ctx context.Context)) bool {
	return j.GoWith(j.ctx, fn)
}

// GoWith is Go with a context of the caller's, which must derive from Context (a search with a
// deadline, an answer the next question cancels).
func (j *Jobs) GoWith(ctx context.Context, fn func(ctx context.Context)) bool {
	j.mu.Lock()
	if j.stopped {
		j.mu.Unlock()
		return false
	}
	j.wg.Add(1)
	j.mu.Unlock()
	go func() {
		defer j.wg.Done()
		fn(ctx)
	}()
	return true
}

// Stop cancels the work and waits for every goroutine started with Go to end. It is safe to call
// more than once.
func (j *Jobs) Stop() {
	j.mu.Lock()
	j.stopped = true
	j.mu.Unlock()
	j.cancel()
	j.wg.Wait()
}

// Wait waits for the work started so far without cancelling it (tests).
func (j *Jobs) Wait() { j.wg.Wait() }

// Serial runs jobs one after another, in the order they were queued, on one of the window's
// goroutines (started when the first is queued, ended when the queue is empty): writes the
// user makes in quick succession (three clicks on the stars) reach the store in their order.
type Serial struct {
	jobs *Jobs

	mu      sync.Mutex
	queue   []func(ctx context.Context)
	running bool
}

// NewSerial returns an empty queue that runs in jobs.
func NewSerial(jobs *Jobs) *Serial { return &Serial{jobs: jobs} }

// Do queues fn; after the window's Stop, it is dropped.
func (s *Serial) Do(fn func(ctx context.Context)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, fn)
	if s.running {
		return
	}
	s.running = s.jobs.Go(s.drain)
	if !s.running {
		s.queue = nil
	}
}

func (s *Serial) drain(ctx context.Context) {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		fn := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		fn(ctx)
	}
}
