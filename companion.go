package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/assistant/ollama"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/store"
)

// companion is the watch screen's side panel's view of the assistant: keywords, sentiment and
// suggestions from the store (no model), questions and recaps through the Ollama server the user
// configured (--ollama, the settings file, OLLAMA_HOST, or the default local address).
type companion struct {
	st    *store.Store
	idx   searchIndex
	texts *assistant.Texts
	rec   *assistant.Recommender
	log   *egress.Log

	// choice and save read and write the user's model settings (settings.json).
	choice func() app.ModelChoice
	save   func(app.ModelChoice) error

	mu       sync.Mutex
	client   *ollama.Client // nil when the address is not a URL
	bad      error
	model    string
	vision   bool                   // the chat model sees pictures: notes get the scene's keyframe
	embedded *assistant.Recommender // with the server's embedding model, once Ready found one
}

// searchIndex is the library's Bleve index as the companion uses it: notes made searchable,
// lines found for questions; *search.Index satisfies it (nil for none).
type searchIndex interface {
	assistant.NoteIndexer
	assistant.LineFinder
}

func newCompanion(st *store.Store, idx searchIndex, base string, log *egress.Log, choice func() app.ModelChoice, save func(app.ModelChoice) error) *companion {
	c := &companion{st: st, idx: idx, log: log, choice: choice, save: save, texts: &assistant.Texts{Catalog: st}, rec: &assistant.Recommender{Catalog: st}}
	c.SetHost(base)
	return c
}

// SetHost points the companion at another Ollama server (from Settings); the next Ready
// picks its models.
func (c *companion) SetHost(base string) {
	client, bad := ollama.New(base, ollama.Options{Log: c.log})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.client, c.bad = client, bad
	c.model, c.vision, c.embedded = "", false, nil
}

// conn is the client, or why there is none.
func (c *companion) conn() (*ollama.Client, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.client, c.bad
}

func (c *companion) Text(ctx context.Context, id string) (assistant.FilmText, error) {
	return c.texts.Film(ctx, id)
}

func (c *companion) Seen(ctx context.Context, id string, at time.Duration) (assistant.FilmText, error) {
	return c.texts.Seen(ctx, id, at)
}

func (c *companion) MoreLike(ctx context.Context, id string, n int) ([]assistant.Recommendation, error) {
	return c.recommender().MoreLike(ctx, id, n)
}

// recommender is the one with embeddings when the server has an embedding model, else the
// TF-IDF one.
func (c *companion) recommender() *assistant.Recommender {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.embedded != nil {
		return c.embedded
	}
	return c.rec
}

// Ready checks the server and picks its first chat model.
func (c *companion) Ready(ctx context.Context) error {
	client, bad := c.conn()
	if client == nil {
		return bad
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ch := c.choice()
	ms, err := client.Models(ctx)
	if err != nil {
		return err
	}
	picked, err := core.PickModels(ms, client.Host(), core.ModelChoice{Chat: ch.Chat, Vision: ch.Vision, Embed: ch.Embed, SendFrames: ch.SendFrames})
	if err != nil {
		return err
	}
	m, vision, em := picked.Chat, picked.Vision, picked.Embed
	c.mu.Lock()
	if c.client != client {
		c.mu.Unlock()
		return errors.New("the Ollama address changed: try again")
	}
	c.model, c.vision = m, vision
	if em != "" && (c.embedded == nil || c.embedded.EmbedModel != em) {
		c.embedded = &assistant.Recommender{Catalog: c.st, Embed: client, EmbedModel: em, Vectors: c.st}
	}
	c.mu.Unlock()
	return nil
}

// bounded is the assistant for questions and recaps: with the chat model when there is one,
// else one that answers from the seen lines alone.
func (c *companion) bounded() *assistant.Companion {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := c.choice()
	a := &assistant.Companion{Catalog: c.st, Notes: c.st, WithPlot: ch.SendPlot, Limit: ch.Context}
	if c.idx != nil {
		a.Find = c.idx
	}
	if c.client != nil && c.model != "" {
		a.Chat, a.Sizer, a.Model = c.client, c.client, c.model
	}
	return a
}

// writer is the assistant for scene notes, which need the model.
func (c *companion) writer() (*assistant.Notes, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.client == nil {
		return nil, c.bad
	}
	if c.model == "" {
		return nil, errors.New("no chat model yet: start Ollama and pull a model")
	}
	n := &assistant.Notes{Catalog: c.st, Chat: c.client, Sizer: c.client, Model: c.model, Vision: c.vision, Limit: c.choice().Context}
	if c.idx != nil {
		n.Index = c.idx
	}
	return n, nil
}

func (c *companion) Ask(ctx context.Context, id string, at time.Duration, q string, frame []byte, onToken func(string)) (string, error) {
	a := c.bounded()
	if !c.choice().SendFrames {
		frame = nil // Settings › Privacy: no pictures leave the machine
	}
	answer, err := a.Ask(ctx, id, at, q, frame, onToken)
	if err != nil && answer == "" && core.NoModel(err) {
		a.Chat, a.Model = nil, ""
		return a.Ask(ctx, id, at, q, nil, nil)
	}
	return answer, err
}

func (c *companion) Recap(ctx context.Context, id string, at time.Duration, onToken func(string)) (string, error) {
	a := c.bounded()
	answer, err := a.Recap(ctx, id, at, onToken)
	if err != nil && answer == "" && core.NoModel(err) {
		a.Chat, a.Model = nil, ""
		return a.Recap(ctx, id, at, nil)
	}
	return answer, err
}

// Note is the stored note of scene i, or with write one the model writes now.
func (c *companion) Note(ctx context.Context, id string, i int, write bool) (store.SceneNote, bool, error) {
	notes, err := c.st.Notes(id)
	if err != nil {
		return store.SceneNote{}, false, err
	}
	for _, n := range notes {
		if n.Scene == i && n.Story() {
			return n, true, nil
		}
	}
	if !write {
		return store.SceneNote{}, false, nil
	}
	w, err := c.writer()
	if err != nil {
		return store.SceneNote{}, false, err
	}
	n, _, err := w.Scene(ctx, id, i, false)
	return n, err == nil, err
}

func (c *companion) ForYou(ctx context.Context, n int) ([]assistant.Recommendation, error) {
	return c.recommender().ForYou(ctx, n)
}

// The models dialog (app.Models).

func (c *companion) Installed(ctx context.Context) ([]ollama.Model, error) {
	client, bad := c.conn()
	if client == nil {
		return nil, bad
	}
	return client.Models(ctx)
}

func (c *companion) Choice() app.ModelChoice { return c.choice() }

func (c *companion) SetChoice(m app.ModelChoice) error { return c.save(m) }

func (c *companion) Pull(ctx context.Context, name string, progress func(ollama.PullProgress)) error {
	client, bad := c.conn()
	if client == nil {
		return bad
	}
	return client.Pull(ctx, name, progress)
}

// WriteNotes writes the notes of every scene of the film that has none.
func (c *companion) WriteNotes(ctx context.Context, id string, progress func(done, total int)) error {
	w, err := c.writer()
	if err != nil {
		return err
	}
	_, err = w.Film(ctx, id, false, progress)
	return err
}
