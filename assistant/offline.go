package assistant

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// offlineAnswer answers without a model: the seen lines that best match the question, with
// their times (which the panel makes links to seek to).
func (c *Companion) offlineAnswer(ctx context.Context, id string, at time.Duration, question string) (string, error) {
	m, err := c.Memory(ctx, id, at, question, NewWindow(0, 0, answerTokens))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if len(m.Found) == 0 {
		b.WriteString("None of the lines seen so far has the words of the question.\n")
	} else {
		b.WriteString("No language model is set up, so here are the lines seen so far that match the question:\n\n")
		for _, it := range best(m.Found, 6) {
			b.WriteString(plainItem(it))
		}
	}
	b.WriteString("\nA model (Settings › Models) would write a proper answer from these and the scenes so far.")
	return b.String(), nil
}

// streamAll hands an answer made at once to onToken, as a model's would be streamed.
func streamAll(answer string, err error) func(onToken func(string)) (string, error) {
	return func(onToken func(string)) (string, error) {
		if err == nil && onToken != nil {
			onToken(answer)
		}
		return answer, err
	}
}

// best keeps the first n items (found keeps the film's order, so these are the earliest of
// the best matches and their neighbours; n of them read as a passage).
func best(items []Item, n int) []Item {
	return items[:min(n, len(items))]
}

// offlineRecap lists the scenes so far with their notes, or their keywords and key lines.
func (c *Companion) offlineRecap(ctx context.Context, id string, at time.Duration) (string, error) {
	m, err := c.Memory(ctx, id, at, "", NewWindow(0, 0, answerTokens))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if len(m.Story) == 0 {
		return "Nothing seen yet.", nil
	}
	b.WriteString("The scenes so far (without a language model, from their lines):\n\n")
	for _, it := range m.Story {
		b.WriteString(plainItem(it))
	}
	return b.String(), nil
}

func plainItem(it Item) string {
	text := strings.Join(strings.Fields(it.Text), " ")
	if it.Till > it.At {
		return "[" + Stamp(it.At) + "] – [" + Stamp(it.Till) + "] " + text + "\n"
	}
	return "[" + Stamp(it.At) + "] " + text + "\n"
}

// contexts remembers models' context lengths: asking the server each time costs a request.
// The key is the sizer (the client of one server) and the model's name.
var contexts sync.Map // "sizer model" → int

func contextOf(ctx context.Context, s ContextSizer, model string) int {
	key := fmt.Sprintf("%p %s", s, model)
	if v, ok := contexts.Load(key); ok {
		return v.(int)
	}
	n, err := s.ContextLength(ctx, model)
	if err != nil {
		return 0 // the default cap; asked again next time
	}
	contexts.Store(key, n)
	return n
}
