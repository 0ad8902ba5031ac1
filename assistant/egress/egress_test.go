package egress

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLog(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "hello there")
	}))
	defer s.Close()
	var l Log
	c := &http.Client{Transport: l.Transport(nil)}
	resp, err := c.Post(s.URL+"/api/chat", "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	if _, err := c.Get("http://127.0.0.1:1/nothing"); err == nil {
		t.Fatal("a closed port answered")
	}
	got := l.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests", len(got))
	}
	r := got[0]
	if r.Method != "POST" || r.Path != "/api/chat" || r.Sent != 7 || r.Received != 11 || r.Status != 200 || r.Host != strings.TrimPrefix(s.URL, "http://") {
		t.Errorf("logged %+v", r)
	}
	if got[1].Err == "" || got[1].Status != 0 {
		t.Errorf("a failed request: %+v", got[1])
	}
	if h := l.Hosts(); len(h) != 2 || h[1] != "127.0.0.1:1" {
		t.Errorf("hosts %v", h)
	}
}
