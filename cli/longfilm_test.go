package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/assistant/ollama/ollamatest"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/story"
	"github.com/reel-app/reel/index/story/storytest"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/sharedtest"
)

var stampRE = regexp.MustCompile(`\[(\d\d):(\d\d):(\d\d)`)

func stamps(text string) []time.Duration {
	var out []time.Duration
	for _, m := range stampRE.FindAllStringSubmatch(text, -1) {
		var h, mi, s int
		fmt.Sscan(m[1], &h)
		fmt.Sscan(m[2], &mi)
		fmt.Sscan(m[3], &s)
		out = append(out, time.Duration(h)*time.Hour+time.Duration(mi)*time.Minute+time.Duration(s)*time.Second)
	}
	return out
}

// A two-hour generated film with a real film's whole subtitles, as a user runs it from the
// command line: scan, `reel analyze` (shots, thumbnails, narrative scenes), `reel notes`
// (one request per narrative scene, each within the model's context), questions at 01:20:00
// about the first hour (their answer lines reach the request) and "catch me up" at 01:20:00
// (every ten minutes seen are in it); nothing after 01:20:00 is sent.
func TestTwoHourFilmFromTheCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes and analyses a two-hour film")
	}
	srt := sharedtest.Path(t, "subtitles/long-films/charade-1963-en.srt")
	track, err := subtitle.ReadFile(srt, "srt", "en")
	if err != nil {
		t.Fatal(err)
	}
	var lines []story.Line
	var length time.Duration
	for _, c := range track.Cues {
		lines = append(lines, story.Line{Start: c.Start, End: c.End})
		length = max(length, c.End+2*time.Minute)
	}
	films, data := t.TempDir(), t.TempDir()
	film := filepath.Join(films, "Charade (1963).mkv")
	plan := storytest.ForLines(3, length, lines)
	if err := core.EncodePlan(context.Background(), film, plan, 64, 36, 10); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(srt)
	os.WriteFile(strings.TrimSuffix(film, ".mkv")+".en.srt", raw, 0o644)

	if code, out, errs := reel(t, "scan", films, "--data", data, "--json"); code != 0 {
		t.Fatalf("scan: %d %s %s", code, out, errs)
	}
	code, out, errs := reel(t, "analyze", "--json", "--data", data)
	var analyzed analyzedJSON
	if code != 0 || json.Unmarshal([]byte(out), &analyzed) != nil || len(analyzed.Films) != 1 {
		t.Fatalf("analyze: %d %q %s", code, out, errs)
	}
	a := analyzed.Films[0]
	t.Logf("%s: %v, %d shots planned, %d found, %d narrative scenes (%d planned)", a.Title, length.Round(time.Second), len(plan.Shots), a.Shots, a.Scenes, len(plan.Starts))
	if a.Shots < len(plan.Shots)*9/10 || a.Scenes < 25 || a.Scenes > 120 {
		t.Errorf("%d shots, %d scenes", a.Shots, a.Scenes)
	}
	// Run again: nothing left to do.
	if code, out, _ := reel(t, "analyze", "--data", data); code != 0 || !strings.Contains(out, "Every film is analysed.") {
		t.Errorf("second analyze: %d %q", code, out)
	}

	note, _ := json.Marshal(map[string]any{"summary": "Reggie talks with Peter.", "mood": "light", "timestamps": []string{}, "so_far": "Reggie is in Paris."})
	srv := &ollamatest.Server{Context: 8192, Answer: string(note)}
	url := srv.Start(t)
	if code, out, errs := reel(t, "notes", a.ID, "--json", "--data", data, "--ollama", url); code != 0 {
		t.Fatalf("notes: %d %.300s %s", code, out, errs)
	}
	if n := len(srv.Chats()); n != a.Scenes {
		t.Errorf("%d note requests for %d narrative scenes", n, a.Scenes)
	}
	fits := func(what string, c ollamatest.Chat) {
		numCtx, _ := c.Options["num_ctx"].(float64)
		predict, _ := c.Options["num_predict"].(float64)
		size := 0
		for _, m := range c.Messages {
			size += len(m.Content)
		}
		// Three bytes a token is Reel's own (high) estimate; the prompt and the answer fit.
		if numCtx != 8192 || float64(size)/3+predict > numCtx {
			t.Errorf("%s: %d bytes, num_ctx %v, num_predict %v", what, size, numCtx, predict)
		}
	}
	for i, c := range srv.Chats() {
		fits(fmt.Sprintf("note %d", i+1), c)
	}
	last := func() ollamatest.Chat { chats := srv.Chats(); return chats[len(chats)-1] }

	at := 80 * time.Minute
	var set struct {
		Questions []struct {
			Q       string `json:"q"`
			Answers []struct{ At, Text string }
		} `json:"questions"`
	}
	qs, _ := os.ReadFile(filepath.Join("..", "assistant", "testdata", "recall", "charade.json"))
	if err := json.Unmarshal(qs, &set); err != nil {
		t.Fatal(err)
	}
	asked, hit := 0, 0
	for _, q := range set.Questions {
		first := stamps("[" + q.Answers[0].At + "]")[0]
		if first >= time.Hour {
			continue
		}
		if code, out, errs := reel(t, "ask", a.ID, q.Q, "--at", "1:20:00", "--data", data, "--ollama", url); code != 0 {
			t.Fatalf("ask: %d %q %s", code, out, errs)
		}
		c := last()
		fits("question", c)
		prompt := c.Messages[1].Content
		asked++
		for _, ans := range q.Answers {
			if strings.Contains(prompt, "["+ans.At+"] ") && strings.Contains(prompt, strings.Join(strings.Fields(ans.Text), " ")) {
				hit++
				break
			}
		}
		for _, s := range stamps(strings.TrimPrefix(prompt, "The viewer is at [01:20:00].")) {
			if s > at {
				t.Errorf("a question at 01:20:00 carries [%v]", s)
			}
		}
	}
	t.Logf("questions about the first hour asked at 01:20:00: %d of %d had their answer line in the request", hit, asked)
	if asked < 15 || float64(hit) < 0.6*float64(asked) {
		t.Errorf("%d of %d answers reached the request", hit, asked)
	}

	if code, out, errs := reel(t, "recap", a.ID, "--at", "1:20:00", "--data", data, "--ollama", url); code != 0 {
		t.Fatalf("recap: %d %q %s", code, out, errs)
	}
	recap := last()
	fits("recap", recap)
	story := recap.Messages[1].Content
	if i, j := strings.Index(story, "<story>"), strings.Index(story, "</story>"); i >= 0 && j > i {
		story = story[i:j]
	} else {
		t.Fatalf("no story block: %.500s", story)
	}
	covered := map[int]bool{}
	for _, s := range stamps(story) {
		if s >= at {
			t.Errorf("the recap at 01:20:00 cites [%v]", s)
		}
		covered[int(s/(10*time.Minute))] = true
	}
	for k := 0; k < 8; k++ {
		if !covered[k] {
			t.Errorf("the recap at 01:20:00 cites nothing from %d0 to %d0 minutes", k, k+1)
		}
	}
}
