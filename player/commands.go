package player

import (
	"sync"
	"time"
)

type commandKind int

const (
	cmdSeek commandKind = iota
	cmdPause
	cmdStep
	cmdSpeed
	cmdAudioTrack
)

type command struct {
	kind  commandKind
	at    time.Duration // cmdSeek
	exact bool          // cmdSeek
	on    bool          // cmdPause
	speed float64       // cmdSpeed
	index int           // cmdAudioTrack
}

// commandQueue carries commands from any goroutine to the engine's loop. A command that
// replaces the effect of the one queued just before it takes its place: fifty seeks while a
// slider is dragged become one, and so do speed changes.
type commandQueue struct {
	mu   sync.Mutex
	list []command
	wake chan struct{} // signalled when the list becomes non-empty
}

func newCommandQueue() *commandQueue {
	return &commandQueue{wake: make(chan struct{}, 1)}
}

func (q *commandQueue) push(c command) {
	q.mu.Lock()
	if n := len(q.list); n > 0 && q.list[n-1].kind == c.kind && (c.kind == cmdSeek || c.kind == cmdSpeed) {
		q.list[n-1] = c
	} else {
		q.list = append(q.list, c)
	}
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// pendingSeek is the target of the seek waiting in the queue, so that relative seeks pressed
// in a burst add up from where the previous one will land.
func (q *commandQueue) pendingSeek() (time.Duration, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i := len(q.list) - 1; i >= 0; i-- {
		if q.list[i].kind == cmdSeek {
			return q.list[i].at, true
		}
	}
	return 0, false
}

func (q *commandQueue) take() []command {
	q.mu.Lock()
	defer q.mu.Unlock()
	l := q.list
	q.list = nil
	return l
}
