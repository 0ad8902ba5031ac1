package app

import (
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/playertest"
)

// fakeWatching plays generated films through the real engine, with the fake sound device.
type fakeWatching struct {
	mu      sync.Mutex
	dur     time.Duration
	openErr error
	resume  time.Duration
	saved   []time.Duration
	opened  []string
	shown   atomic.Int64 // the time of the last picture handed to the screen
	// subsGate, when set, holds Subtitles until it is closed.
	subsGate chan struct{}
	pictures []SubtitleTrack // the picture tracks PictureTracks hands over
}

func (w *fakeWatching) PictureTracks(ctx context.Context, _ string, ready func([]SubtitleTrack)) {
	if len(w.pictures) > 0 {
		ready(w.pictures)
	}
}

// fakePictures is a picture track of fixed cues, each a bar across the bottom tenth of the
// picture.
type fakePictures struct {
	cues   [][2]time.Duration
	forced []bool
}

func (f *fakePictures) CueAt(t time.Duration, forcedOnly bool) int {
	for i, c := range f.cues {
		if t >= c[0] && t < c[1] && (!forcedOnly || (i < len(f.forced) && f.forced[i])) {
			return i
		}
	}
	return -1
}

func (f *fakePictures) Draw(i, w, h int) (*image.RGBA, error) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, image.Rect(w/4, h*9/10, w*3/4, h*19/20), image.NewUniform(color.RGBA{R: 255, A: 255}), image.Point{}, draw.Src)
	return img, nil
}

// tappedSink notes the time of each picture before the screen gets it.
type tappedSink struct {
	player.VideoSink
	shown *atomic.Int64
}

func (t tappedSink) Show(f *player.Frame) {
	t.shown.Store(int64(f.PTS))
	t.VideoSink.Show(f)
}

func (w *fakeWatching) Open(_ context.Context, path string, sink player.VideoSink, opt player.Options) (*player.Engine, error) {
	w.mu.Lock()
	w.opened = append(w.opened, path)
	w.mu.Unlock()
	if w.openErr != nil {
		return nil, w.openErr
	}
	return player.New(&playertest.Media{Duration: w.dur, FPS: 25}, &playertest.Out{}, tappedSink{sink, &w.shown}, opt), nil
}

func (w *fakeWatching) Subtitles(ctx context.Context, _, _ string) []SubtitleTrack {
	if w.subsGate != nil {
		select { // the tracks take as long as the test says (a slow disk)
		case <-w.subsGate:
		case <-ctx.Done():
			return nil
		}
	}
	return []SubtitleTrack{{Label: "en · srt file", Cues: []subtitle.Cue{
		{Start: 9 * time.Second, End: 12 * time.Second, Text: "First line\nsecond row"},
		{Start: 20 * time.Second, End: 22 * time.Second, Text: "Later"},
	}}}
}

func (w *fakeWatching) Resume(string) time.Duration { return w.resume }

func (w *fakeWatching) SavePosition(_ string, pos, _ time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.saved = append(w.saved, pos)
	return nil
}

func startWatch(t *testing.T, fw *fakeWatching, req WatchRequest) (*WatchScreen, fyne.Window, *bool) {
	t.Helper()
	test.NewTempApp(t)
	back := false
	w := test.NewWindow(nil)
	var s *WatchScreen
	ui(func() {
		s = NewWatchScreen(testJobs(t), fw, w, func() { back = true })
		w.SetContent(s.Content())
		w.Resize(fyne.NewSize(800, 500))
		s.Play(req)
	})
	t.Cleanup(func() {
		ui(s.Stop)
		s.Wait()
		w.Close()
	})
	return s, w, &back
}

// position is the engine's playhead (inside ui: the screen swaps engines there).
func position(s *WatchScreen) time.Duration {
	if e := s.Engine(); e != nil {
		return e.State().Position
	}
	return -1
}

// positionNow is position read from the test goroutine.
func positionNow(s *WatchScreen) (p time.Duration) {
	ui(func() { p = position(s) })
	return p
}

// frame is the fake films' picture duration (25 fps): a seek lands on the picture at or before
// its target, and a relative seek starts from the picture on screen, so each seek may land up
// to one frame short.
const frame = 40 * time.Millisecond

func TestWatchScreenKeys(t *testing.T) {
	fw := &fakeWatching{dur: 10 * time.Minute, resume: 30 * time.Second}
	s, w, back := startWatch(t, fw, WatchRequest{FilmID: "a", Path: "/films/a.mkv", Title: "Alpha", At: -1})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	if p := positionNow(s); p < 30*time.Second-frame {
		t.Fatalf("resumed at %v, want 30s", p)
	}
	c := w.Canvas()
	key := func(name fyne.KeyName) { ui(func() { c.OnTypedKey()(&fyne.KeyEvent{Name: name}) }) }
	typ := func(r rune) { ui(func() { c.OnTypedRune()(r) }) }

	typ(' ')
	eventually(t, "pause", func() bool { return s.Engine().State().Paused })
	p0 := positionNow(s)
	// lands checks that n seeks took the playhead to want, each up to a frame short, and that
	// the last seek's picture is on screen (until it is, the playhead reads the seek's target,
	// and a frame step would show that picture rather than the one after it).
	lands := func(want time.Duration, n int) func() bool {
		return func() bool {
			p := position(s)
			return p <= want && p >= want-time.Duration(n)*frame && time.Duration(fw.shown.Load()) == p
		}
	}
	key(fyne.KeyRight)
	key(fyne.KeyRight)
	key(fyne.KeyUp)
	eventually(t, "seek +70s", lands(p0+70*time.Second, 3))
	key(fyne.KeyDown)
	eventually(t, "seek -60s", lands(p0+10*time.Second, 4))

	for range 2 {
		p1 := positionNow(s) // the picture on screen
		typ('.')             // frame step: the next picture, 40 ms on
		eventually(t, "a frame step", func() bool { return position(s) == p1+frame })
	}

	typ(']')
	eventually(t, "speed up", func() bool { return s.Engine().State().Speed > 1.09 })
	typ('9')
	typ('9')
	eventually(t, "volume down", func() bool { return s.Engine().State().Volume == 96 })
	typ('m')
	eventually(t, "mute", func() bool { return s.Engine().State().Muted })
	typ('p')
	eventually(t, "resume", func() bool { return !s.Engine().State().Paused })

	typ('q')
	eventually(t, "back to the library", func() bool { return *back })
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if len(fw.saved) == 0 || fw.saved[len(fw.saved)-1] < p0 {
		t.Errorf("position saved on leaving: %v", fw.saved)
	}
}

func TestWatchScreenSubtitles(t *testing.T) {
	fw := &fakeWatching{dur: time.Minute}
	s, w, _ := startWatch(t, fw, WatchRequest{Path: "/films/b.mkv", At: 10 * time.Second})
	eventually(t, "the first picture", func() bool { return s.View().Frame() != nil })
	// Paused inside the cue (9-12 s): it stays on screen however slowly the test gets there.
	ui(func() {
		s.Engine().SetPaused(true)
		s.Engine().Seek(10500*time.Millisecond, true)
	})
	eventually(t, "the first cue", func() bool { return s.Subtitle() == "First line\nsecond row" })
	ui(func() { w.Canvas().OnTypedRune()('j') }) // the only track → off
	eventually(t, "subtitles off", func() bool { return s.cueAt(10*time.Second) == "" })
}

func TestWatchScreenSaysWhyItCannotPlay(t *testing.T) {
	fw := &fakeWatching{openErr: errors.New("open: not a film FFmpeg can read")}
	s, _, _ := startWatch(t, fw, WatchRequest{Path: "/films/broken.mp4"})
	eventually(t, "a message", func() bool { return s.Message() != "" })
	if got := onUIValue(s.Message); got != "Reel cannot play this film: open: not a film FFmpeg can read" {
		t.Errorf("message %q", got)
	}
}

func TestNextStart(t *testing.T) {
	starts := []time.Duration{0, 10 * time.Second, 30 * time.Second}
	tests := []struct {
		pos    time.Duration
		dir    int
		want   time.Duration
		wantOK bool
	}{
		{5 * time.Second, 1, 10 * time.Second, true},
		{30 * time.Second, 1, 0, false},
		{31 * time.Second, -1, 10 * time.Second, true}, // just after a start: the one before
		{40 * time.Second, -1, 30 * time.Second, true},
		{time.Second, -1, 0, true},
	}
	for _, tt := range tests {
		got, ok := nextStart(starts, tt.pos, tt.dir)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("nextStart(%v, %d) = %v, %v; want %v, %v", tt.pos, tt.dir, got, ok, tt.want, tt.wantOK)
		}
	}
}

// A line of dialogue plays the film from that line; the film page's Play resumes.
func TestLibraryPlaysFilms(t *testing.T) {
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), films: []index.Film{{ID: "b", Title: "Bravo", Path: "/films/b.mkv"}}}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(s.Content())
	defer w.Close()
	defer s.Wait()
	defer s.Stop()
	loadAndWait(t, s)
	var got []WatchRequest
	ui(func() {
		s.OnPlay(func(r WatchRequest) { got = append(got, r) })
		s.OpenFilm("b", 61*time.Second)
	})
	eventually(t, "a play request", func() bool { return len(got) == 1 })
	if r := got[0]; r.Path != "/films/b.mkv" || r.At != 61*time.Second || len(r.Chapters) != 2 {
		t.Errorf("line request %+v", r)
	}
	ui(func() {
		s.OpenFilm("b", -1)
		s.page.playBtn.OnTapped()
	})
	if r := got[len(got)-1]; len(got) != 2 || r.At != -1 || r.FilmID != "b" {
		t.Errorf("play button request %+v", got)
	}
}

// Hovering the seek bar previews the scene under the pointer, over the picture.
func TestWatchScreenSeekPreview(t *testing.T) {
	fw := &fakeWatching{dur: 10 * time.Minute}
	scenes := []SceneThumb{{Start: 0, Thumb: "a.png"}, {Start: 4 * time.Minute, Thumb: "b.png"}}
	s, _, _ := startWatch(t, fw, WatchRequest{Path: "/films/c.mkv", Scenes: scenes})
	eventually(t, "the duration", func() bool { return s.state.Duration > 0 })
	ui(func() {
		w := s.seek.Size().Width
		s.seek.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(w/2, 5)}})
	})
	var shown, file string
	ui(func() { shown, file = s.PreviewShown(), s.prevImg.File })
	if shown == "" || file != "b.png" {
		t.Errorf("hovering mid-bar shows %q with %q, want about 0:05:00 with the second scene", shown, file)
	}
	ui(func() { s.seek.MouseOut() })
	ui(func() { shown = s.PreviewShown() })
	if shown != "" {
		t.Errorf("the preview stays after the pointer left: %q", shown)
	}
}
