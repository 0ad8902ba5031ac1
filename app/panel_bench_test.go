package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/index/store"
)

// BenchmarkNoteAfterCut measures how long after the playhead crosses a cut the stored note of
// the new scene is on the Scene tab (goal ≤ 100 ms): the fake film cuts at 30 s, and scene 2's
// note is in the (fake) library.
func BenchmarkNoteAfterCut(b *testing.B) {
	test.NewTempApp(b)
	var worst time.Duration
	for i := 0; i < b.N; i++ {
		w := test.NewWindow(nil)
		var s *WatchScreen
		ui(func() {
			s = NewWatchScreen(testJobs(b), &fakeWatching{dur: 10 * time.Minute}, w, func() {})
			s.EnableCompanion(&fakeCompanion{})
			w.SetContent(s.Content())
			s.Play(WatchRequest{FilmID: "fox", Path: "/films/fox.mkv", At: 29500 * time.Millisecond})
		})
		var cut, shown time.Time
		deadline := time.Now().Add(5 * time.Second)
		for time.Now().Before(deadline) && shown.IsZero() {
			var pos time.Duration
			var text string
			ui(func() {
				if e := s.Engine(); e != nil {
					pos = e.State().Position
				}
				text = s.Panel().scene.Text
			})
			now := time.Now()
			if cut.IsZero() && pos >= 30*time.Second {
				cut = now
			}
			if !cut.IsZero() && strings.Contains(text, "Léon finds the cabin.") {
				shown = now
			}
			time.Sleep(2 * time.Millisecond)
		}
		ui(s.Stop)
		s.Wait()
		w.Close()
		if shown.IsZero() {
			b.Fatal("the note never showed")
		}
		worst = max(worst, shown.Sub(cut))
	}
	b.ReportMetric(float64(worst)/1e6, "worst-ms-after-cut")
}

// BenchmarkPanelTick measures the Scene tab's 20 Hz check while the playhead stays inside one
// scene: it should find nothing to do, and do nothing (no text built, no translation looked up).
func BenchmarkPanelTick(b *testing.B) {
	test.NewTempApp(b)
	w := test.NewWindow(nil)
	defer w.Close()
	p := newPanel(testJobs(b), &fakeCompanion{}, w, func(time.Duration) {}, func() time.Duration { return 40 * time.Second })
	p.text = assistant.FilmText{Scenes: []assistant.SceneText{{Start: 0}, {Start: 30 * time.Second}}}
	p.resetNotes()
	p.notes[0], p.notes[1] = store.SceneNote{Summary: "a"}, store.SceneNote{Summary: "b"}
	p.tick(40 * time.Second)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p.tick(40*time.Second + time.Duration(i%1000)*time.Millisecond)
	}
}
