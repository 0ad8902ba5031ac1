package assistant

import (
	"context"
	"fmt"
	"unicode/utf8"
)

// DefaultContext is the most tokens of context Reel asks a model for unless the user sets
// another cap: a model's own context is often far larger (128k), and the memory it takes
// grows with what is asked for.
const DefaultContext = 8192

// ContextSizer tells how many tokens of context a model has, and how densely its tokenizer
// has counted Reel's prompts so far (0 before its first answer); *ollama.Client satisfies it
// (and keeps both).
type ContextSizer interface {
	ContextLength(ctx context.Context, model string) (int, error)
	BytesPerToken(model string) float64
}

// Window is the context one request may use: NumCtx tokens in all (sent as num_ctx, so that
// the server never cuts the prompt to its own default), Predict of them for the answer.
type Window struct {
	NumCtx  int
	Predict int
	// Scale is how many real tokens one token of the estimate is for this model (1 until the
	// server has counted a prompt; more for a tokenizer with a small vocabulary).
	Scale float64
}

// NewWindow is the window for a model with context tokens (0 when unknown), capped at limit
// (0 for DefaultContext); answer is the most tokens the answer needs.
func NewWindow(context, limit, answer int) Window {
	if limit <= 0 {
		limit = DefaultContext
	}
	n := limit
	if context > 0 && context < n {
		n = context // never more than the model has
	}
	if context <= 0 {
		n = max(n, 512)
	}
	return Window{NumCtx: n, Predict: min(answer, n/3), Scale: 1}
}

// scaled is w for a model whose tokenizer has counted bytesPerToken bytes a token (0 for not
// yet): the estimate's three bytes a token, scaled when the model reads fewer.
func (w Window) scaled(bytesPerToken float64) Window {
	if bytesPerToken > 0 && bytesPerToken < 3 {
		w.Scale = 3 / bytesPerToken
	}
	return w
}

// Prompt is how many tokens, by Tokens' estimate, the prompt may take: the context less the
// answer and a margin for the chat template and the estimate's error.
func (w Window) Prompt() int {
	room := float64(w.NumCtx - w.Predict - w.NumCtx/10 - 48)
	if w.Scale > 1 {
		room /= w.Scale
	}
	return int(room)
}

// Options are the request's model options: num_ctx and num_predict, then extra.
func (w Window) Options(extra map[string]any) map[string]any {
	out := map[string]any{"num_ctx": w.NumCtx, "num_predict": w.Predict}
	for k, v := range extra {
		if k != "num_ctx" {
			out[k] = v
		}
	}
	return out
}

// Tokens estimates how many tokens text is, erring high: three bytes of ASCII a token (English
// runs nearer four; digits, timestamps and names fewer), and a token for every other
// character (a CJK character is one or two).
func Tokens(text string) int {
	ascii, other := 0, 0
	for i := 0; i < len(text); {
		if text[i] < utf8.RuneSelf {
			ascii++
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		other++
		i += size
	}
	return (ascii+2)/3 + other + 4 // and the message's own tokens
}

// contextOf is the model's context, or 0 when the sizer cannot tell (the default cap then).
func contextOf(ctx context.Context, s ContextSizer, model string) int {
	n, err := s.ContextLength(ctx, model)
	if err != nil {
		return 0
	}
	return n
}

// ContextTooSmallError says a model's context cannot hold even the rules and the film's facts
// of a request: sending it, the server would cut it. Another model, or a larger context cap,
// is the fix.
type ContextTooSmallError struct {
	Model   string
	Context int // the window's num_ctx
	Need    int // tokens the request needs at the least, by the (scaled) estimate
}

func (e *ContextTooSmallError) Error() string {
	return fmt.Sprintf("the model %s reads at most %d tokens, and a request needs about %d: choose a model with a larger context (Settings › Models)", e.Model, e.Context, e.Need)
}

// fits checks that fixed estimated tokens leave room in w (for model).
func (w Window) fits(model string, fixed int) error {
	if fixed <= w.Prompt() {
		return nil
	}
	need := int(float64(fixed)*max(1, w.Scale)) + w.Predict + w.NumCtx/10 + 48
	return &ContextTooSmallError{Model: model, Context: w.NumCtx, Need: need}
}
