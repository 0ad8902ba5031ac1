package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/ollama"
	"github.com/reel-app/reel/index/store"
)

// fakeCompanion answers from fixed text, recording the positions it was asked at.
type fakeCompanion struct {
	mu      sync.Mutex
	ready   error
	askedAt []time.Duration
}

func (c *fakeCompanion) Text(context.Context, string) (assistant.FilmText, error) {
	return assistant.FilmText{Mood: "positive", Sentiment: 0.4, Keywords: nil, Scenes: []assistant.SceneText{
		{Start: 0, End: 30 * time.Second, Keywords: []string{"fox", "snow"}, Sentiment: 0.3, Lines: 2},
		{Start: 30 * time.Second, End: time.Minute, Keywords: []string{"cabin"}, Sentiment: -0.2, Lines: 1},
	}}, nil
}

// Seen is Text bounded by at, as the real one is.
func (c *fakeCompanion) Seen(ctx context.Context, id string, at time.Duration) (assistant.FilmText, error) {
	t, _ := c.Text(ctx, id)
	out := assistant.FilmText{Mood: t.Mood, Sentiment: t.Sentiment, At: at}
	for _, s := range t.Scenes {
		out.Starts = append(out.Starts, s.Start)
		if s.Start < at {
			s.End = min(s.End, at)
			out.Scenes = append(out.Scenes, s)
		}
	}
	return out, nil
}

func (c *fakeCompanion) Ready(context.Context) error { return c.ready }

func (c *fakeCompanion) Ask(_ context.Context, _ string, at time.Duration, q string, frame []byte, onToken func(string)) (string, error) {
	c.mu.Lock()
	c.askedAt = append(c.askedAt, at)
	c.mu.Unlock()
	parts := []string{"The fox ", "leads him ", "[00:00:12], ", "not [00:09:00]."}
	for _, p := range parts {
		onToken(p)
	}
	return strings.Join(parts, ""), nil
}

func (c *fakeCompanion) Recap(ctx context.Context, id string, at time.Duration, onToken func(string)) (string, error) {
	return c.Ask(ctx, id, at, "", nil, onToken)
}

func (c *fakeCompanion) MoreLike(context.Context, string, int) ([]assistant.Recommendation, error) {
	return []assistant.Recommendation{{Film: store.Film{Title: "Lamp", Year: 1954}, Reasons: []string{"shares themes: snow"}}}, nil
}

func (c *fakeCompanion) ForYou(context.Context, int) ([]assistant.Recommendation, error) {
	return []assistant.Recommendation{{Film: store.Film{ID: "fox", Title: "Fox itself"}}, {Film: store.Film{Title: "Vault"}, Reasons: []string{"same director as Fox (Di Lark), which you rated 5"}}}, nil
}

func (c *fakeCompanion) WriteNotes(_ context.Context, _ string, progress func(int, int)) error {
	progress(1, 2)
	progress(2, 2)
	return nil
}

// Note: scene 2 (index 1) has a stored note; others are written on request when ready.
func (c *fakeCompanion) Note(_ context.Context, _ string, i int, write bool) (store.SceneNote, bool, error) {
	if i == 1 {
		return store.SceneNote{Scene: 1, Summary: "Léon finds the cabin.", Mood: "hopeful"}, true, nil
	}
	if write {
		return store.SceneNote{Scene: i, Summary: "Written now."}, true, nil
	}
	return store.SceneNote{}, false, nil
}

func TestPanel(t *testing.T) {
	test.NewTempApp(t)
	fc := &fakeCompanion{}
	fw := &fakeWatching{dur: 10 * time.Minute}
	w := test.NewWindow(nil)
	defer w.Close()
	var s *WatchScreen
	ui(func() {
		s = NewWatchScreen(testJobs(t), fw, w, func() {})
		s.EnableCompanion(fc)
		w.SetContent(s.Content())
		s.Play(WatchRequest{FilmID: "fox", Path: "/films/fox.mkv", At: 40 * time.Second})
	})
	defer func() { ui(s.Stop); s.Wait() }()
	p := s.Panel()
	eventually(t, "the scene on screen", func() bool { return strings.Contains(p.scene.Text, "Scene 2, from 0:00:30") })
	// The scene before is over: its note (written by the model now) shows; the note of the
	// scene on screen, stored ahead, does not until it is over.
	eventually(t, "the note of the scene before, and the scene so far", func() bool {
		return strings.Contains(p.scene.Text, "The scene before (from 0:00:00):\nWritten now.") && strings.Contains(p.scene.Text, "Keywords: cabin")
	})
	var sceneText string
	ui(func() { sceneText = p.scene.Text })
	if !strings.Contains(sceneText, "Keywords: cabin") || !strings.Contains(sceneText, "negative") || strings.Contains(sceneText, "Léon finds the cabin.") {
		t.Errorf("scene tab: %q", sceneText)
	}
	// Paused, the playhead stays where the question is asked, however long the steps take.
	ui(func() { s.Engine().SetPaused(true) })
	eventually(t, "the pause", func() bool { return s.Engine().State().Paused })
	eventually(t, "the ask tab enabled", func() bool { return !p.askBtn.Disabled() })
	eventually(t, "the whole-film notes button", func() bool { return p.allNotes.Visible() })
	ui(func() { p.allNotes.OnTapped() })
	eventually(t, "the notes written", func() bool { return !p.allNotes.Disabled() && p.allNotes.Text == "Write notes for the whole film" })
	eventually(t, "suggestions", func() bool {
		return strings.Contains(p.ForYouText(), "For you, from what you watched and rated:\n\n• Vault\n  same director as Fox (Di Lark), which you rated 5") &&
			strings.Contains(p.ForYouText(), "• Lamp (1954)\n  shares themes: snow") && !strings.Contains(p.ForYouText(), "Fox itself")
	})
	ui(func() {
		p.question.SetText("Where does the fox go?")
		p.askBtn.OnTapped()
	})
	eventually(t, "the answer", func() bool { return strings.HasPrefix(p.Answer(), "The fox leads him") && len(p.cites.Objects) == 1 })
	fc.mu.Lock()
	at := fc.askedAt[0]
	fc.mu.Unlock()
	// The panel asks at the playhead it last saw (its 20 Hz tick): never past the real one, and
	// not before the start at 40 s. Both within a frame: the played-sample clock starts a
	// device latency behind the seek's target, which the screen may have seen first.
	if playhead := positionNow(s); at > playhead+frame || at < 40*time.Second-frame {
		t.Errorf("asked at %v, want at most the playhead (%v) and at least 40 s less a frame", at, playhead)
	}
	// The citation past the playhead is not offered; the one before it seeks.
	ui(func() { p.cites.Objects[0].(*widget.Button).OnTapped() })
	eventually(t, "the seek to the citation", func() bool {
		return (s.Engine().State().Position - 12*time.Second).Abs() < 500*time.Millisecond
	})
}

func TestPanelWithoutOllama(t *testing.T) {
	test.NewTempApp(t)
	fc := &fakeCompanion{ready: errors.New("Ollama is not running: start Ollama (`ollama serve`)")}
	w := test.NewWindow(nil)
	defer w.Close()
	var s *WatchScreen
	ui(func() {
		s = NewWatchScreen(testJobs(t), &fakeWatching{dur: time.Minute}, w, func() {})
		s.EnableCompanion(fc)
		w.SetContent(s.Content())
		s.Play(WatchRequest{FilmID: "fox", Path: "/films/fox.mkv", At: 20 * time.Second})
	})
	defer func() { ui(s.Stop); s.Wait() }()
	p := s.Panel()
	eventually(t, "the how-to", func() bool {
		return p.status.Visible() && strings.Contains(p.status.Text, "ollama serve") && strings.Contains(p.status.Text, "Without a model, Ask finds the lines you have seen")
	})
	var enabled bool
	ui(func() { enabled = !p.askBtn.Disabled() && !p.recapBtn.Disabled() })
	if !enabled {
		t.Error("Ask and Catch me up do not work without a model (they answer from the seen lines)")
	}
	eventually(t, "keywords without a model", func() bool { return strings.Contains(p.scene.Text, "fox, snow") })
}

// modelsCompanion also offers the models dialog.
type modelsCompanion struct {
	fakeCompanion
	saved []ModelChoice
}

func (m *modelsCompanion) Installed(context.Context) ([]ollama.Model, error) {
	return []ollama.Model{{Name: "llava", Capabilities: []string{"completion", "vision"}}, {Name: "nomic", Capabilities: []string{"embedding"}}}, nil
}
func (m *modelsCompanion) Choice() ModelChoice { return ModelChoice{Embed: "nomic"} }
func (m *modelsCompanion) SetChoice(c ModelChoice) error {
	m.saved = append(m.saved, c)
	return nil
}
func (m *modelsCompanion) Pull(context.Context, string, func(ollama.PullProgress)) error { return nil }

func TestPanelModelsButton(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	ui(func() {
		plain := newPanel(testJobs(t), &fakeCompanion{}, w, func(time.Duration) {}, func() time.Duration { return 0 })
		withModels := newPanel(testJobs(t), &modelsCompanion{}, w, func(time.Duration) {}, func() time.Duration { return 0 })
		if plain.modelsBtn.Visible() || !withModels.modelsBtn.Visible() {
			t.Errorf("models button: plain %v, with models %v", plain.modelsBtn.Visible(), withModels.modelsBtn.Visible())
		}
	})
}
