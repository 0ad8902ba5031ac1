package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/assistant/ollama"
	"github.com/reel-app/reel/index/store"
)

// fakeOllama answers the routes Reel uses, in Ollama's wire format.
func fakeOllama(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "Ollama is running") })
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"models":[{"name":"chat:latest"},{"name":"embed:latest"}]}`)
	})
	mux.HandleFunc("/api/show", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Model string }
		json.NewDecoder(r.Body).Decode(&req)
		caps := `["completion","vision"]`
		if strings.HasPrefix(req.Model, "embed") {
			caps = `["embedding"]`
		}
		fmt.Fprintf(w, `{"capabilities":%s}`, caps)
	})
	mux.HandleFunc("/api/chat", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, `{"message":{"role":"assistant","content":"{\"summary\":\"A scene.\",\"mood\":\"calm\",\"timestamps\":[]}"},"done":false}`+"\n")
		io.WriteString(w, `{"message":{"role":"assistant","content":""},"done":true}`+"\n")
	})
	mux.HandleFunc("/api/embed", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Input []string }
		json.NewDecoder(r.Body).Decode(&req)
		out := struct {
			Embeddings [][]float32 `json:"embeddings"`
		}{}
		for i := range req.Input {
			out.Embeddings = append(out.Embeddings, []float32{1, float32(i)})
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/api/pull", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"status":"success"}`+"\n")
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// Every network path of the app — the companion's readiness, questions, recaps, notes for a
// scene and a whole film, recommendations with embeddings, the models dialog and a pull — talks
// to the configured Ollama host and to nothing else, even with a proxy in the environment.
func TestOnlyTheOllamaHost(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://127.0.0.1:1")
	t.Setenv("HTTPS_PROXY", "http://127.0.0.1:1")
	srv := fakeOllama(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, id := range []string{"a", "b", "c"} {
		st.PutFilm(store.Film{ID: id, Path: "/films/" + id + ".mkv", Title: "Film " + id, Plot: "A story about " + id + ".", Duration: time.Hour})
		st.PutCues(id, []store.Cue{{Lang: "en", Start: time.Minute, End: time.Minute + time.Second, Text: "Hello from " + id}})
		st.PutAnalysis(id, store.Analysis{Scenes: []store.Scene{{Start: 0, End: 30 * time.Minute}, {Start: 30 * time.Minute, End: time.Hour}}})
	}
	st.PutUser("a", store.UserData{Watched: true, Rating: 5})
	log := &egress.Log{}
	var saved app.ModelChoice
	c := newCompanion(st, nil, srv.URL, log, func() app.ModelChoice { return saved }, func(m app.ModelChoice) error { saved = m; return nil })
	ctx := context.Background()
	if err := c.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"ask", func() error { _, err := c.Ask(ctx, "a", 2*time.Minute, "Who?", []byte("jpeg"), nil); return err }},
		{"recap", func() error { _, err := c.Recap(ctx, "a", 2*time.Minute, nil); return err }},
		{"note", func() error { _, _, err := c.Note(ctx, "a", 0, true); return err }},
		{"notes", func() error { return c.WriteNotes(ctx, "b", nil) }},
		{"more like", func() error { _, err := c.MoreLike(ctx, "a", 2); return err }},
		{"for you", func() error { _, err := c.ForYou(ctx, 2); return err }},
		{"models", func() error { _, err := c.Installed(ctx); return err }},
		{"pull", func() error { return c.Pull(ctx, "chat", func(ollama.PullProgress) {}) }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
	}
	want := strings.TrimPrefix(srv.URL, "http://")
	hosts := log.Hosts()
	if len(hosts) != 1 || hosts[0] != want {
		t.Fatalf("hosts contacted: %v, want only %s", hosts, want)
	}
	paths := map[string]bool{}
	for _, r := range log.Requests() {
		paths[r.Path] = true
	}
	for _, p := range []string{"/api/tags", "/api/show", "/api/chat", "/api/embed", "/api/pull"} {
		if !paths[p] {
			t.Errorf("no request to %s: the test did not exercise that path", p)
		}
	}
	if text := app.PrivacyText(log.Requests()); !strings.Contains(text, "to 1 host: "+want) {
		t.Errorf("privacy view: %.200s", text)
	}
}
