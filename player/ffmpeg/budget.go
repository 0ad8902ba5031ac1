package ffmpeg

/*
#cgo pkg-config: libavformat
#include <libavformat/avformat.h>
#include <stdlib.h>

// reel_budget is an input's interrupt callback state: a stop flag (the context ended) and a
// read budget, the count of bytes read (AVIOContext.bytes_read) past which FFmpeg is told to
// stop. The callback runs on the thread reading, inside FFmpeg's reads: a demuxer scanning
// gigabytes of zeros for a sync code never returns to Go, but it calls this.
typedef struct {
	AVFormatContext *fc;
	int64_t limit;
	int tripped;
	int stop;
} reel_budget;

static int reel_budget_cb(void *opaque) {
	reel_budget *b = opaque;
	if (__atomic_load_n(&b->stop, __ATOMIC_RELAXED)) return 1;
	if (b->limit > 0 && b->fc->pb && b->fc->pb->bytes_read > b->limit) {
		b->tripped = 1;
		return 1;
	}
	return 0;
}

static reel_budget *reel_budget_new(AVFormatContext *fc) {
	reel_budget *b = calloc(1, sizeof *b);
	if (!b) return NULL;
	b->fc = fc;
	fc->interrupt_callback.callback = reel_budget_cb;
	fc->interrupt_callback.opaque = b;
	return b;
}

static void reel_budget_stop(reel_budget *b) { __atomic_store_n(&b->stop, 1, __ATOMIC_RELAXED); }

static void reel_budget_reset(reel_budget *b, int64_t n) {
	b->limit = (b->fc->pb ? b->fc->pb->bytes_read : 0) + n;
	b->tripped = 0;
}

static int reel_budget_tripped(reel_budget *b) { return b->tripped; }
static void reel_budget_free(reel_budget *b) { free(b); }
*/
import "C"

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/asticode/go-astiav"
)

// The read budgets. A film yields a packet every few kilobytes to a few megabytes (a 4K
// keyframe); a half-downloaded file (zeros where the rest will be), or damage a demuxer scans
// through for its next sync code, yields none for gigabytes. Reading stops when a packet takes
// more than readBudget bytes, opening (the header and the first packets FFmpeg probes) when it
// takes more than openBudget, and a seek when it reads more than seekBudget.
const (
	readBudget = 64 << 20
	openBudget = 512 << 20
	// seekBudget is what a seek may read: a demuxer without an index (Matroska without cues)
	// parses its way to the target, a few seconds of reading for a gigabyte.
	seekBudget = 1 << 30
)

// IncompleteError is a file that stops making sense part of the way in: the rest is zeros or
// damage (a download that did not finish, a copy that broke off).
type IncompleteError struct {
	After time.Duration // the time of the last packet read
	Read  int64         // bytes read past it without a packet
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("incomplete after %s: the %d MiB that follow hold nothing playable (a download that did not finish?)",
		clockText(e.After), e.Read>>20)
}

// ErrIncomplete is wrapped by every *IncompleteError.
var ErrIncomplete = errors.New("incomplete file")

func (e *IncompleteError) Unwrap() error { return ErrIncomplete }

// budget is the Go side of a reel_budget. Its reads and resets run on the goroutine that owns
// the input; stop runs on whichever goroutine ends the context (context.AfterFunc), possibly
// while the input is being closed, so stop and free take mu: a stop after free does nothing.
type budget struct {
	mu sync.Mutex
	c  *C.reel_budget
}

// newBudget installs the interrupt callback on fc (before it is opened).
func newBudget(fc *astiav.FormatContext) (*budget, error) {
	p := *(**C.AVFormatContext)(unsafe.Pointer(fc))
	if p == nil {
		return nil, errors.New("allocate format context")
	}
	b := C.reel_budget_new(p)
	if b == nil {
		return nil, errors.New("allocate read budget")
	}
	return &budget{c: b}, nil
}

func (b *budget) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.c != nil {
		C.reel_budget_stop(b.c)
	}
}

func (b *budget) reset(n int64) { C.reel_budget_reset(b.c, C.int64_t(n)) }
func (b *budget) tripped() bool { return C.reel_budget_tripped(b.c) != 0 }

func (b *budget) free() {
	b.mu.Lock()
	defer b.mu.Unlock()
	C.reel_budget_free(b.c)
	b.c = nil
}
