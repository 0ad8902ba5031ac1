package ffmpeg

import (
	"sync"
	"time"

	"github.com/asticode/go-astiav"
)

// queued is one item of a packet queue: a packet, the end of the stream, or a flush that starts
// a new serial after a seek.
type queued struct {
	pkt    *astiav.Packet
	serial int
	eof    bool
	flush  bool
	target time.Duration // flush: where the seek went
	exact  bool          // flush: drop what comes before target
}

// packetQueue carries packets from the demuxer to one decoder. It has no fixed capacity: the
// demuxer stops reading when every queue holds enough (see enough), so a badly interleaved
// file cannot stall one decoder behind another's full queue.
//
// The demuxer fills a queue up to high packets and sleeps; taking the queue down to low calls
// onLow, which wakes it. Reading in bursts keeps the demuxer's wake-ups to a few a second.
type packetQueue struct {
	mu        sync.Mutex
	cond      *sync.Cond
	items     []queued
	bytes     int
	closed    bool
	low, high int
	onLow     func()
}

func newPacketQueue(low, high int, onLow func()) *packetQueue {
	q := &packetQueue{low: low, high: high, onLow: onLow}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *packetQueue) put(it queued) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		if it.pkt != nil {
			it.pkt.Free()
		}
		return
	}
	if it.pkt != nil {
		q.bytes += it.pkt.Size()
	}
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.cond.Signal()
}

// flush drops every queued packet and queues a flush marker for the new serial.
func (q *packetQueue) flush(serial int, target time.Duration, exact bool) {
	q.mu.Lock()
	for _, it := range q.items {
		if it.pkt != nil {
			it.pkt.Free()
		}
	}
	q.items = q.items[:0]
	q.bytes = 0
	q.mu.Unlock()
	q.put(queued{flush: true, serial: serial, target: target, exact: exact})
}

// get waits for the next item; ok is false once the queue is closed.
func (q *packetQueue) get() (queued, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return queued{}, false
	}
	it := q.items[0]
	q.items[0] = queued{}
	q.items = q.items[1:]
	if it.pkt != nil {
		q.bytes -= it.pkt.Size()
	}
	if len(q.items) == q.low && q.onLow != nil {
		q.onLow()
	}
	return it, true
}

// enough says the decoder has work queued for a while: high packets, or more than 16 MB.
func (q *packetQueue) enough() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items) >= q.high || q.bytes > 16<<20
}

// full is the hard cap that stops the demuxer whatever the other queues hold.
func (q *packetQueue) full() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytes > 64<<20 || len(q.items) > 4000
}

func (q *packetQueue) close() {
	q.mu.Lock()
	q.closed = true
	for _, it := range q.items {
		if it.pkt != nil {
			it.pkt.Free()
		}
	}
	q.items = nil
	q.mu.Unlock()
	q.cond.Broadcast()
}
