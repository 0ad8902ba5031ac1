package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/store"
)

// askLibrary is a data folder whose library holds one film with one line.
func askLibrary(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	p, err := core.PlacesFor(data)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	lib.Store.PutFilm(store.Film{ID: "heist", Path: "/films/heist.mkv", Title: "The Heist", Duration: time.Hour})
	lib.Store.PutCues("heist", []store.Cue{{Lang: "en", Start: 10 * time.Second, End: 12 * time.Second, Text: "Bring the clock."}})
	return data
}

// ollamaAnswering streams parts as Ollama does; with done false, the stream ends without its
// last message, as when the connection drops after them.
func ollamaAnswering(t *testing.T, done bool, parts ...string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			http.NotFound(w, r)
			return
		}
		for _, p := range parts {
			b, _ := json.Marshal(map[string]any{"message": map[string]string{"role": "assistant", "content": p}, "done": false})
			w.Write(append(b, '\n'))
			w.(http.Flusher).Flush()
		}
		if done {
			fmt.Fprint(w, `{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}`+"\n")
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// A cut answer is shown as far as it got, marked as cut, and the command fails; --json adds
// "cut" and "error" to its stable shape.
func TestAskCut(t *testing.T) {
	data := askLibrary(t)
	whole := ollamaAnswering(t, true, "Bring", " the clock", " [00:00:10].")
	cut := ollamaAnswering(t, false, "Bring", " the", " clock")
	none := ollamaAnswering(t, false)
	tests := []struct {
		name       string
		server     string
		args       []string
		code       int
		stdout     string // text mode: exactly; --json: the answer
		stderr     string // contained
		cut        bool
		noJSON     bool
		citations  int
		wantsError bool
	}{
		{"a whole answer", whole, []string{"ask", "heist", "what", "now?"}, 0, "Bring the clock [00:00:10].\n", "", false, false, 1, false},
		{"a whole answer, as JSON", whole, []string{"ask", "heist", "what", "now?", "--json"}, 0, "Bring the clock [00:00:10].", "", false, false, 1, false},
		{"a cut answer", cut, []string{"ask", "heist", "what", "now?"}, 1, "Bring the clock\n", "reel ask: the answer was cut off: the connection to Ollama closed", true, false, 0, true},
		{"a cut answer, as JSON", cut, []string{"ask", "heist", "what", "now?", "--json"}, 1, "Bring the clock", "the answer was cut off", true, false, 0, true},
		{"a cut recap", cut, []string{"recap", "heist"}, 1, "Bring the clock\n", "reel recap: the answer was cut off", true, false, 0, true},
		{"no answer at all", none, []string{"ask", "heist", "what?", "--json"}, 1, "", "reel ask: the connection to Ollama closed", false, true, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append(append([]string{}, tt.args...), "--at", "1:00", "--model", "tiny", "--data", data, "--ollama", tt.server)
			code, out, errs := reel(t, args...)
			if code != tt.code || !strings.Contains(errs, tt.stderr) || (tt.code == 0) != (errs == "") {
				t.Errorf("exit %d, stderr %q: want %d and %q", code, errs, tt.code, tt.stderr)
			}
			asJSON := strings.Contains(strings.Join(tt.args, " "), "--json")
			if !asJSON || tt.noJSON {
				if out != tt.stdout {
					t.Errorf("stdout %q, want %q", out, tt.stdout)
				}
				return
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			for _, k := range []string{"film", "at_s", "model", "question", "answer", "citations", "cut"} {
				if _, ok := got[k]; !ok {
					t.Errorf("no %q in %s", k, out)
				}
			}
			cites, _ := got["citations"].([]any)
			errText, _ := got["error"].(string)
			if got["answer"] != tt.stdout || got["cut"] != tt.cut || (errText != "") != tt.wantsError || len(cites) != tt.citations {
				t.Errorf("JSON %s", out)
			}
		})
	}
}
