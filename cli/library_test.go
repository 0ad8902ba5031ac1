package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

func TestScanSearchInfo(t *testing.T) {
	src, err := os.ReadFile(ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	lib, data := t.TempDir(), t.TempDir()
	dir := filepath.Join(lib, "Big Buck Bunny (2008)")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "Big Buck Bunny (2008).mp4"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "Big Buck Bunny (2008).en.srt"), []byte("1\n00:00:01,000 --> 00:00:03,500\nThe big rabbit wakes up.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "Big Buck Bunny (2008).nfo"), []byte("<movie><title>Big Buck Bunny</title><year>2008</year><director>Sacha Goedegebure</director></movie>"), 0o644)

	code, out, errs := reel(t, "scan", lib, "--data", data, "--json")
	var scan struct {
		Films    int `json:"films"`
		New      int `json:"new"`
		Warnings []struct {
			Path   string `json:"path"`
			Reason string `json:"reason"`
		} `json:"warnings"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &scan) != nil || scan.Films != 1 || scan.New != 1 {
		t.Fatalf("scan: exit %d %s %s", code, out, errs)
	}

	var res struct {
		Films []struct {
			ID    string  `json:"id"`
			Title string  `json:"title"`
			Year  int     `json:"year"`
			Path  string  `json:"path"`
			Score float64 `json:"score"`
		} `json:"films"`
		Lines []struct {
			FilmID string  `json:"film_id"`
			Title  string  `json:"title"`
			StartS float64 `json:"start_s"`
			EndS   float64 `json:"end_s"`
			Text   string  `json:"text"`
		} `json:"lines"`
	}
	code, out, _ = reel(t, "--data", data, "search", "rabbit", "--json")
	json.Unmarshal([]byte(out), &res)
	if code != 0 || len(res.Lines) != 1 || res.Lines[0].StartS != 1 || res.Lines[0].Title != "Big Buck Bunny" || res.Lines[0].Text != "The big rabbit wakes up." {
		t.Errorf("search rabbit: %s", out)
	}
	code, out, _ = reel(t, "--data", data, "search", "goedegebure", "--json", "--limit", "5")
	res.Films, res.Lines = nil, nil
	json.Unmarshal([]byte(out), &res)
	if code != 0 || len(res.Films) != 1 || res.Films[0].Year != 2008 || res.Films[0].ID == "" {
		t.Fatalf("search director: %s", out)
	}
	id := res.Films[0].ID

	for _, ref := range []string{id, filepath.Join(dir, "Big Buck Bunny (2008).mp4")} {
		code, out, errs = reel(t, "info", ref, "--data", data, "--json")
		var info map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &info) != nil || info["title"] != "Big Buck Bunny" || info["lines"] != 1.0 || info["id"] != id {
			t.Errorf("info %s: exit %d %s %s", ref, code, out, errs)
		}
	}
	if code, _, errs := reel(t, "info", "nope", "--data", data); code != 1 || errs == "" {
		t.Errorf("info of an unknown film: exit %d %q", code, errs)
	}
	if code, _, errs := reel(t, "reindex", "--data", data); code != 0 {
		t.Errorf("reindex: exit %d %s", code, errs)
	}

	// Keywords and sentiment from the lines, without a language model.
	code, out, errs = reel(t, "keywords", id, "--data", data, "--json")
	var kw struct {
		Title    string `json:"title"`
		Keywords []struct {
			Word  string  `json:"word"`
			Score float64 `json:"score"`
		} `json:"keywords"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &kw) != nil || kw.Title != "Big Buck Bunny" || len(kw.Keywords) == 0 {
		t.Fatalf("keywords: exit %d %s %s", code, out, errs)
	}
	words := map[string]bool{}
	for _, k := range kw.Keywords {
		words[k.Word] = true
	}
	if !words["rabbit"] || !words["wakes"] || words["the"] {
		t.Errorf("keywords %v", words)
	}
	code, out, errs = reel(t, "--data", data, "sentiment", "--json", id)
	var mood struct {
		Lines int `json:"lines"`
		Arc   []struct {
			AtS float64 `json:"at_s"`
		} `json:"arc"`
		Mood string `json:"mood"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &mood) != nil || mood.Lines != 1 || len(mood.Arc) != 24 || mood.Mood == "" {
		t.Errorf("sentiment: exit %d %s %s", code, out, errs)
	}

	// One film, unwatched: nothing to go on for "for you", and nothing else to suggest.
	code, out, errs = reel(t, "recommend", "--json", "--data", data)
	if code != 0 || strings.TrimSpace(out) != "{\n  \"films\": []\n}" {
		t.Errorf("recommend: exit %d %q %s", code, out, errs)
	}
	if code, _, errs := reel(t, "ask", id, "question", "--data", data); code != 2 || !strings.Contains(errs, "--at is required") {
		t.Errorf("ask without --at: exit %d %s", code, errs)
	}
	// Without a server, the answer is the seen lines that match (exit 0), and stderr says why.
	if code, out, errs := reel(t, "ask", id, "who?", "--at", "0:10", "--data", data, "--ollama", "http://127.0.0.1:9"); code != 0 || !strings.Contains(errs, "ollama serve") ||
		!strings.Contains(errs, "answering from the lines seen so far") || !strings.Contains(out, "A model (Settings › Models) would write a proper answer") {
		t.Errorf("ask without a server: exit %d %q %s", code, out, errs)
	}
}

// The whole shared test corpus (hostile media, every .nfo sample, every subtitle fixture) scans
// without a crash: what cannot be used is a warning with its reason.
func TestScanSharedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	root := filepath.Dir(filepath.Dir(ffmpegtest.SharedMedia(t, "real")))
	code, out, errs := reel(t, "scan", root, "--data", t.TempDir(), "--json")
	var res struct {
		Films    int `json:"films"`
		Warnings []struct {
			Path   string `json:"path"`
			Reason string `json:"reason"`
		} `json:"warnings"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	if res.Films < 30 || len(res.Warnings) < 10 {
		t.Errorf("%d films, %d warnings", res.Films, len(res.Warnings))
	}
	for _, w := range res.Warnings {
		if w.Path == "" || w.Reason == "" {
			t.Errorf("warning without a path or a reason: %+v", w)
		}
	}
}
