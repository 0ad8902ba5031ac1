package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

func TestSplitCommand(t *testing.T) {
	tests := []struct {
		args []string
		name string
		rest []string
	}{
		{nil, "", nil},
		{[]string{"probe", "f.mkv"}, "probe", []string{"f.mkv"}},
		{[]string{"--data", "/d", "probe", "f.mkv"}, "probe", []string{"--data", "/d", "f.mkv"}},
		{[]string{"--data=/d", "probe"}, "probe", []string{"--data=/d"}},
		{[]string{"--json", "probe", "f"}, "probe", []string{"--json", "f"}},
		{[]string{"--ollama", "http://h:1", "--data", "/d"}, "", []string{"--ollama", "http://h:1", "--data", "/d"}},
		{[]string{"--", "probe"}, "", []string{"--", "probe"}},
	}
	for _, tt := range tests {
		name, rest := splitCommand(tt.args)
		if name != tt.name || strings.Join(rest, " ") != strings.Join(tt.rest, " ") {
			t.Errorf("splitCommand(%q) = %q, %q; want %q, %q", tt.args, name, rest, tt.name, tt.rest)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args []string
		pos  []string
		json bool
		data string
	}{
		{[]string{"a", "--json"}, []string{"a"}, true, ""},
		{[]string{"--json", "a", "b"}, []string{"a", "b"}, true, ""},
		{[]string{"a", "--data", "/d", "b", "--json"}, []string{"a", "b"}, true, "/d"},
		{[]string{"a", "--", "--json"}, []string{"a", "--json"}, false, ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		j := fs.Bool("json", false, "")
		d := fs.String("data", "", "")
		pos, err := parseInterspersed(fs, tt.args)
		if err != nil || strings.Join(pos, " ") != strings.Join(tt.pos, " ") || *j != tt.json || *d != tt.data {
			t.Errorf("parseInterspersed(%q) = %q %v json=%v data=%q; want %q json=%v data=%q", tt.args, pos, err, *j, *d, tt.pos, tt.json, tt.data)
		}
	}
}

// reel runs a command line as the reel binary does, without a window.
func reel(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb, Options{})
	return code, out.String(), errb.String()
}

// Flags go before or after positional arguments, and the global flags before or after the
// command: all of these are the same call.
func TestFlagsAnywhere(t *testing.T) {
	film := ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s-chapters.mp4")
	d := t.TempDir()
	for _, args := range [][]string{
		{"probe", film, "--json"},
		{"probe", "--json", film},
		{"--data", d, "probe", film, "--json"},
		{"probe", film, "--json", "--data", d},
		{"--data=" + d, "--ollama", "http://127.0.0.1:1", "probe", "--json", film},
		{"probe", "-json", film, "--ollama=http://127.0.0.1:1"},
	} {
		code, out, errs := reel(t, args...)
		var got map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got["path"] != film {
			t.Errorf("reel %q: exit %d, stderr %q, stdout %.80q", args, code, errs, out)
		}
	}
}

// The documented JSON shapes: these keys are promised, whatever is added later.
func TestProbeJSONShape(t *testing.T) {
	film := ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s-chapters.mp4")
	code, out, errs := reel(t, "probe", film, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"path", "container", "duration_s", "streams", "chapters"} {
		if _, ok := got[k]; !ok {
			t.Errorf("probe JSON lacks %q", k)
		}
	}
	streams := got["streams"].([]any)
	for _, s := range streams {
		for _, k := range []string{"index", "type", "codec", "width", "height", "fps", "channels", "sample_rate", "language"} {
			if _, ok := s.(map[string]any)[k]; !ok {
				t.Errorf("stream %v lacks %q", s, k)
			}
		}
	}
	if v := streams[0].(map[string]any); v["type"] != "video" || v["width"] != 320.0 || v["fps"] != 24.0 {
		t.Errorf("video stream = %v", v)
	}
	chs := got["chapters"].([]any)
	if len(chs) != 2 || chs[1].(map[string]any)["start_s"] != 2.501 || chs[0].(map[string]any)["title"] != "Chapter 1 - First Half" {
		t.Errorf("chapters = %v", chs)
	}
	if got["duration_s"] != 5.014 {
		t.Errorf("duration_s = %v", got["duration_s"])
	}
}

func TestScenesJSON(t *testing.T) {
	film := ffmpegtest.SharedMedia(t, "real/popeye-part3-hevc-vobsub.mkv")
	thumbs := t.TempDir()
	code, out, errs := reel(t, "scenes", "--thumbs", thumbs, film, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		FPS    float64 `json:"fps"`
		Scenes []struct {
			Index      int     `json:"index"`
			StartS     float64 `json:"start_s"`
			EndS       float64 `json:"end_s"`
			StartFrame int64   `json:"start_frame"`
			Thumb      string  `json:"thumb"`
		} `json:"scenes"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.FPS != 29.97 || len(got.Scenes) != 7 {
		t.Fatalf("fps %v, %d scenes; want 29.97 and 7", got.FPS, len(got.Scenes))
	}
	s := got.Scenes[1]
	if s.Index != 1 || s.StartFrame != 92 || s.StartS != 3.07 || s.EndS != got.Scenes[2].StartS {
		t.Errorf("scene 1 = %+v", s)
	}
	for _, s := range got.Scenes {
		if _, err := os.Stat(s.Thumb); err != nil || filepath.Dir(s.Thumb) != thumbs {
			t.Errorf("scene %d thumb %q: %v", s.Index, s.Thumb, err)
		}
	}
}

func TestThumbsCLI(t *testing.T) {
	film := ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4") // a keyframe every 0.5 s
	if code, _, errs := reel(t, "thumbs", film); code != 2 || !strings.Contains(errs, "--out") {
		t.Errorf("thumbs without --out: exit %d, %q", code, errs)
	}
	dir := t.TempDir()
	code, out, errs := reel(t, "thumbs", film, "--out", dir, "--width", "160", "--json")
	var got struct {
		Thumbs []struct {
			TimeS float64 `json:"time_s"`
			Path  string  `json:"path"`
		} `json:"thumbs"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.Thumbs) != 10 || got.Thumbs[0].TimeS != 0 || got.Thumbs[9].TimeS != 4.5 {
		t.Fatalf("exit %d, %s, %s", code, out, errs)
	}
}

// A half-downloaded film (2 s, then zeros to 20 GB): thumbs and scenes list what they read,
// say where it stops, and exit 1.
func TestIncompleteFilmCLI(t *testing.T) {
	film := filepath.Join(t.TempDir(), "half.mkv")
	spec := ffmpeg.FilmSpec{Width: 160, Height: 90, FPS: 25, GOP: 25, Preset: "ultrafast", Threads: 1,
		Scenes: []ffmpeg.SceneSpec{{Duration: time.Second, Seed: 1}, {Duration: time.Second, Seed: 2}}}
	if err := ffmpeg.Encode(context.Background(), film, spec); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(film, 20<<30); err != nil {
		t.Skipf("no sparse files here: %v", err)
	}
	code, out, errs := reel(t, "thumbs", film, "--out", t.TempDir(), "--json")
	var got struct {
		Thumbs []struct{ Path string } `json:"thumbs"`
		Error  string                  `json:"error"`
	}
	if code != 1 || json.Unmarshal([]byte(out), &got) != nil || len(got.Thumbs) != 2 || !strings.Contains(got.Error, "incomplete after 0:00:0") ||
		!strings.Contains(errs, "incomplete after") {
		t.Errorf("thumbs of an incomplete film: exit %d, %s, %s", code, out, errs)
	}
	code, out, errs = reel(t, "scenes", film)
	if code != 1 || strings.Count(out, "\n") != 3 || !strings.Contains(errs, "incomplete after") { // a header and two scenes
		t.Errorf("scenes of an incomplete film: exit %d, %q, %s", code, out, errs)
	}
}

func TestUsageAndErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"probe"}, 2, "probe takes FILE"},
		{[]string{"probe", "a", "b"}, 2, "probe takes FILE"},
		{[]string{"probe", "--nope", "a"}, 2, "flag provided but not defined"},
		{[]string{"probe", "/does/not/exist.mkv"}, 1, "/does/not/exist.mkv"},
		{[]string{"help"}, 0, ""},
		{[]string{"version"}, 0, ""},
	}
	for _, tt := range tests {
		code, _, errs := reel(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.says) {
			t.Errorf("reel %q: exit %d, stderr %q; want exit %d saying %q", tt.args, code, errs, tt.code, tt.says)
		}
	}
}

func TestExportChapters(t *testing.T) {
	src, err := os.ReadFile(ffmpegtest.SharedMedia(t, "real/popeye-part3-hevc-vobsub.mkv"))
	if err != nil {
		t.Fatal(err)
	}
	film := filepath.Join(t.TempDir(), "Popeye.mkv")
	os.WriteFile(film, src, 0o644)
	// Per shot (--shots): the seven cuts of the clip.
	if code, out, errs := reel(t, "export-chapters", "--shots", film); code != 0 || !strings.Contains(out, "7 shots") {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	meta, _ := os.ReadFile(strings.TrimSuffix(film, ".mkv") + ".ffmetadata")
	if !strings.HasPrefix(string(meta), ";FFMETADATA1\n") || strings.Count(string(meta), "[CHAPTER]") != 7 ||
		!strings.Contains(string(meta), "START=3070\n") {
		t.Errorf("ffmetadata:\n%s", meta)
	}
	// Per narrative scene (the default): the shots of one short scene are one chapter.
	if code, out, errs := reel(t, "export-chapters", "--force", film); code != 0 || !strings.Contains(out, "1 scenes written") {
		t.Fatalf("exit %d %q %q", code, out, errs)
	}
	// Not overwritten without --force; an EDL on request.
	if code, _, errs := reel(t, "export-chapters", film); code != 2 || !strings.Contains(errs, "--force") {
		t.Errorf("second export: exit %d %q", code, errs)
	}
	if code, _, errs := reel(t, "export-chapters", "--edl", "--shots", film); code != 0 {
		t.Fatalf("edl: exit %d %q", code, errs)
	}
	edl, _ := os.ReadFile(strings.TrimSuffix(film, ".mkv") + ".edl")
	if lines := strings.Split(strings.TrimSpace(string(edl)), "\n"); len(lines) != 6 || lines[0] != "3.070\t3.070\t3" {
		t.Errorf("edl:\n%s", edl)
	}
}

// The window runs a forwarded command in its own folder: --data must reach it absolute.
func TestForWindow(t *testing.T) {
	for _, tt := range []struct {
		args []string
		data string
		want string
	}{
		{[]string{"search", "gun"}, "", "search gun"},
		{[]string{"--data", "d", "search", "gun"}, "/home/u/d", "--data /home/u/d search gun"},
		{[]string{"search", "--data=d", "gun", "--json"}, "/home/u/d", "--data /home/u/d search gun --json"},
		{[]string{"scan", "--", "--data"}, "/x", "--data /x scan -- --data"},
		{[]string{"-data", "d", "info", "f"}, "/abs/d", "--data /abs/d info f"},
	} {
		if got := strings.Join(forWindow(tt.args, tt.data), " "); got != tt.want {
			t.Errorf("forWindow(%q, %q) = %q, want %q", tt.args, tt.data, got, tt.want)
		}
	}
}

// reel subtitles lists the tracks and prints one's lines; a picture track's are read by OCR.
// The JSON keys are the documented ones.
func TestSubtitlesCommand(t *testing.T) {
	film := ffmpegtest.SharedMedia(t, "real/popeye-part3-hevc-vobsub.mkv")
	code, out, errs := reel(t, "subtitles", film, "--track", "1", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Tracks []map[string]any `json:"tracks"`
		Cues   []map[string]any `json:"cues"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Tracks) != 1 || got.Tracks[0]["kind"] != "picture" || got.Tracks[0]["language"] != "eng" || got.Tracks[0]["index"] != 1.0 {
		t.Errorf("tracks %v", got.Tracks)
	}
	for _, k := range []string{"index", "codec", "language", "kind", "forced"} {
		if _, ok := got.Tracks[0][k]; !ok {
			t.Errorf("track lacks %q", k)
		}
	}
	if len(got.Cues) != 15 || got.Cues[2]["text"] != "Oh! Oh! W-What happened?" || got.Cues[2]["start_s"].(float64) < 31 {
		t.Errorf("%d cues, third %v", len(got.Cues), got.Cues[min(2, len(got.Cues)-1)])
	}
	if code, _, errs := reel(t, "subtitles", film, "--track", "0"); code != 2 || !strings.Contains(errs, "not a subtitle track") {
		t.Errorf("--track of the video stream: exit %d, %q", code, errs)
	}
}

// `reel sentiment -` scores each line of standard input on its own, one JSON object a line,
// without a library (none is opened or made under --data).
func TestSentimentOfStandardInput(t *testing.T) {
	data := t.TempDir()
	in := "What a wonderful, moving film.\nThis was a dull, predictable mess.\nThe train leaves at noon.\n我非常喜欢这部电影。\n"
	var out, errb bytes.Buffer
	code := Run(context.Background(), []string{"sentiment", "-", "--data", data}, &out, &errb, Options{Stdin: strings.NewReader(in)})
	if code != 0 || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines out for 4 in: %q", len(lines), out.String())
	}
	want := []string{"positive", "negative", "neutral", "positive"}
	for i, l := range lines {
		var got struct {
			Compound      float64
			Label         string
			Pos, Neg, Neu float64
		}
		if err := json.Unmarshal([]byte(l), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		for _, k := range []string{`"compound":`, `"label":`, `"pos":`, `"neg":`, `"neu":`} {
			if !strings.Contains(l, k) {
				t.Errorf("line %d lacks %s: %s", i+1, k, l)
			}
		}
		if got.Label != want[i] || got.Pos+got.Neg+got.Neu < 0.99 || got.Pos+got.Neg+got.Neu > 1.01 {
			t.Errorf("line %d: %s, want %s and shares that sum to 1", i+1, l, want[i])
		}
	}
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("reading standard input made %d entries under --data", len(entries))
	}
}
