// Package ollama is Reel's door to the local language model: an Ollama server at the address
// the user set (OLLAMA_HOST, else http://127.0.0.1:11434), through Ollama's own Go client,
// github.com/ollama/ollama/api. Reel talks to no other host.
//
// Every call takes a context, and has limits of its own (Options; the zero value is the
// defaults):
//
//   - Connecting: ConnectTimeout (3 s). Nothing listening is ErrNotRunning ("start Ollama
//     (`ollama serve`) or set its address in Settings").
//   - Answering at all: AnswerTimeout (10 s). Listing, showing and the heartbeat must be done
//     by then. A chat or an embedding may be silent much longer, because Ollama sends nothing,
//     not even its headers, until the model is loaded and has read the prompt (minutes on a
//     slow machine, and its own load timeout is 5 minutes): after AnswerTimeout of silence
//     Reel asks the server whether it is there (HEAD /), and only a server that does not
//     answer that either ends the call, with a *NoAnswerError ("accepted the connection but
//     did not answer within …").
//   - Between messages: StallTimeout (60 s), then ErrStalled.
//   - The whole call: Deadline (5 minutes) for a chat or an embedding, then a *DeadlineError.
//     A pull has none (models are gigabytes), only the stall limit.
//   - The answer's length: num_predict is MaxTokens (2048) unless the request sets it, and an
//     answer is stopped at MaxAnswerBytes (64 KiB) in any case. Either is ErrTooLong.
//
// A chat stream must end with Ollama's last ("done") message: one that ends without it is
// ErrCut. When part of an answer came and then a limit, a cut or an error stopped it, Chat
// returns that part with a *CutError, so that it is shown marked as cut, never as an answer.
// A server without the model is a *ModelMissingError (offer to pull it); one that answers
// with a web page is named with the status it answered.
package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"syscall"
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

// Options tune a client; the zero value is sensible (the package doc says why).
type Options struct {
	ConnectTimeout time.Duration // default 3 s: the server is local
	// AnswerTimeout is how long a server may take to answer a quick call, or to say it is
	// there while a chat or an embedding is silent; default 10 s.
	AnswerTimeout time.Duration
	StallTimeout  time.Duration // between messages; default 60 s: a small model on a slow machine thinks a while
	Deadline      time.Duration // a whole chat or embedding; default 5 minutes
	// MaxTokens is the num_predict of a chat that sets none; default 2048, which leaves a
	// thinking model room to think before a short answer; -1 for none.
	MaxTokens int
	// MaxAnswerBytes stops a chat whose answer (with its thinking) grows past it, whatever the
	// server does with num_predict; default 64 KiB.
	MaxAnswerBytes int
	Log            *egress.Log // when set, every request is recorded for the privacy view
}

// Client talks to one Ollama server.
type Client struct {
	api       *api.Client
	base      *url.URL
	answer    time.Duration
	stall     time.Duration
	deadline  time.Duration
	maxTokens int
	maxBytes  int

	mu       sync.Mutex
	contexts map[string]int     // ContextLength's answers, by model: one request each
	density  map[string]float64 // the fewest prompt bytes a token seen, by model
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
	if opt.AnswerTimeout <= 0 {
		opt.AnswerTimeout = 10 * time.Second
	}
	if opt.StallTimeout <= 0 {
		opt.StallTimeout = 60 * time.Second
	}
	if opt.Deadline <= 0 {
		opt.Deadline = 5 * time.Minute
	}
	if opt.MaxTokens == 0 {
		opt.MaxTokens = 2048
	}
	if opt.MaxAnswerBytes <= 0 {
		opt.MaxAnswerBytes = 64 << 10
	}
	// No ResponseHeaderTimeout: Ollama sends its headers with the first token, and the
	// client's own limits (watched, quick) tell a slow model from a server that is not there.
	tr := &http.Transport{
		Proxy:               nil, // the server is local: never through a proxy
		DialContext:         (&net.Dialer{Timeout: opt.ConnectTimeout}).DialContext,
		TLSHandshakeTimeout: opt.ConnectTimeout,
		MaxIdleConnsPerHost: 4,
	}
	var rt http.RoundTripper = tr
	if opt.Log != nil {
		rt = opt.Log.Transport(tr)
	}
	return &Client{api: api.NewClient(u, &http.Client{Transport: noting{rt}}), base: u,
		answer: opt.AnswerTimeout, stall: opt.StallTimeout, deadline: opt.Deadline,
		maxTokens: opt.MaxTokens, maxBytes: opt.MaxAnswerBytes}, nil
}

// Host is the server's address, for the privacy view and messages.
func (c *Client) Host() string { return c.base.String() }

// Health says whether the server answers.
func (c *Client) Health(ctx context.Context) error {
	ctx, resp := withResponse(ctx)
	return c.wrap(c.quick(ctx, c.api.Heartbeat), "", resp)
}

// Model is an installed model and what it can do.
type Model struct {
	Name         string
	Size         int64
	Capabilities []string // "completion", "embedding", "vision", …
}

// Models lists the installed models with their capabilities.
func (c *Client) Models(ctx context.Context) ([]Model, error) {
	ctx, resp := withResponse(ctx)
	var list *api.ListResponse
	err := c.quick(ctx, func(ctx context.Context) (err error) {
		list, err = c.api.List(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list the models: %w", c.wrap(err, "", resp))
	}
	out := make([]Model, 0, len(list.Models))
	for _, m := range list.Models {
		md := Model{Name: m.Name, Size: m.Size}
		var show *api.ShowResponse
		err := c.quick(ctx, func(ctx context.Context) (err error) {
			show, err = c.api.Show(ctx, &api.ShowRequest{Model: m.Name})
			return err
		})
		if err == nil {
			for _, cap := range show.Capabilities {
				md.Capabilities = append(md.Capabilities, string(cap))
			}
		}
		out = append(out, md)
	}
	return out, nil
}

// ContextLength is the model's context length in tokens, as the server describes the model
// (model_info "<architecture>.context_length"); 0 when it does not say. The answer is kept:
// a model's context does not change, and each question would otherwise cost a request.
func (c *Client) ContextLength(ctx context.Context, model string) (int, error) {
	c.mu.Lock()
	n, ok := c.contexts[model]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	ctx, resp := withResponse(ctx)
	var show *api.ShowResponse
	err := c.quick(ctx, func(ctx context.Context) (err error) {
		show, err = c.api.Show(ctx, &api.ShowRequest{Model: model})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("describe %s: %w", model, c.wrap(err, model, resp))
	}
	n = contextLength(show.ModelInfo)
	c.mu.Lock()
	if c.contexts == nil {
		c.contexts = map[string]int{}
	}
	c.contexts[model] = n
	c.mu.Unlock()
	return n, nil
}

// contextLength reads "<architecture>.context_length" from a model's info (a JSON number).
func contextLength(info map[string]any) int {
	arch, _ := info["general.architecture"].(string)
	keys := []string{arch + ".context_length"}
	for k := range info {
		if strings.HasSuffix(k, ".context_length") {
			keys = append(keys, k) // an architecture the info does not name
		}
	}
	for _, k := range keys {
		switch v := info[k].(type) {
		case float64:
			return int(v)
		case json.Number:
			n, _ := v.Int64()
			return int(n)
		case int:
			return v
		}
	}
	return 0
}

// BytesPerToken is the fewest bytes of prompt per token the server has counted for model
// (its prompt_eval_count), 0 before its first answer. Tokenizers differ: a large vocabulary
// reads English at about four bytes a token, a small one at one or two; a caller that sizes
// prompts by bytes scales its estimate by this.
func (c *Client) BytesPerToken(model string) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.density[model]
}

// learn records how densely the server counted a prompt. A count that reached num_ctx means
// the server cut the prompt (it counts what it kept): the real density was lower still.
func (c *Client) learn(req ChatRequest, counted int) {
	if counted <= 0 {
		return
	}
	bytes := 0
	for _, m := range req.Messages {
		bytes += len(m.Content)
	}
	d := float64(bytes) / float64(counted)
	if n, ok := req.Options["num_ctx"].(int); ok && counted >= n {
		d /= 2
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.density == nil {
		c.density = map[string]float64{}
	}
	if old, ok := c.density[req.Model]; !ok || d < old {
		c.density[req.Model] = d
	}
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
	// Stats, when set, receives what the server counted for the request.
	Stats *ChatStats
}

// ChatStats are the server's counts for one chat.
type ChatStats struct {
	PromptTokens int // tokens of the prompt as the model read it
	AnswerTokens int
}

// Chat streams the model's answer, calling onToken with each piece (onToken may be nil), and
// returns the whole answer. When only part of it came (a limit, a cut or an error stopped it),
// Chat returns that part and a *CutError.
func (c *Client) Chat(ctx context.Context, req ChatRequest, onToken func(string)) (string, error) {
	ar := &api.ChatRequest{Model: req.Model, Format: req.Format, Options: c.options(req.Options)}
	for _, m := range req.Messages {
		msg := api.Message{Role: m.Role, Content: m.Content}
		for _, img := range m.Images {
			msg.Images = append(msg.Images, api.ImageData(img))
		}
		ar.Messages = append(ar.Messages, msg)
	}
	ctx, resp := withResponse(ctx)
	var b strings.Builder
	var size int // of the answer and its thinking
	var last *api.ChatResponse
	err := c.watched(ctx, c.deadline, false, func(ctx context.Context, alive func()) error {
		err := c.api.Chat(ctx, ar, func(r api.ChatResponse) error {
			alive()
			if last != nil {
				return errAfterLast // nothing may come after the last message: stop reading
			}
			if size += len(r.Message.Content) + len(r.Message.Thinking); size > c.maxBytes {
				return &tooLongError{limit: bytesText(c.maxBytes)}
			}
			if r.Message.Content != "" {
				b.WriteString(r.Message.Content)
				if onToken != nil {
					onToken(r.Message.Content)
				}
			}
			if r.Done {
				last = &r
			}
			return nil
		})
		switch {
		case errors.Is(err, errAfterLast):
			err = nil
		case err == nil && last == nil:
			err = ErrCut // the client reads to the end of the body and says nothing of how it ended
		}
		return err
	})
	if last != nil && req.Stats != nil {
		*req.Stats = ChatStats{PromptTokens: last.PromptEvalCount, AnswerTokens: last.EvalCount}
	}
	if last != nil {
		c.learn(req, last.PromptEvalCount)
	}
	if err == nil && last.DoneReason == "length" {
		limit := "the model's own"
		if n, ok := ar.Options["num_predict"]; ok {
			limit = fmt.Sprintf("%v tokens", n)
		}
		err = &tooLongError{limit: limit}
	}
	if err = c.wrap(err, req.Model, resp); err != nil && b.Len() > 0 {
		err = &CutError{Reason: err}
	}
	return b.String(), err
}

// Embed returns one vector per text.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	ctx, resp := withResponse(ctx)
	var r *api.EmbedResponse
	err := c.watched(ctx, c.deadline, false, func(ctx context.Context, alive func()) (err error) {
		r, err = c.api.Embed(ctx, &api.EmbedRequest{Model: model, Input: texts})
		return err
	})
	if err != nil {
		return nil, c.wrap(err, model, resp)
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
	ctx, resp := withResponse(ctx)
	err := c.watched(ctx, 0, true, func(ctx context.Context, alive func()) error {
		status := ""
		err := c.api.Pull(ctx, &api.PullRequest{Model: model}, func(r api.ProgressResponse) error {
			alive()
			status = r.Status
			if progress != nil {
				progress(PullProgress{Status: r.Status, Completed: r.Completed, Total: r.Total})
			}
			return nil
		})
		if err == nil && status != "success" {
			err = errPullCut
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("pull %s: %w", model, c.wrap(err, "", resp))
	}
	return nil
}

// wrap turns transport and status errors into the actionable ones; resp is what the call's
// last response was, when it came.
func (c *Client) wrap(err error, model string, resp *response) error {
	if err == nil {
		return nil
	}
	var noAnswer *NoAnswerError
	var late *DeadlineError
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrStalled) ||
		errors.Is(err, ErrTooLong) || errors.As(err, &noAnswer) || errors.As(err, &late) {
		return err
	}
	code, status, html := resp.get()
	if html {
		return c.webPage(code, status)
	}
	var se api.StatusError
	if errors.As(err, &se) {
		msg := strings.ToLower(se.ErrorMessage)
		if se.StatusCode == http.StatusNotFound && model != "" && (strings.Contains(msg, "not found") || msg == "") {
			return &ModelMissingError{Model: model}
		}
		if strings.HasPrefix(strings.TrimSpace(se.ErrorMessage), "<") {
			return c.webPage(se.StatusCode, se.Status)
		}
		return fmt.Errorf("Ollama: %w", err)
	}
	if errors.Is(err, ErrCut) || errors.Is(err, errPullCut) {
		return err
	}
	// Taken, then closed or reset before any answer: something is there, so it is not "not
	// running" (which any transport error would be below: *url.Error is a net.Error).
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) {
		return fmt.Errorf("%w (%s: %v)", ErrCut, c.base, err)
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) || strings.Contains(err.Error(), "connection refused") {
		return fmt.Errorf("%w (%s: %v)", ErrNotRunning, c.base, err)
	}
	if strings.HasPrefix(strings.TrimSpace(err.Error()), "<") {
		return c.webPage(code, status)
	}
	return fmt.Errorf("Ollama: %w", err)
}
