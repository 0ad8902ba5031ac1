// Package egress records every network request Reel makes, for the privacy view: when, to
// which host and path, how many bytes went out and came back, and how it ended. Reel's only
// network client is the Ollama client (assistant/ollama), whose transport goes through a Log,
// so the view shows everything that left the machine this session.
package egress

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// Request is one network request.
type Request struct {
	Time     time.Time
	Method   string
	Host     string
	Path     string
	Sent     int64 // request body bytes
	Received int64 // response body bytes, counted as they are read
	Status   int   // 0 when there was no response
	Err      string
}

// Log keeps the requests of this session, the newest 2000.
type Log struct {
	mu   sync.Mutex
	list []*Request
}

const keep = 2000

// Requests returns a copy of the log, oldest first.
func (l *Log) Requests() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Request, len(l.list))
	for i, r := range l.list {
		out[i] = *r
	}
	return out
}

// Hosts are the distinct hosts contacted, in the order first seen.
func (l *Log) Hosts() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range l.Requests() {
		if !seen[r.Host] {
			seen[r.Host] = true
			out = append(out, r.Host)
		}
	}
	return out
}

func (l *Log) add(r *Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, r)
	if len(l.list) > keep {
		l.list = l.list[len(l.list)-keep:]
	}
}

// Transport wraps next (nil: http.DefaultTransport) so every request through it is logged.
func (l *Log) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{log: l, next: next}
}

type transport struct {
	log  *Log
	next http.RoundTripper
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := &Request{Time: time.Now(), Method: req.Method, Host: req.URL.Host, Path: req.URL.Path}
	if req.ContentLength > 0 {
		r.Sent = req.ContentLength
	} else if req.Body != nil {
		req.Body = &counter{ReadCloser: req.Body, n: func(k int) { t.log.mu.Lock(); r.Sent += int64(k); t.log.mu.Unlock() }}
	}
	t.log.add(r)
	resp, err := t.next.RoundTrip(req)
	t.log.mu.Lock()
	defer t.log.mu.Unlock()
	if err != nil {
		r.Err = err.Error()
		return nil, err
	}
	r.Status = resp.StatusCode
	resp.Body = &counter{ReadCloser: resp.Body, n: func(k int) { t.log.mu.Lock(); r.Received += int64(k); t.log.mu.Unlock() }}
	return resp, nil
}

type counter struct {
	io.ReadCloser
	n func(int)
}

func (c *counter) Read(p []byte) (int, error) {
	k, err := c.ReadCloser.Read(p)
	if k > 0 {
		c.n(k)
	}
	return k, err
}
