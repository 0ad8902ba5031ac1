package core

import (
	"errors"
	"strings"
	"testing"

	"github.com/reel-app/reel/assistant/ollama"
)

func TestPickModels(t *testing.T) {
	installed := []ollama.Model{
		{Name: "embed:latest", Capabilities: []string{"embedding"}},
		{Name: "chat:latest", Capabilities: []string{"completion"}},
		{Name: "seer:latest", Capabilities: []string{"completion", "vision"}},
	}
	tests := []struct {
		name    string
		ms      []ollama.Model
		choice  ModelChoice
		want    Models
		wantErr string
	}{
		{name: "automatic: the first that chats, the first that embeds", ms: installed,
			want: Models{Chat: "chat:latest", Embed: "embed:latest"}},
		{name: "a chosen chat model", ms: installed, choice: ModelChoice{Chat: "seer:latest", SendFrames: true},
			want: Models{Chat: "seer:latest", Vision: true, Embed: "embed:latest"}},
		{name: "a vision model answers everything", ms: installed, choice: ModelChoice{Chat: "chat:latest", Vision: "seer:latest", SendFrames: true},
			want: Models{Chat: "seer:latest", Vision: true, Embed: "embed:latest"}},
		{name: "pictures kept back", ms: installed, choice: ModelChoice{Vision: "seer:latest"},
			want: Models{Chat: "seer:latest", Embed: "embed:latest"}},
		{name: "a vision model that is not installed", ms: installed, choice: ModelChoice{Vision: "gone:latest", SendFrames: true},
			want: Models{Chat: "chat:latest", Embed: "embed:latest"}},
		{name: "a chosen embedding model", ms: installed, choice: ModelChoice{Embed: "other-embed"},
			want: Models{Chat: "chat:latest", Embed: "other-embed"}},
		{name: "a chosen chat model that is gone", ms: installed, choice: ModelChoice{Chat: "gone:latest"},
			want: Models{Embed: "embed:latest"}, wantErr: "gone:latest"},
		{name: "no chat model, an embedding one", ms: installed[:1],
			want: Models{Embed: "embed:latest"}, wantErr: "has no chat model: pull one"},
		{name: "nothing installed", wantErr: "has no chat model: pull one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PickModels(tt.ms, "127.0.0.1:11434", tt.choice)
			if got != tt.want {
				t.Errorf("picked %+v, want %+v", got, tt.want)
			}
			if (err != nil) != (tt.wantErr != "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
	var missing *ollama.ModelMissingError
	if _, err := PickModels(installed, "h", ModelChoice{Chat: "gone"}); !errors.As(err, &missing) {
		t.Errorf("a missing chosen model: %T %v, want *ollama.ModelMissingError", err, err)
	}
}
