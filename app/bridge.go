package app

import (
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// uiRunner runs a function on the Fyne goroutine. Fyne's test driver runs fyne.Do inline on the
// calling goroutine, so tests replace it with one that serialises the calls as the real driver
// does (see library_test.go).
var uiRunner = fyne.Do

// uiClosed is set once the window's loop has ended (CloseUI).
var uiClosed atomic.Bool

// CloseUI drops what workers send to the UI from now on. Call it when the window's loop has
// ended: fyne.Do would then run their updates on their own goroutines, beside the teardown
// that the process's main goroutine does with the widgets.
func CloseUI() { uiClosed.Store(true) }

// onUI runs fn on the Fyne goroutine. Every change to widgets made from a worker goroutine goes
// through here or through a coalescer. After CloseUI it does nothing.
func onUI(fn func()) {
	if uiClosed.Load() {
		return
	}
	uiRunner(fn)
}

// coalescer keeps the latest update from a worker and schedules at most one pending fyne.Do for
// it: a hundred progress reports in a burst become one repaint with the newest value.
type coalescer[T any] struct {
	mu      sync.Mutex
	latest  T
	pending bool
	apply   func(T) // runs on the Fyne goroutine
}

func newCoalescer[T any](apply func(T)) *coalescer[T] {
	return &coalescer[T]{apply: apply}
}

// Set records v; it reaches the UI with the next scheduled repaint.
func (c *coalescer[T]) Set(v T) {
	c.mu.Lock()
	c.latest = v
	if c.pending {
		c.mu.Unlock()
		return
	}
	c.pending = true
	c.mu.Unlock()
	onUI(func() {
		c.mu.Lock()
		v := c.latest
		c.pending = false
		c.mu.Unlock()
		c.apply(v)
	})
}
