package assistant

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant/ollama"
	"github.com/reel-app/reel/index/store"
)

// scripted answers with the next of its replies and keeps what it was sent.
type scripted struct {
	mu      sync.Mutex
	replies []string
	sent    []ollama.ChatRequest
}

func (s *scripted) Chat(_ context.Context, req ollama.ChatRequest, onToken func(string)) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, req)
	if len(s.replies) == 0 {
		return "", errors.New("no more replies")
	}
	r := s.replies[0]
	s.replies = s.replies[1:]
	return r, nil
}

func TestSceneNotes(t *testing.T) {
	st := heistStore(t)
	chat := &scripted{replies: []string{
		"Sure! Here it is: {\"summary\": \"Emil learns the vault opens at midnight.\", \"who\": [\"Emil\"], \"mood\": \"tense\", \"timestamps\": [\"[00:00:10]\", \"00:05:00\", \"[00:31:00]\"]}",
		"not json at all",
		"{\"summary\": \"\", \"mood\": \"\"}",
	}}
	idx := &noteIndex{}
	n := &Notes{Catalog: st, Chat: chat, Model: "tiny", Index: idx}
	note, made, err := n.Scene(context.Background(), "heist", 0, false)
	if err != nil || !made {
		t.Fatalf("note %+v made %v: %v", note, made, err)
	}
	if note.Summary != "Emil learns the vault opens at midnight." || note.Mood != "tense" || len(note.Cites) != 2 {
		t.Errorf("note %+v", note)
	}
	// The request: the structured-output schema, the scene's own lines, nothing after it.
	req := chat.sent[0]
	body := req.Messages[1].Content
	if len(req.Format) == 0 || !strings.Contains(body, "The vault opens at midnight.") || strings.Contains(body, "AFTER-THE-POSITION") {
		t.Errorf("request: %s", body)
	}
	// An existing note is not written again; force writes it again (here, two bad answers).
	again, made, err := n.Scene(context.Background(), "heist", 0, false)
	if err != nil || made || again.Summary != note.Summary || len(chat.sent) != 1 {
		t.Errorf("second call: made %v, %d requests, %v", made, len(chat.sent), err)
	}
	if _, _, err := n.Scene(context.Background(), "heist", 0, true); !errors.Is(err, ErrInvalidNote) || len(chat.sent) != 3 {
		t.Errorf("two bad answers: %v after %d requests", err, len(chat.sent))
	}
	if !strings.Contains(chat.sent[2].Messages[len(chat.sent[2].Messages)-1].Content, "not a valid note") {
		t.Error("the retry does not say what was wrong")
	}
	if len(idx.notes) != 1 || idx.notes[0].Summary != note.Summary {
		t.Errorf("indexed %+v", idx.notes)
	}
	stored, _ := st.Notes("heist")
	if len(stored) != 1 || stored[0].Summary != note.Summary {
		t.Errorf("stored %+v", stored)
	}
}

func TestParseNote(t *testing.T) {
	tests := []struct {
		in      string
		wantErr bool
		cites   int
	}{
		{`{"summary":"A.","mood":"calm","timestamps":["[00:00:01]"]}`, false, 1},
		{`{"summary":"A.","mood":"calm","timestamps":["[01:00:00]"]}`, false, 0}, // after the scene
		{`{"summary":"  ","mood":"calm"}`, true, 0},
		{`{"summary":"` + strings.Repeat("x", 601) + `"}`, true, 0},
		{`[]`, true, 0},
		{`{"summary": "ok", "timestamps": ["rm -rf /", "[00:00:02] extra"]}`, false, 0},
	}
	for _, tt := range tests {
		n, err := ParseNote(tt.in, 10*time.Minute)
		if (err != nil) != tt.wantErr || err == nil && len(n.Cites) != tt.cites {
			t.Errorf("ParseNote(%.40q) = %+v, %v", tt.in, n, err)
		}
	}
}

func FuzzParseNote(f *testing.F) {
	f.Add(`{"summary":"A.","who":["B"],"mood":"m","details":["d"],"timestamps":["[00:00:01]"]}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNote(s, time.Hour)
		if err == nil && (n.Summary == "" || len([]rune(n.Summary)) > 600 || len(n.Who) > 8) {
			t.Fatalf("%q gave %+v", s, n)
		}
	})
}

type noteIndex struct{ notes []store.SceneNote }

func (x *noteIndex) IndexNotes(_ string, notes []store.SceneNote) error {
	x.notes = append(x.notes, notes...)
	return nil
}

// With a vision model, the scene's keyframe goes with the note's request, as bytes.
func TestSceneNoteSendsTheKeyframe(t *testing.T) {
	st := heistStore(t)
	thumb := filepath.Join(t.TempDir(), "scene.jpg")
	os.WriteFile(thumb, []byte("\xff\xd8 a jpeg"), 0o644)
	st.PutAnalysis("heist", store.Analysis{Scenes: []store.Scene{{Start: 0, End: 20 * time.Minute, Thumb: thumb}}})
	chat := &scripted{replies: []string{`{"summary":"A.","mood":"calm","timestamps":[]}`}}
	if _, _, err := (&Notes{Catalog: st, Chat: chat, Model: "llava", Vision: true}).Scene(context.Background(), "heist", 0, false); err != nil {
		t.Fatal(err)
	}
	msg := chat.sent[0].Messages[1]
	if len(msg.Images) != 1 || string(msg.Images[0]) != "\xff\xd8 a jpeg" || strings.Contains(msg.Content, thumb) {
		t.Errorf("images %d, path in text %v", len(msg.Images), strings.Contains(msg.Content, thumb))
	}
}
