package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// fakeServer speaks Ollama's wire format: NDJSON streams, JSON errors, the routes Reel uses.
func fakeServer(t *testing.T, chat http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "Ollama is running") })
	mux.HandleFunc("/api/tags", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"models":[{"name":"tiny:latest","model":"tiny:latest","size":1185344},{"name":"nomic-embed-text:latest","size":274302450}]}`)
	})
	mux.HandleFunc("/api/show", func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Model string }
		json.NewDecoder(r.Body).Decode(&req)
		caps := `["completion"]`
		if strings.HasPrefix(req.Model, "nomic") {
			caps = `["embedding"]`
		}
		fmt.Fprintf(w, `{"capabilities":%s}`, caps)
	})
	if chat != nil {
		mux.HandleFunc("/api/chat", chat)
	}
	mux.HandleFunc("/api/embed", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Model string
			Input []string
		}
		json.NewDecoder(r.Body).Decode(&req)
		if req.Model == "missing" {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"model \"missing\" not found, try pulling it first"}`)
			return
		}
		out := struct {
			Embeddings [][]float32 `json:"embeddings"`
		}{}
		for i := range req.Input {
			out.Embeddings = append(out.Embeddings, []float32{float32(i), 1})
		}
		json.NewEncoder(w).Encode(out)
	})
	mux.HandleFunc("/api/pull", func(w http.ResponseWriter, r *http.Request) {
		for _, c := range []int{0, 50, 100} {
			fmt.Fprintf(w, `{"status":"pulling","total":100,"completed":%d}`+"\n", c)
		}
		fmt.Fprint(w, `{"status":"success"}`+"\n")
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func tokens(w http.ResponseWriter, parts ...string) {
	fl := w.(http.Flusher)
	for _, p := range parts {
		b, _ := json.Marshal(map[string]any{"model": "tiny", "message": map[string]string{"role": "assistant", "content": p}, "done": false})
		w.Write(append(b, '\n'))
		fl.Flush()
	}
}

func TestChat(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
		wantErr func(error) bool
	}{
		{"stream", func(w http.ResponseWriter, r *http.Request) {
			tokens(w, "Once", " upon", " a time")
			fmt.Fprint(w, `{"model":"tiny","message":{"role":"assistant","content":""},"done":true}`+"\n")
		}, "Once upon a time", nil},
		{"error before the stream", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":"out of memory"}`)
		}, "", func(err error) bool { return strings.Contains(err.Error(), "out of memory") }},
		{"error during the stream", func(w http.ResponseWriter, r *http.Request) {
			tokens(w, "Once")
			fmt.Fprint(w, `{"error":"the runner crashed"}`+"\n")
		}, "Once", func(err error) bool { return strings.Contains(err.Error(), "the runner crashed") }},
		{"model missing", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error":"model \"tiny\" not found, try pulling it first"}`)
		}, "", func(err error) bool {
			var m *ModelMissingError
			return errors.As(err, &m) && m.Model == "tiny" && strings.Contains(err.Error(), "ollama pull tiny")
		}},
		{"an HTML error page", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		}, "", func(err error) bool { return strings.Contains(err.Error(), "web page") }},
		{"a stall", func(w http.ResponseWriter, r *http.Request) {
			tokens(w, "Once")
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "Once", func(err error) bool { return errors.Is(err, ErrStalled) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fakeServer(t, tt.handler)
			c, err := New(s.URL, Options{StallTimeout: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			text, err := c.Chat(context.Background(), ChatRequest{Model: "tiny", Messages: []Message{{Role: "user", Content: "Hi"}}}, func(s string) { got = append(got, s) })
			if text != tt.want {
				t.Errorf("text %q, want %q", text, tt.want)
			}
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && (err == nil || !tt.wantErr(err)) {
				t.Errorf("error %v", err)
			}
			if strings.Join(got, "") != tt.want {
				t.Errorf("tokens %q", got)
			}
		})
	}
}

func TestNotRunning(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	c, _ := New("http://"+addr, Options{})
	err := c.Health(context.Background())
	if !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "ollama serve") {
		t.Errorf("health of a closed port: %v", err)
	}
	if _, err := New("not a url", Options{}); err == nil {
		t.Error("a bad address was accepted")
	}
}

func TestModelsEmbedPull(t *testing.T) {
	s := fakeServer(t, nil)
	c, _ := New(s.URL, Options{})
	ctx := context.Background()
	if err := c.Health(ctx); err != nil {
		t.Fatal(err)
	}
	ms, err := c.Models(ctx)
	if err != nil || len(ms) != 2 || ms[0].Capabilities[0] != "completion" || ms[1].Capabilities[0] != "embedding" {
		t.Fatalf("models %+v %v", ms, err)
	}
	v, err := c.Embed(ctx, "nomic-embed-text", []string{"a", "b"})
	if err != nil || len(v) != 2 || v[1][0] != 1 {
		t.Errorf("embed %v %v", v, err)
	}
	var m *ModelMissingError
	if _, err := c.Embed(ctx, "missing", []string{"a"}); !errors.As(err, &m) {
		t.Errorf("embed with a missing model: %v", err)
	}
	var seen []int64
	if err := c.Pull(ctx, "tiny", func(p PullProgress) { seen = append(seen, p.Completed) }); err != nil || len(seen) != 4 || seen[2] != 100 {
		t.Errorf("pull %v %v", seen, err)
	}
}

func TestDefaultHost(t *testing.T) {
	tests := []struct{ env, want string }{
		{"", "http://127.0.0.1:11434"},
		{"0.0.0.0", "http://0.0.0.0:11434"},
		{"http://box:8080", "http://box:8080"},
		{"127.0.0.1:9999", "http://127.0.0.1:9999"},
	}
	for _, tt := range tests {
		t.Setenv("OLLAMA_HOST", tt.env)
		if got := DefaultHost(); got != tt.want {
			t.Errorf("OLLAMA_HOST=%q: %q, want %q", tt.env, got, tt.want)
		}
	}
}
