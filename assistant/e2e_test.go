package assistant

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant/ollama"

	"github.com/reel-app/reel/sharedtest"
)

// realOllama starts the Ollama server built from its Go module (scripts/ollama-server; make
// test passes its path in REEL_OLLAMA_BIN) on a free loopback port, with its home and models in
// a temporary folder, creates the tiny real model from ../shared/testdata/models, and stops the
// server by its PID when the test ends. It returns the server's address and the model's name.
func realOllama(t *testing.T) (string, string) {
	t.Helper()
	bin := os.Getenv("REEL_OLLAMA_BIN")
	sharedtest.Require(t, bin != "", "REEL_OLLAMA_BIN is not set: make test builds the server (scripts/ollama-server) and sets it")
	gguf := sharedtest.Path(t, "models/stories260k-v3.gguf")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	home := t.TempDir()
	env := append(os.Environ(), "OLLAMA_HOST="+addr, "HOME="+home, "OLLAMA_MODELS="+filepath.Join(home, "models"),
		"OLLAMA_NOHISTORY=1", "OLLAMA_KEEP_ALIVE=10m")
	var logs bytes.Buffer
	srv := exec.Command(bin, "serve")
	srv.Env = env
	srv.Stdout, srv.Stderr = &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(srv.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(srv.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("ollama serve said:\n%s", tail(logs.String(), 3000))
		}
	})
	base := "http://" + addr
	c, _ := ollama.New(base, ollama.Options{})
	deadline := time.Now().Add(60 * time.Second)
	for c.Health(context.Background()) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("ollama serve did not answer in 60 s:\n%s", tail(logs.String(), 3000))
		}
		time.Sleep(200 * time.Millisecond)
	}
	modelfile := filepath.Join(home, "Modelfile")
	os.WriteFile(modelfile, []byte(fmt.Sprintf(`FROM %s
TEMPLATE """{{- range .Messages }}{{ .Content }}{{ end }}{{ if .Prompt }}{{ .Prompt }}{{ end }}"""
PARAMETER num_ctx 256
PARAMETER temperature 0
PARAMETER seed 42
PARAMETER num_thread 1
PARAMETER num_predict 24
`, gguf)), 0o644)
	create := exec.Command(bin, "create", "stories", "-f", modelfile)
	create.Env = env
	if out, err := create.CombinedOutput(); err != nil {
		t.Fatalf("ollama create: %v\n%s", err, out)
	}
	return base, "stories"
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// recorder is a reverse proxy in front of the real server that keeps every request body.
type recorder struct {
	mu     sync.Mutex
	bodies []string
}

func (r *recorder) front(t *testing.T, target string) string {
	u, _ := url.Parse(target)
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.FlushInterval = -1
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, req.URL.Path+" "+string(b))
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(b))
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// End to end against a real Ollama server and a real (tiny, nonsense-writing) model: the
// plumbing works and the requests carry only what was seen. The answers are not judged.
func TestRealOllama(t *testing.T) {
	base, model := realOllama(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := ollama.New(base, ollama.Options{StallTimeout: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ms, func(m ollama.Model) bool { return strings.HasPrefix(m.Name, model) })
	if i < 0 || !slices.Contains(ms[i].Capabilities, "completion") {
		t.Fatalf("tags/show: %+v", ms)
	}

	// Embeddings first: the server under test (v0.17.4) has been seen, once in many runs, to
	// leave an embedding request waiting forever right after a chat the client cut short (the
	// byte cap below); chats after a cut one are served.
	vecs, err := c.Embed(ctx, model, []string{"a fox in the snow", "a heist at midnight"})
	if err != nil || len(vecs) != 2 || len(vecs[0]) != 64 {
		t.Fatalf("embed: %d vectors, %v", len(vecs), err)
	}

	// Recommendations by embeddings from the real server (the tiny model embeds, though its
	// capabilities do not say so), cached in the store.
	shelfStore := shelf(t)
	recs, err := (&Recommender{Catalog: shelfStore, Embed: c, EmbedModel: model, Vectors: shelfStore}).MoreLike(ctx, "fox", 3)
	if err != nil || len(recs) != 3 {
		t.Fatalf("recommendations with embeddings: %d, %v", len(recs), err)
	}
	if e, ok, err := shelfStore.Embedding("sea", model); err != nil || !ok || len(e.Vector) != 64 {
		t.Errorf("stored embedding: %v %v %d", ok, err, len(e.Vector))
	}

	// The tiny model writes until it is stopped: an answer that ends at num_predict is marked cut
	// (ErrTooLong), and comes with what was written.
	short := map[string]any{"num_predict": 24}
	var tokens int
	text, err := c.Chat(ctx, ollama.ChatRequest{Model: model, Messages: []ollama.Message{{Role: "user", Content: "Once upon a time"}}, Options: short},
		func(string) { tokens++ })
	var cut *ollama.CutError
	if err != nil && !(errors.Is(err, ollama.ErrTooLong) && errors.As(err, &cut)) || tokens < 2 || strings.TrimSpace(text) == "" {
		t.Fatalf("chat: %d tokens, %q, %v", tokens, text, err)
	}
	t.Logf("chat: %d tokens, %v", tokens, err)
	// The byte cap stops a real stream, and the server takes the next request as usual.
	capped, _ := ollama.New(base, ollama.Options{StallTimeout: 2 * time.Minute, MaxAnswerBytes: 8})
	text, err = capped.Chat(ctx, ollama.ChatRequest{Model: model, Messages: []ollama.Message{{Role: "user", Content: "Once upon a time"}}, Options: short}, nil)
	if !errors.Is(err, ollama.ErrTooLong) || len(text) > 8 {
		t.Fatalf("capped chat: %q, %v", text, err)
	}

	var miss *ollama.ModelMissingError
	if _, err := c.Chat(ctx, ollama.ChatRequest{Model: "not-installed", Messages: []ollama.Message{{Role: "user", Content: "hi"}}}, nil); !errors.As(err, &miss) {
		t.Errorf("a model that is not there: %v", err)
	}

	// A question at 01:20:00 of a whole film, within the model's own context: the server reads
	// the prompt whole (its count of the prompt's tokens is within Reel's estimate, and within
	// num_ctx), so nothing was cut.
	n, err := c.ContextLength(ctx, model)
	if err != nil || n <= 0 {
		t.Fatalf("context length: %d, %v", n, err)
	}
	lf := openLongFilm(t, "charade")
	whole := &Companion{Catalog: lf.st, Notes: lf.st, Find: lf.idx, Chat: c, Sizer: c, Model: model}
	// The tiny model's tokenizer has a small vocabulary (far fewer bytes a token than a real
	// model's), and its context is 512 tokens: the first answer tells the client how densely
	// it counts, and from then on Reel knows the rules alone do not fit, and says so instead
	// of sending a prompt the server would cut.
	var counted []int
	for k := 0; k < 2; k++ {
		w := whole.window(ctx, 24)
		m, err := whole.Memory(ctx, lf.id, 80*time.Minute, "Question: Where is the money?", w)
		var small *ContextTooSmallError
		if k == 1 && errors.As(err, &small) {
			t.Logf("request 2: %v", err)
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		req := whole.request(m, "Question: Where is the money?")
		var stats ollama.ChatStats
		req.Stats = &stats
		if _, err := c.Chat(ctx, req, nil); err != nil && !errors.Is(err, ollama.ErrTooLong) {
			t.Fatal(err)
		}
		estimate := Tokens(req.Messages[0].Content) + Tokens(req.Messages[1].Content)
		t.Logf("request %d: model context %d, num_ctx %d, scale %.2f: the server counted %d prompt tokens, Reel estimated %d (scaled %.0f)",
			k+1, n, w.NumCtx, w.Scale, stats.PromptTokens, estimate, float64(estimate)*w.Scale)
		if w.NumCtx > n || stats.PromptTokens <= 0 {
			t.Errorf("num_ctx %d for a model of %d; %d prompt tokens", w.NumCtx, n, stats.PromptTokens)
		}
		counted = append(counted, stats.PromptTokens)
		if k == 1 && stats.PromptTokens+w.Predict > w.NumCtx {
			t.Errorf("after the first answer, the prompt (%d tokens by the server) and %d to answer still do not fit in %d", stats.PromptTokens, w.Predict, w.NumCtx)
		}
	}

	// The bounded question and the recap, through a recording proxy.
	rec := &recorder{}
	proxied, _ := ollama.New(rec.front(t, base), ollama.Options{StallTimeout: 2 * time.Minute})
	comp := &Companion{Catalog: heistStore(t), Chat: proxied, Model: model, Limit: 2048, Options: short}
	var streamed int
	if _, err := comp.Ask(ctx, "heist", 20*time.Minute, "What must Emil bring?", nil, func(string) { streamed++ }); err != nil && !errors.Is(err, ollama.ErrTooLong) {
		t.Fatal(err)
	}
	if _, err := comp.Recap(ctx, "heist", 20*time.Minute, nil); err != nil && !errors.Is(err, ollama.ErrTooLong) {
		t.Fatal(err)
	}
	if streamed == 0 {
		t.Error("the answer did not stream")
	}
	// A scene note with structured output: the tiny model writes nonsense, but within the schema
	// (Ollama constrains it) or not; either a note is stored, or the retry gives up cleanly.
	notes := &Notes{Catalog: comp.Catalog.(NoteCatalog), Chat: proxied, Model: model, Options: map[string]any{"num_predict": 96}}
	note, made, err := notes.Scene(ctx, "heist", 0, false)
	switch {
	case err == nil && (!made || note.Summary == ""):
		t.Errorf("note %+v made %v", note, made)
	case err != nil && !errors.Is(err, ErrInvalidNote):
		t.Fatalf("note: %v", err)
	}
	t.Logf("note from the tiny model: %+v (err %v)", note, err)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	noteReqs := rec.bodies[2:]
	rec.bodies = rec.bodies[:2]
	if len(noteReqs) < 1 || len(noteReqs) > 2 {
		t.Errorf("%d requests for one note", len(noteReqs))
	}
	for _, b := range noteReqs {
		// Scene 1 runs to 20:00: its lines are in, the one at 30:00 is not.
		if !strings.Contains(b, `"format"`) || strings.Contains(b, "AFTER-THE-POSITION") || !strings.Contains(b, "Emil, bring the clock") {
			t.Errorf("note request: %.300s", b)
		}
	}
	if len(rec.bodies) != 2 {
		t.Fatalf("%d requests through the proxy", len(rec.bodies))
	}
	for _, b := range rec.bodies {
		if !strings.HasPrefix(b, "/api/chat ") || strings.Contains(b, "AFTER-THE-POSITION") || strings.Contains(b, "betrays") {
			t.Errorf("request: %s", b)
		}
		if !strings.Contains(b, "Emil, bring the clock.") {
			t.Errorf("a line that was seen is missing: %s", b)
		}
	}
}
