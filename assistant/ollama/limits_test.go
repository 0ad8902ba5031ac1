package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// These servers misbehave as servers were seen to: each test sets small limits in Options and
// asserts which error ends the call, never how long it took.

// far is a limit that a test does not exercise: it never ends the call first.
const far = time.Minute

func chunk(content string, done bool, reason string) []byte {
	b, _ := json.Marshal(map[string]any{"model": "tiny", "message": map[string]string{"role": "assistant", "content": content},
		"done": done, "done_reason": reason})
	return append(b, '\n')
}

// endless writes tokens until the client goes away, then closes gone.
func endless(gone chan<- struct{}, field string, every time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		defer close(gone)
		var tick <-chan time.Time
		if every > 0 {
			t := time.NewTicker(every)
			defer t.Stop()
			tick = t.C
		}
		for {
			b, _ := json.Marshal(map[string]any{"model": "tiny", "message": map[string]string{"role": "assistant", field: "word "}, "done": false})
			if _, err := w.Write(append(b, '\n')); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			if tick == nil {
				if r.Context().Err() != nil {
					return
				}
				continue
			}
			select {
			case <-r.Context().Done():
				return
			case <-tick:
			}
		}
	}
}

func TestChatLimits(t *testing.T) {
	type result struct {
		text     string
		streamed string
		err      error
	}
	tests := []struct {
		name    string
		opt     Options
		handler func(gone chan<- struct{}) http.HandlerFunc
		check   func(t *testing.T, got result)
	}{
		{"a stream that never ends is stopped at the byte cap",
			Options{MaxAnswerBytes: 4096, AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc { return endless(gone, "content", 0) },
			func(t *testing.T, got result) {
				var cut *CutError
				if !errors.Is(got.err, ErrTooLong) || !errors.As(got.err, &cut) {
					t.Errorf("error %v, want a *CutError for ErrTooLong", got.err)
				}
				if n := len(got.text); n == 0 || n > 4096 {
					t.Errorf("%d bytes of answer, want 1–4096", n)
				}
				if !strings.Contains(got.err.Error(), "4 KiB") {
					t.Errorf("the error does not say the limit: %v", got.err)
				}
			}},
		{"endless thinking counts toward the cap",
			Options{MaxAnswerBytes: 4096, AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc { return endless(gone, "thinking", 0) },
			func(t *testing.T, got result) {
				var cut *CutError
				if !errors.Is(got.err, ErrTooLong) || errors.As(got.err, &cut) || got.text != "" {
					t.Errorf("%q, %v: want no answer and ErrTooLong, not cut (nothing was answered)", got.text, got.err)
				}
			}},
		{"a trickle ends at the deadline",
			Options{Deadline: 300 * time.Millisecond, AnswerTimeout: far, StallTimeout: far},
			func(gone chan<- struct{}) http.HandlerFunc { return endless(gone, "content", 5*time.Millisecond) },
			func(t *testing.T, got result) {
				var late *DeadlineError
				if !errors.As(got.err, &late) || late.After != 300*time.Millisecond || !strings.Contains(got.err.Error(), "took longer than 300ms") {
					t.Errorf("error %v, want a *DeadlineError of 300ms", got.err)
				}
				var cut *CutError
				if errors.As(got.err, &cut) != (got.text != "") {
					t.Errorf("text %q with error %v: a part of an answer comes with a *CutError, and only then", got.text, got.err)
				}
			}},
		{"a stream dropped after three tokens is cut",
			Options{AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					defer close(gone)
					tokens(w, "Once", " upon", " a")
					conn, _, err := w.(http.Hijacker).Hijack()
					if err != nil {
						t.Error(err)
						return
					}
					conn.Close() // mid-chunk: no done message, no end of the body
				}
			},
			func(t *testing.T, got result) {
				var cut *CutError
				if got.text != "Once upon a" || !errors.Is(got.err, ErrCut) || !errors.As(got.err, &cut) {
					t.Errorf("%q, %v: want the three tokens and a *CutError for ErrCut", got.text, got.err)
				}
				if !strings.Contains(got.err.Error(), "cut off") {
					t.Errorf("message %q", got.err)
				}
			}},
		{"a connection closed before any answer is cut, not \"not running\"",
			Options{AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					defer close(gone)
					if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
						conn.Close()
					}
				}
			},
			func(t *testing.T, got result) {
				var cut *CutError
				if got.text != "" || !errors.Is(got.err, ErrCut) || errors.As(got.err, &cut) || errors.Is(got.err, ErrNotRunning) {
					t.Errorf("%q, %v: want no text and ErrCut", got.text, got.err)
				}
			}},
		{"a stream that ends cleanly without done is cut",
			Options{AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					defer close(gone)
					tokens(w, "Once", " upon", " a")
				}
			},
			func(t *testing.T, got result) {
				if got.text != "Once upon a" || !errors.Is(got.err, ErrCut) {
					t.Errorf("%q, %v: want the three tokens and ErrCut", got.text, got.err)
				}
			}},
		{"an answer stopped by num_predict is cut",
			Options{AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					defer close(gone)
					tokens(w, "Once", " upon")
					w.Write(chunk("", true, "length"))
				}
			},
			func(t *testing.T, got result) {
				var cut *CutError
				if got.text != "Once upon" || !errors.Is(got.err, ErrTooLong) || !errors.As(got.err, &cut) || !strings.Contains(got.err.Error(), "2048 tokens") {
					t.Errorf("%q, %v: want the tokens and a *CutError for ErrTooLong at 2048 tokens", got.text, got.err)
				}
			}},
		{"nothing after the last message is read",
			Options{MaxAnswerBytes: 4096, AnswerTimeout: far, StallTimeout: far, Deadline: far},
			func(gone chan<- struct{}) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					tokens(w, "The end.")
					w.Write(chunk("", true, "stop"))
					endless(gone, "content", 0)(w, r)
				}
			},
			func(t *testing.T, got result) {
				if got.text != "The end." || got.err != nil {
					t.Errorf("%q, %v: want the answer up to the last message", got.text, got.err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gone := make(chan struct{})
			s := fakeServer(t, tt.handler(gone))
			c, err := New(s.URL, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got result
			var streamed strings.Builder
			got.text, got.err = c.Chat(context.Background(), ChatRequest{Model: "tiny", Messages: []Message{{Role: "user", Content: "Hi"}}},
				func(s string) { streamed.WriteString(s) })
			got.streamed = streamed.String()
			if got.streamed != got.text {
				t.Errorf("streamed %q, returned %q", got.streamed, got.text)
			}
			tt.check(t, got)
			select { // the server saw the client stop reading (a failure, not a wait: it is at once)
			case <-gone:
			case <-time.After(30 * time.Second):
				t.Fatal("the server is still streaming: the stream was not cancelled")
			}
		})
	}
}

// silent accepts connections and never answers on them.
func silent(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			wg.Add(1)
			go func() { defer wg.Done(); io.Copy(io.Discard, conn) }()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + l.Addr().String()
}

// A server that accepts the connection and never answers is given up on with Reel's own
// message, not Go's "timeout awaiting response headers".
func TestNoAnswer(t *testing.T) {
	base := silent(t)
	c, err := New(base, Options{AnswerTimeout: 200 * time.Millisecond, StallTimeout: far, Deadline: far})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	calls := []struct {
		name string
		call func() error
	}{
		{"health", func() error { return c.Health(ctx) }},
		{"models", func() error { _, err := c.Models(ctx); return err }},
		{"chat", func() error {
			_, err := c.Chat(ctx, ChatRequest{Model: "tiny", Messages: []Message{{Role: "user", Content: "Hi"}}}, nil)
			return err
		}},
		{"embed", func() error { _, err := c.Embed(ctx, "tiny", []string{"a"}); return err }},
		{"pull", func() error { return c.Pull(ctx, "tiny", nil) }},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			// A quick call waits AnswerTimeout; a streamed one waits that, then as long for
			// the probe.
			after := 200 * time.Millisecond
			if tt.name == "chat" || tt.name == "embed" || tt.name == "pull" {
				after *= 2
			}
			want := fmt.Sprintf("Ollama at %s accepted the connection but did not answer within %s", base, after)
			err := tt.call()
			var na *NoAnswerError
			if !errors.As(err, &na) || na.After != after || !strings.Contains(err.Error(), want) {
				t.Errorf("error %v, want a *NoAnswerError: %s", err, want)
			}
			if err != nil && strings.Contains(err.Error(), "awaiting") {
				t.Errorf("Go's own words: %v", err)
			}
		})
	}
}

// A live Ollama sends nothing until the model is loaded and has read the prompt: a first
// token later than AnswerTimeout does not end the call while the server answers "are you
// there?". The handlers here answer only once they have been asked.
func TestSlowStartIsNotNoAnswer(t *testing.T) {
	probed := make(chan struct{})
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			once.Do(func() { close(probed) })
		}
		fmt.Fprint(w, "Ollama is running")
	})
	wait := func(r *http.Request) bool {
		select {
		case <-probed:
			return true
		case <-r.Context().Done():
			return false
		}
	}
	mux.HandleFunc("/api/chat", func(w http.ResponseWriter, r *http.Request) {
		if wait(r) {
			tokens(w, "Loaded", " at last.")
			w.Write(chunk("", true, "stop"))
		}
	})
	mux.HandleFunc("/api/embed", func(w http.ResponseWriter, r *http.Request) {
		if wait(r) {
			fmt.Fprint(w, `{"embeddings":[[1,0]]}`)
		}
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	// AnswerTimeout is also what the probe itself has: 1 s for a local HEAD, on a busy machine.
	// A Deadline, so that a missing probe fails the test instead of hanging it.
	c, _ := New(s.URL, Options{AnswerTimeout: time.Second, StallTimeout: far, Deadline: 30 * time.Second})
	text, err := c.Chat(context.Background(), ChatRequest{Model: "tiny", Messages: []Message{{Role: "user", Content: "Hi"}}}, nil)
	if text != "Loaded at last." || err != nil {
		t.Errorf("chat: %q, %v", text, err)
	}
	if v, err := c.Embed(context.Background(), "tiny", []string{"a"}); len(v) != 1 || err != nil {
		t.Errorf("embed: %v, %v", v, err)
	}
}

// num_predict is set when the caller did not, and the caller's value and map are kept.
func TestNumPredict(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
		in   map[string]any
		want any // in the request's JSON; nil for absent
	}{
		{"the default", Options{}, nil, 2048.0},
		{"with other options", Options{}, map[string]any{"temperature": 0.2}, 2048.0},
		{"the caller's", Options{}, map[string]any{"num_predict": 64}, 64.0},
		{"the client's", Options{MaxTokens: 300}, nil, 300.0},
		{"none", Options{MaxTokens: -1}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sent api.ChatRequest
			s := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				json.NewDecoder(r.Body).Decode(&sent)
				w.Write(chunk("ok", true, "stop"))
			})
			c, _ := New(s.URL, tt.opt)
			before := maps.Clone(tt.in)
			if _, err := c.Chat(context.Background(), ChatRequest{Model: "tiny", Options: tt.in}, nil); err != nil {
				t.Fatal(err)
			}
			if got := sent.Options["num_predict"]; got != tt.want {
				t.Errorf("num_predict %v, want %v", got, tt.want)
			}
			if !maps.Equal(before, tt.in) {
				t.Errorf("the caller's options changed: %v", tt.in)
			}
		})
	}
}

// A server that is not Ollama is named with the status it answered.
func TestWebPage(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"an error page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		}, "answered 502 Bad Gateway with a web page"},
		{"a page that is not an error", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!DOCTYPE html>\n<html><body>Welcome to the router</body></html>")
		}, "answered 200 OK with a web page"},
		{"a page that starts with a blank line", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "\n\n<html><body>Welcome</body></html>")
		}, "answered 200 OK with a web page"},
		{"a page not called one", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "<html><body>Welcome</body></html>")
		}, "answered 200 OK with a web page"},
		{"a missing page", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, "<html><body>not found</body></html>")
		}, "answered 404 Not Found with a web page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeServer(t, tt.handler)
			c, _ := New(s.URL, Options{})
			_, err := c.Chat(context.Background(), ChatRequest{Model: "tiny", Messages: []Message{{Role: "user", Content: "Hi"}}}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), s.URL) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	// A status line without its text, or none at all, still gives the code.
	c, _ := New("http://box:8080", Options{})
	for _, se := range []api.StatusError{
		{StatusCode: 502, ErrorMessage: "<html>"},
		{StatusCode: 502, Status: "502", ErrorMessage: "<html>"},
	} {
		if err := c.wrap(se, "tiny", nil); !strings.Contains(err.Error(), "answered 502 Bad Gateway with a web page") {
			t.Errorf("%+v: %v", se, err)
		}
	}
}

func TestPullCut(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/api/pull", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"pulling","total":100,"completed":50}`+"\n")
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	c, _ := New(s.URL, Options{})
	if err := c.Pull(context.Background(), "tiny", nil); err == nil || !strings.Contains(err.Error(), "stopped before it finished") {
		t.Errorf("a pull without its success: %v", err)
	}
}

func TestMessagesForPeople(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&DeadlineError{After: 5 * time.Minute}, "the model took longer than 5 minutes to answer and was stopped"},
		{&NoAnswerError{Host: "http://box:11434", After: 10 * time.Second}, "Ollama at http://box:11434 accepted the connection but did not answer within 10 s"},
		{&CutError{Reason: &tooLongError{limit: bytesText(64 << 10)}}, "the answer was cut off: the model reached the length limit (64 KiB) and was stopped: ask for something shorter"},
		{&CutError{Reason: ErrCut}, "the answer was cut off: the connection to Ollama closed before the end of the answer: try again"},
		{&CutError{Reason: ErrStalled}, "the answer was cut off: Ollama stopped answering mid-way"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%q, want it to start %q", got, tt.want)
		}
	}
	if !errors.Is(&CutError{Reason: &tooLongError{limit: "8 bytes"}}, ErrTooLong) {
		t.Error("a cut for length is not ErrTooLong")
	}
}

// A pull goes silent while Ollama checks the digests of what it downloaded (gigabytes, in
// silence): that is not a stall while the server answers "are you there?", and it is one when
// the server does not.
func TestPullQuietWhileVerifying(t *testing.T) {
	for _, alive := range []bool{true, false} {
		t.Run(fmt.Sprintf("server answers: %v", alive), func(t *testing.T) {
			probed := make(chan struct{})
			var once sync.Once
			mux := http.NewServeMux()
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { // the probe: HEAD /
				if !alive {
					<-r.Context().Done()
					return
				}
				once.Do(func() { close(probed) })
			})
			mux.HandleFunc("/api/pull", func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `{"status":"verifying sha256 digest"}`+"\n")
				w.(http.Flusher).Flush()
				select {
				case <-probed: // silent past the stall limit, until asked whether it is there
				case <-r.Context().Done():
					return
				}
				fmt.Fprint(w, `{"status":"success"}`+"\n")
			})
			s := httptest.NewServer(mux)
			t.Cleanup(s.Close)
			// The probe of a live server may take a while on a busy machine: its timeout is
			// long unless the server is meant not to answer.
			answer := time.Minute
			if !alive {
				answer = 50 * time.Millisecond
			}
			c, _ := New(s.URL, Options{StallTimeout: 50 * time.Millisecond, AnswerTimeout: answer})
			err := c.Pull(context.Background(), "tiny", nil)
			if alive && err != nil {
				t.Errorf("a pull quiet while verifying, with the server there: %v", err)
			}
			if !alive && !errors.Is(err, ErrStalled) {
				t.Errorf("a pull gone quiet with the server gone too: %v, want ErrStalled", err)
			}
		})
	}
}
