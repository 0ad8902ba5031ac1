// Package ollamatest is a server that speaks Ollama's wire protocol for tests, recording what
// it is sent: /api/tags lists one model ("tiny:latest"), /api/show describes it with a
// context length, and /api/chat streams a fixed answer and ends with the "done" message, as
// Ollama does. Tests point the real client at it and assert on what reached the wire.
package ollamatest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Server is the fake Ollama. Set its fields before Start.
type Server struct {
	Context int    // the model's context length, as /api/show tells it
	Answer  string // what every chat answers

	mu    sync.Mutex
	chats []Chat
	shows int
}

// Chat is one /api/chat request as it reached the server.
type Chat struct {
	Messages []struct{ Role, Content string }
	Options  map[string]any
}

// Start serves until tb ends and returns the server's address.
func (s *Server) Start(tb testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(srv.Close)
	return srv.URL
}

func (s *Server) serve(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	switch r.URL.Path {
	case "/api/tags":
		fmt.Fprint(rw, `{"models":[{"name":"tiny:latest","model":"tiny:latest","size":1200000}]}`)
	case "/api/show":
		s.mu.Lock()
		s.shows++
		s.mu.Unlock()
		fmt.Fprintf(rw, `{"model_info":{"general.architecture":"llama","llama.context_length":%d},"capabilities":["completion"]}`, s.Context)
	case "/api/chat":
		var c Chat
		json.Unmarshal(body, &c)
		s.mu.Lock()
		s.chats = append(s.chats, c)
		s.mu.Unlock()
		out, _ := json.Marshal(map[string]any{"message": map[string]string{"role": "assistant", "content": s.Answer}, "done": false})
		rw.Write(append(out, '\n'))
		fmt.Fprint(rw, `{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}`+"\n")
	default:
		http.NotFound(rw, r)
	}
}

// Chats are the chats received so far, in order.
func (s *Server) Chats() []Chat {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Chat(nil), s.chats...)
}

// Shows is how many times the model was described (/api/show).
func (s *Server) Shows() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shows
}
