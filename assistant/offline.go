package assistant

import (
	"context"
	"strings"
	"time"
)

// offlineAnswer answers without a model: the seen lines that best match the question, with
// their times (which the panel makes links to seek to).
func (c *Companion) offlineAnswer(ctx context.Context, id string, at time.Duration, question string) (string, error) {
	seen := Watched{Catalog: c.Catalog, Notes: c.Notes, Find: c.Find}
	lines, err := seen.Lines(id, at)
	if err != nil {
		return "", err
	}
	// The newest lines count too: they are not in another block here.
	passages := found(question, seen.Search(ctx, id, at, question, 300), lines, tokenize(lines), 600, nil)
	var b strings.Builder
	if len(passages) == 0 {
		b.WriteString("None of the lines seen so far has the words of the question.\n\n")
	} else {
		b.WriteString("No language model is set up, so here are the lines seen so far that match the question:\n\n")
		// The best passages, up to eight lines, each as it was said.
		shown := 0
		for _, p := range passages {
			if shown > 0 && shown+len(p) > 8 {
				break
			}
			for _, it := range p {
				b.WriteString(plainItem(it))
			}
			b.WriteString("\n")
			shown += len(p)
		}
	}
	b.WriteString("A model (Settings › Models) would write a proper answer from these and the scenes so far.")
	return b.String(), nil
}

// streamed hands an answer made at once to onToken, as a model's answer is streamed.
func streamed(onToken func(string), answer string, err error) (string, error) {
	if err == nil && onToken != nil {
		onToken(answer)
	}
	return answer, err
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
