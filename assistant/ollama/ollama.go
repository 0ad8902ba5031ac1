// Package ollama is Reel's door to the local language model: an Ollama server at the address
// the user set (OLLAMA_HOST, else http://127.0.0.1:11434), through Ollama's own Go client,
// github.com/ollama/ollama/api. Reel talks to no other host.
//
// Every call takes a context. Connecting has a timeout of its own, and a stream that stops
// sending for StallTimeout is ended with ErrStalled. Errors say what to do: ErrNotRunning
// ("Start Ollama (`ollama serve`) or set its address in Settings") when nothing answers, a
// *ModelMissingError (offer to pull it) when the server does not have the model.
package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/reel-app/reel/assistant/egress"
)

// DefaultHost is the server address when none is set: OLLAMA_HOST, else Ollama's default.
func DefaultHost() string {
	h := strings.TrimSpace(os.Getenv("OLLAMA_HOST"))
	if h == "" {
		return "http://127.0.0.1:11434"
	}
	if !strings.Contains(h, "://") {
		h = "http://" + h
	}
	if u, err := url.Parse(h); err == nil && u.Port() == "" {
		u.Host = net.JoinHostPort(u.Hostname(), "11434")
		h = u.String()
	}
	return h
}

// ErrNotRunning means nothing answered at the address.
var ErrNotRunning = errors.New("Ollama is not running: start Ollama (`ollama serve`) or set its address in Settings")

// ErrStalled means a stream stopped sending.
var ErrStalled = errors.New("Ollama stopped answering mid-way (nothing for a while): try again, or a smaller model")

// ModelMissingError means the server does not have the model; pulling it fixes that.
type ModelMissingError struct{ Model string }

func (e *ModelMissingError) Error() string {
	return fmt.Sprintf("Ollama does not have the model %q: pull it (`ollama pull %s`, or Pull in Settings)", e.Model, e.Model)
}

// ParseAddress checks that base is an address New can use: http(s)://host[:port].
func ParseAddress(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("Ollama address %q is not a URL like http://127.0.0.1:11434", base)
	}
	return u, nil
}

// Options tune a client; the zero value is sensible.
type Options struct {
	ConnectTimeout time.Duration // default 3 s
	StallTimeout   time.Duration // default 60 s: a small model on a slow machine thinks a while
	Log            *egress.Log   // when set, every request is recorded for the privacy view
}

// Client talks to one Ollama server.
type Client struct {
	api   *api.Client
	base  *url.URL
	stall time.Duration
}

// New makes a client for the server at base ("" for DefaultHost).
func New(base string, opt Options) (*Client, error) {
	if base == "" {
		base = DefaultHost()
	}
	u, err := ParseAddress(base)
	if err != nil {
		return nil, err
	}
	if opt.ConnectTimeout <= 0 {
		opt.ConnectTimeout = 3 * time.Second
	}
	if opt.StallTimeout <= 0 {
		opt.StallTimeout = 60 * time.Second
	}
	tr := &http.Transport{
		Proxy:                 nil, // the server is local: never through a proxy
		DialContext:           (&net.Dialer{Timeout: opt.ConnectTimeout}).DialContext,
		ResponseHeaderTimeout: opt.StallTimeout,
		MaxIdleConnsPerHost:   4,
	}
	var rt http.RoundTripper = tr
	if opt.Log != nil {
		rt = opt.Log.Transport(tr)
	}
	return &Client{api: api.NewClient(u, &http.Client{Transport: rt}), base: u, stall: opt.StallTimeout}, nil
}

// Host is the server's address, for the privacy view and messages.
func (c *Client) Host() string { return c.base.String() }

// Health says whether the server answers.
func (c *Client) Health(ctx context.Context) error {
	return c.wrap(c.api.Heartbeat(ctx), "")
}

// Model is an installed model and what it can do.
type Model struct {
	Name         string
	Size         int64
	Capabilities []string // "completion", "embedding", "vision", …
}

// Models lists the installed models with their capabilities.
func (c *Client) Models(ctx context.Context) ([]Model, error) {
	list, err := c.api.List(ctx)
	if err != nil {
		return nil, c.wrap(err, "")
	}
	out := make([]Model, 0, len(list.Models))
	for _, m := range list.Models {
		md := Model{Name: m.Name, Size: m.Size}
		if show, err := c.api.Show(ctx, &api.ShowRequest{Model: m.Name}); err == nil {
			for _, cap := range show.Capabilities {
				md.Capabilities = append(md.Capabilities, string(cap))
			}
		}
		out = append(out, md)
	}
	return out, nil
}

// Message is one turn of a chat.
type Message struct {
	Role    string // "system", "user" or "assistant"
	Content string
	Images  [][]byte // for a vision model
}

// ChatRequest is a chat to send.
type ChatRequest struct {
	Model    string
	Messages []Message
	Format   json.RawMessage // a JSON schema for structured output, or nil
	Options  map[string]any  // temperature, seed, num_ctx…
}

// Chat streams the model's answer, calling onToken with each piece (onToken may be nil), and
// returns the whole answer.
func (c *Client) Chat(ctx context.Context, req ChatRequest, onToken func(string)) (string, error) {
	ar := &api.ChatRequest{Model: req.Model, Format: req.Format, Options: req.Options}
	for _, m := range req.Messages {
		msg := api.Message{Role: m.Role, Content: m.Content}
		for _, img := range m.Images {
			msg.Images = append(msg.Images, api.ImageData(img))
		}
		ar.Messages = append(ar.Messages, msg)
	}
	var b strings.Builder
	err := c.streamed(ctx, func(ctx context.Context, alive func()) error {
		return c.api.Chat(ctx, ar, func(r api.ChatResponse) error {
			alive()
			if r.Message.Content != "" {
				b.WriteString(r.Message.Content)
				if onToken != nil {
					onToken(r.Message.Content)
				}
			}
			return nil
		})
	})
	return b.String(), c.wrap(err, req.Model)
}

// Embed returns one vector per text.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	r, err := c.api.Embed(ctx, &api.EmbedRequest{Model: model, Input: texts})
	if err != nil {
		return nil, c.wrap(err, model)
	}
	if len(r.Embeddings) != len(texts) {
		return nil, fmt.Errorf("Ollama returned %d embeddings for %d texts", len(r.Embeddings), len(texts))
	}
	return r.Embeddings, nil
}

// PullProgress is how far a pull has come.
type PullProgress struct {
	Status           string
	Completed, Total int64
}

// Pull downloads a model into the server (the server fetches it; Reel does not).
func (c *Client) Pull(ctx context.Context, model string, progress func(PullProgress)) error {
	err := c.streamed(ctx, func(ctx context.Context, alive func()) error {
		return c.api.Pull(ctx, &api.PullRequest{Model: model}, func(r api.ProgressResponse) error {
			alive()
			if progress != nil {
				progress(PullProgress{Status: r.Status, Completed: r.Completed, Total: r.Total})
			}
			return nil
		})
	})
	return c.wrap(err, "")
}

// streamed runs a streaming call that is ended with ErrStalled when it goes quiet for the
// stall timeout. fn calls alive on every message.
func (c *Client) streamed(ctx context.Context, fn func(ctx context.Context, alive func()) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watchdog := time.AfterFunc(c.stall, func() { cancel(ErrStalled) })
	defer watchdog.Stop()
	err := fn(ctx, func() { watchdog.Reset(c.stall) })
	if cause := context.Cause(ctx); errors.Is(cause, ErrStalled) {
		return ErrStalled
	}
	return err
}

// wrap turns transport and status errors into the actionable ones.
func (c *Client) wrap(err error, model string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrStalled) {
		return err
	}
	var se api.StatusError
	if errors.As(err, &se) {
		msg := strings.ToLower(se.ErrorMessage)
		if se.StatusCode == http.StatusNotFound && model != "" && (strings.Contains(msg, "not found") || msg == "") {
			return &ModelMissingError{Model: model}
		}
		if strings.HasPrefix(strings.TrimSpace(se.ErrorMessage), "<") {
			return fmt.Errorf("the server at %s answered %s with a web page, not Ollama's API: is the address right?", c.base, se.Status)
		}
		return fmt.Errorf("Ollama: %w", err)
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
		return fmt.Errorf("%w (%s: %v)", ErrNotRunning, c.base, err)
	}
	if strings.HasPrefix(strings.TrimSpace(err.Error()), "<") {
		return fmt.Errorf("the server at %s answered with a web page, not Ollama's API: is the address right?", c.base)
	}
	return fmt.Errorf("Ollama: %w", err)
}
