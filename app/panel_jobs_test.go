package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/index/store"
)

// busyCompanion is a model that takes its time: a note or an answer is written only when the
// test says so, and each request notes whether it was cancelled.
type busyCompanion struct {
	fakeCompanion
	scenes int

	mu       sync.Mutex
	writes   []*request // note writes, in the order asked
	asks     []*request
	release  chan struct{} // closed: the writes in flight finish
	finished []int         // scenes whose note was written
}

type request struct {
	ctx   context.Context
	scene int
	q     string
	done  bool
}

func (r *request) cancelled() bool { return r.ctx.Err() != nil }

func (c *busyCompanion) Text(context.Context, string) (assistant.FilmText, error) {
	t := assistant.FilmText{}
	for i := range c.scenes {
		t.Scenes = append(t.Scenes, assistant.SceneText{Start: time.Duration(i) * 10 * time.Second, End: time.Duration(i+1) * 10 * time.Second})
		t.Starts = append(t.Starts, time.Duration(i)*10*time.Second)
	}
	return t, nil
}

func (c *busyCompanion) Seen(ctx context.Context, id string, at time.Duration) (assistant.FilmText, error) {
	t, err := c.Text(ctx, id)
	t.At = at
	return t, err
}

func (c *busyCompanion) Note(ctx context.Context, _ string, i int, write bool) (store.SceneNote, bool, error) {
	if !write {
		return store.SceneNote{}, false, nil // nothing stored yet
	}
	r := &request{ctx: ctx, scene: i}
	c.mu.Lock()
	c.writes = append(c.writes, r)
	release := c.release
	c.mu.Unlock()
	select {
	case <-ctx.Done():
	case <-release:
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	r.done = true
	if ctx.Err() != nil { // cancelled, also when the release came at the same moment
		return store.SceneNote{}, false, ctx.Err()
	}
	c.finished = append(c.finished, i)
	return store.SceneNote{Scene: i, Summary: "Written."}, true, nil
}

// WriteNotes works until it is cancelled (the viewer leaves the film first).
func (c *busyCompanion) WriteNotes(ctx context.Context, _ string, progress func(int, int)) error {
	progress(0, c.scenes)
	<-ctx.Done()
	return ctx.Err()
}

// live counts the writes under way that nobody cancelled: what the model is busy with.
func (c *busyCompanion) live() (n int, scenes []int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.writes {
		if !r.done && !r.cancelled() {
			n++
			scenes = append(scenes, r.scene)
		}
	}
	return n, scenes
}

func (c *busyCompanion) Ask(ctx context.Context, _ string, _ time.Duration, q string, _ []byte, onToken func(string)) (string, error) {
	r := &request{ctx: ctx, q: q}
	c.mu.Lock()
	c.asks = append(c.asks, r)
	c.mu.Unlock()
	if q == "first" {
		onToken("The first answer begins")
		<-ctx.Done() // it would go on for a long time
		onToken(" and goes on after it was cancelled")
		return "The first answer begins", ctx.Err()
	}
	onToken("The second ")
	onToken("answer.")
	return "The second answer.", nil
}

func openBusyPanel(t *testing.T, c *busyCompanion) (*panel, *time.Duration) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	t.Cleanup(w.Close)
	jobs := testJobs(t)
	playhead := new(time.Duration)
	var p *panel
	ui(func() {
		p = newPanel(jobs, c, w, func(time.Duration) {}, func() time.Duration { return *playhead })
		p.open("film")
	})
	t.Cleanup(func() { ui(p.close) })
	eventually(t, "the panel ready with its scenes", func() bool { return p.ready && len(p.text.Scenes) == c.scenes })
	return p, playhead
}

// Scrubbing across ten scenes leaves one note request at the model, for the scene the viewer
// stopped on: the ones for scenes left behind are cancelled, not queued.
func TestScrubbingWritesOneNote(t *testing.T) {
	c := &busyCompanion{scenes: 12, release: make(chan struct{})}
	p, playhead := openBusyPanel(t, c)
	for i := range 10 {
		ui(func() {
			*playhead = time.Duration(i)*10*time.Second + 5*time.Second
			p.tick(*playhead)
		})
		if n, scenes := c.live(); n > 1 {
			t.Fatalf("at scene %d the model is writing %d notes at once (scenes %v)", i, n, scenes)
		}
	}
	eventually(t, "the note of the scene stopped on being written", func() bool {
		n, scenes := c.live()
		return n == 1 && scenes[0] == 9
	})
	c.mu.Lock()
	asked := len(c.writes)
	c.mu.Unlock()
	if asked > 10 {
		t.Errorf("%d note requests for 10 scene changes", asked)
	}
	// The model finishes: the scene on screen gets its note, then the next one is written
	// ahead, then the one before (whose note the Scene tab shows now).
	close(c.release)
	eventually(t, "the notes of scenes 8, 9 and 10", func() bool {
		_, ok8 := p.notes[8]
		_, ok9 := p.notes[9]
		_, ok10 := p.notes[10]
		return ok8 && ok9 && ok10
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	if got := fmt.Sprint(c.finished); got != "[9 10 8]" {
		t.Errorf("notes written for scenes %v, want 9, 10, then 8", c.finished)
	}
}

// A question asked while an answer streams cancels that answer; what it still sends is dropped.
func TestSecondQuestionCancelsTheFirst(t *testing.T) {
	c := &busyCompanion{scenes: 2, release: make(chan struct{})}
	p, _ := openBusyPanel(t, c)
	ui(func() {
		p.question.SetText("first")
		p.ask(false)
	})
	eventually(t, "the first answer streaming", func() bool { return strings.HasPrefix(p.Answer(), "The first answer begins") })
	ui(func() {
		p.question.SetText("second")
		p.ask(false)
	})
	eventually(t, "the second answer", func() bool { return p.Answer() == "The second answer." && !p.askBtn.Disabled() })
	c.mu.Lock()
	first := c.asks[0]
	c.mu.Unlock()
	if !first.cancelled() {
		t.Error("the first question was not cancelled")
	}
	var shown string
	ui(func() { shown = p.Answer() })
	if strings.Contains(shown, "first") {
		t.Errorf("the first answer leaks into the second: %q", shown)
	}
}

// Leaving a film while its whole-film notes are being written does not stop the notes of the
// next film.
func TestNotesAfterLeavingWriteAll(t *testing.T) {
	c := &busyCompanion{scenes: 3, release: make(chan struct{})}
	p, playhead := openBusyPanel(t, c)
	ui(p.writeAll)
	eventually(t, "the whole film's notes being written", func() bool { return p.allNotes.Disabled() })
	ui(func() { p.open("another film") })
	eventually(t, "the next film ready", func() bool { return p.ready && len(p.text.Scenes) == 3 })
	ui(func() {
		*playhead = 5 * time.Second
		p.tick(*playhead)
	})
	eventually(t, "a note written for the next film's scene", func() bool {
		n, scenes := c.live()
		return n == 1 && scenes[0] == 0 && !p.allNotes.Disabled()
	})
}
