package core

import (
	"errors"
	"fmt"
	"slices"

	"github.com/reel-app/reel/assistant/ollama"
)

// ModelChoice is what the user chose in the Models dialog ("" for automatic), and whether a
// vision model may see the film's pictures.
type ModelChoice struct {
	Chat, Vision, Embed string
	SendFrames          bool
}

// ErrNoChatModel means the server has no model that can chat (errors.Is).
var ErrNoChatModel = errors.New("no chat model")

type noChatModel struct{ host string }

func (e noChatModel) Error() string {
	return fmt.Sprintf("Ollama at %s has no chat model: pull one (`ollama pull llama3.2`) or name one with --model", e.host)
}

func (e noChatModel) Is(target error) bool { return target == ErrNoChatModel }

// NoModel says err means no model can answer now: no server at the address, no chat model on
// it, or not the one asked for. The companion then answers from the film's lines alone.
func NoModel(err error) bool {
	var missing *ollama.ModelMissingError
	return errors.Is(err, ollama.ErrNotRunning) || errors.Is(err, ErrNoChatModel) || errors.As(err, &missing)
}

// Models are the models the assistant uses.
type Models struct {
	Chat   string // answers, recaps and notes
	Vision bool   // Chat sees pictures, and may be sent them
	Embed  string // compares films by meaning; "" for none (TF-IDF stands in)
}

// PickModels chooses, from the models installed on the Ollama server at host, the ones to use
// for the choice c: the chat model is c.Chat (which must be installed and chat), else the first
// installed model that can chat; a vision model c.Vision, when installed, answers everything,
// pictures included. The embedding model is c.Embed, else the first that makes embeddings. It
// fails when there is no chat model to use; Embed is filled in even then.
func PickModels(ms []ollama.Model, host string, c ModelChoice) (Models, error) {
	has := func(name, capability string) bool {
		for _, md := range ms {
			if md.Name == name && slices.Contains(md.Capabilities, capability) {
				return true
			}
		}
		return false
	}
	var out Models
	out.Embed = c.Embed
	if out.Embed == "" {
		out.Embed = firstWith(ms, "embedding")
	}
	m := c.Chat
	if m != "" && !has(m, "completion") {
		return out, &ollama.ModelMissingError{Model: m}
	}
	if m == "" {
		if m = firstWith(ms, "completion"); m == "" {
			return out, noChatModel{host}
		}
	}
	vision := has(m, "vision")
	if c.Vision != "" && has(c.Vision, "vision") {
		m, vision = c.Vision, true // a vision model answers everything, pictures included
	}
	out.Chat = m
	out.Vision = vision && c.SendFrames // the user may keep the film's pictures to themselves
	return out, nil
}

// firstWith is the first model with the capability, "" for none.
func firstWith(ms []ollama.Model, capability string) string {
	for _, m := range ms {
		if slices.Contains(m.Capabilities, capability) {
			return m.Name
		}
	}
	return ""
}
