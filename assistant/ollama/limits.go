package ollama

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ollama/ollama/api"
)

// The limits of a call, and the errors that say which one stopped it.

// ErrStalled means a stream stopped sending.
var ErrStalled = errors.New("Ollama stopped answering mid-way (nothing for a while): try again, or a smaller model")

// ErrCut means the stream ended without Ollama's last message: the connection closed, or the
// server stopped writing, before the end of the answer.
var ErrCut = errors.New("the connection to Ollama closed before the end of the answer: try again")

// ErrTooLong means the answer ran into a length limit (Options.MaxTokens, the request's
// num_predict, or Options.MaxAnswerBytes) and was stopped there. The error Chat returns says
// which; errors.Is(err, ErrTooLong) finds it.
var ErrTooLong = errors.New("the model reached the length limit and was stopped")

// tooLongError is ErrTooLong with its limit.
type tooLongError struct{ limit string }

func (e *tooLongError) Error() string {
	return fmt.Sprintf("the model reached the length limit (%s) and was stopped: ask for something shorter, or try another model", e.limit)
}
func (e *tooLongError) Is(target error) bool { return target == ErrTooLong }

// errAfterLast ends the reading of a stream that goes on after its last message.
var errAfterLast = errors.New("a message after the last one")

// errPullCut means a pull's progress stream ended before its "success".
var errPullCut = errors.New("the download of the model stopped before it finished: try again (Ollama keeps what it has)")

// NoAnswerError means the server took the connection but sent nothing back, not even to a
// plain "are you there?".
type NoAnswerError struct {
	Host  string
	After time.Duration
}

func (e *NoAnswerError) Error() string {
	return fmt.Sprintf("Ollama at %s accepted the connection but did not answer within %s: restart Ollama, or check its address in Settings", e.Host, durationText(e.After))
}

// DeadlineError means a call took longer than Options.Deadline and was stopped.
type DeadlineError struct{ After time.Duration }

func (e *DeadlineError) Error() string {
	return fmt.Sprintf("the model took longer than %s to answer and was stopped: try again, ask for something shorter, or use a smaller model", durationText(e.After))
}

// CutError is Chat's error when part of an answer came, but not the end of it. Chat returns
// that part with it, to be shown marked as cut. Reason says why (ErrCut, ErrTooLong,
// ErrStalled, a *DeadlineError, the context's error or the server's), and errors.Is and
// errors.As see through to it.
type CutError struct{ Reason error }

func (e *CutError) Error() string { return "the answer was cut off: " + e.Reason.Error() }
func (e *CutError) Unwrap() error { return e.Reason }

// watched runs a call under the client's time limits; fn calls alive on every message it gets.
//
// Ollama writes nothing, not even the response headers, until the model is loaded and has read
// the prompt, which on a slow machine takes minutes. So a first answer that is late does not
// end the call: after AnswerTimeout of silence the server is asked whether it is there at all
// (HEAD /, answered at once by a live Ollama, busy or not), and only a server that does not
// answer that is given up on, with a *NoAnswerError. Once messages come, a gap of
// StallTimeout between them ends the call with ErrStalled. deadline, when > 0, bounds the
// whole call (*DeadlineError).
//
// A pull (quiet true) may also go silent once it has begun: Ollama checks the digest of each
// layer it downloaded (gigabytes) before it says anything more. A silence there is a stall only
// when the server does not answer the probe either.
func (c *Client) watched(ctx context.Context, deadline time.Duration, quiet bool, fn func(ctx context.Context, alive func()) error) error {
	ctx, stop := context.WithCancelCause(ctx)
	alive := make(chan struct{}, 1)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		c.watch(ctx, stop, alive, deadline, quiet)
	}()
	err := fn(ctx, func() {
		select {
		case alive <- struct{}{}:
		default: // one pending signal says as much as many
		}
	})
	// The cause, when there is one, was set before fn saw its context end.
	cause := context.Cause(ctx)
	stop(nil)
	<-ended
	if err == nil {
		return nil
	}
	if cause != nil {
		return cause
	}
	return err
}

// maxPullQuiet is the longest a pull may be silent once it has begun, the server answering all
// along: time to verify a model of a hundred gigabytes on a slow disk.
const maxPullQuiet = 30 * time.Minute

// watch is watched's watchdog; it ends with ctx.
func (c *Client) watch(ctx context.Context, stop context.CancelCauseFunc, alive <-chan struct{}, deadline time.Duration, mayGoQuiet bool) {
	quiet := time.NewTimer(c.answer)
	defer quiet.Stop()
	var end <-chan time.Time
	if deadline > 0 {
		t := time.NewTimer(deadline)
		defer t.Stop()
		end = t.C
	}
	started := false
	var quietFor time.Duration // how long a pull has been silent, the server there
	for {
		select {
		case <-ctx.Done():
			return
		case <-end:
			stop(&DeadlineError{After: deadline})
			return
		case <-alive:
			started, quietFor = true, 0
			quiet.Reset(c.stall)
		case <-quiet.C:
			if started && !mayGoQuiet {
				stop(ErrStalled)
				return
			}
			if !c.there(ctx) {
				select {
				case <-alive: // the answer began (or went on) while we asked
					started = true
					quiet.Reset(c.stall)
					continue
				default:
				}
				if started {
					stop(ErrStalled)
					return
				}
				// Quiet for AnswerTimeout, then no answer to the probe within as long again.
				stop(&NoAnswerError{Host: c.base.String(), After: 2 * c.answer})
				return
			}
			if started {
				// A pull checking its digests is silent for minutes, not for ever: a download
				// that stopped while the server stays up ends too.
				if quietFor += c.stall; quietFor > maxPullQuiet {
					stop(ErrStalled)
					return
				}
			}
			quiet.Reset(c.stall) // there, and busy: ask again after a while
		}
	}
}

// there asks the server whether it is there (HEAD /) and says whether it answered at all,
// within AnswerTimeout. An error status is an answer too.
func (c *Client) there(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, responseKey{}, (*response)(nil)), c.answer)
	defer cancel()
	err := c.api.Heartbeat(ctx)
	var se api.StatusError
	return err == nil || errors.As(err, &se)
}

// quick runs a call that a live server answers at once (list, show, heartbeat): it has
// AnswerTimeout for all of it, and a *NoAnswerError past that.
func (c *Client) quick(ctx context.Context, fn func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeoutCause(ctx, c.answer, &NoAnswerError{Host: c.base.String(), After: c.answer})
	defer cancel()
	err := fn(ctx)
	if err != nil && ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return err
}

// options are the request's model options with Reel's cap on the answer's length
// (num_predict, in tokens) when the caller set none.
func (c *Client) options(in map[string]any) map[string]any {
	out := make(map[string]any, len(in)+1)
	for k, v := range in {
		out[k] = v
	}
	if _, ok := out["num_predict"]; !ok && c.maxTokens > 0 {
		out["num_predict"] = c.maxTokens
	}
	return out
}

// response is what the transport saw of the last HTTP response of a call, for messages: the
// Ollama client does not say the status of a reply that is not an error, nor its type.
type response struct {
	mu     sync.Mutex
	code   int
	status string
	html   bool
}

type responseKey struct{}

// withResponse gives a call a place for its response's status.
func withResponse(ctx context.Context) (context.Context, *response) {
	r := &response{}
	return context.WithValue(ctx, responseKey{}, r), r
}

func (r *response) get() (code int, status string, html bool) {
	if r == nil {
		return 0, "", false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.code, r.status, r.html
}

// noting is the transport that fills in a call's response.
type noting struct{ next http.RoundTripper }

func (t noting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if r, _ := req.Context().Value(responseKey{}).(*response); err == nil && r != nil {
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		r.mu.Lock()
		r.code, r.status, r.html = resp.StatusCode, resp.Status, mt == "text/html" || mt == "application/xhtml+xml"
		r.mu.Unlock()
	}
	return resp, err
}

// durationText writes d for people: "5 minutes", "10 s", "200ms".
func durationText(d time.Duration) string {
	switch {
	case d == time.Minute:
		return "1 minute"
	case d > time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	case d >= time.Second && d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}

func bytesText(n int) string {
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// webPage says the server is not Ollama, with its status (from the code when the status line
// has no text).
func (c *Client) webPage(code int, status string) error {
	status = strings.TrimSpace(status)
	if code != 0 && (status == "" || status == strconv.Itoa(code)) {
		status = strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))
	}
	if status == "" {
		return fmt.Errorf("the server at %s answered with a web page, not Ollama's API: is the address right?", c.base)
	}
	return fmt.Errorf("the server at %s answered %s with a web page, not Ollama's API: is the address right?", c.base, status)
}
