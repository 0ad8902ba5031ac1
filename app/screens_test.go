package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/store"
)

func filmRec(id, title string, year int) store.Film {
	return store.Film{ID: id, Title: title, Year: year}
}

// fakeVerdicts keeps verdicts in memory, as the store would, and notes each write.
type fakeVerdicts struct {
	mu     sync.Mutex
	v      map[string]Verdict
	writes []string
}

func (f *fakeVerdicts) change(id, what string, fn func(v *Verdict)) (Verdict, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.v == nil {
		f.v = map[string]Verdict{}
	}
	v := f.v[id]
	fn(&v)
	f.v[id] = v
	f.writes = append(f.writes, id+" "+what)
	return v, nil
}

func (f *fakeVerdicts) Rate(_ context.Context, id string, n int) (Verdict, error) {
	return f.change(id, "rate "+string(rune('0'+n)), func(v *Verdict) { v.Rating = n })
}

func (f *fakeVerdicts) Review(_ context.Context, id, text string) (Verdict, error) {
	return f.change(id, "review "+text, func(v *Verdict) {
		v.Review, v.ReviewMood = text, ""
		if text != "" {
			v.ReviewMood = "positive"
		}
	})
}

func (f *fakeVerdicts) MarkWatched(_ context.Context, id string, on bool) (Verdict, error) {
	return f.change(id, map[bool]string{true: "watched", false: "unwatched"}[on], func(v *Verdict) { v.Watched = on })
}

func (f *fakeVerdicts) log() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.writes, "; ")
}

func libraryAt(t *testing.T, size fyne.Size, films ...index.Film) (*LibraryScreen, fyne.Window, *fakeLibrary) {
	t.Helper()
	test.NewTempApp(t)
	lib := &fakeLibrary{dir: t.TempDir(), failFor: "c", films: films}
	s := NewLibraryScreen(testJobs(t), lib, nil)
	w := test.NewWindow(s.Content())
	t.Cleanup(w.Close)
	ui(func() { w.Resize(size) })
	loadAndWait(t, s)
	return s, w, lib
}

var threeFilms = []index.Film{
	{ID: "a", Title: "Alpha", Year: 1999, Genres: []string{"Drama"}},
	{ID: "b", Title: "Bravo", Year: 2005, Genres: []string{"Comedy"}, Played: 0.4},
	{ID: "c", Title: "Charlie", Year: 2020, Genres: []string{"Drama"}},
}

// The user's verdict, given on the film page: stars, watched, a review saved as it is typed
// (and at once when the page closes); the cards show it.
func TestFilmPageVerdict(t *testing.T) {
	s, w, _ := libraryAt(t, fyne.NewSize(1000, 700), threeFilms...)
	v := &fakeVerdicts{}
	ui(func() {
		s.EnableVerdicts(v)
		s.OnPlay(func(WatchRequest) {})
		s.OpenFilm("b", -1)
	})
	eventually(t, "Bravo's details", func() bool { return strings.Contains(s.page.details.Text, "12 lines") })
	ui(func() {
		if !s.page.verdictBox.Visible() || !s.page.startBtn.Visible() || s.page.playBtn.Text != "Resume" {
			t.Errorf("page: verdict shown %v, start %v, play %q", s.page.verdictBox.Visible(), s.page.startBtn.Visible(), s.page.playBtn.Text)
		}
		// Four stars, clicked where the fourth is drawn.
		st := s.page.stars
		if st.Size().Width == 0 { // the test window lays out what it shows when it is resized
			w.Resize(fyne.NewSize(1001, 700))
		}
		test.TapAt(st, fyne.NewPos(st.Size().Width*3.5/5, st.Size().Height/2))
		test.Tap(s.page.watched)
		test.Type(s.page.review, "Lovely.")
	})
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(v.log(), "b rate 4; b watched") {
		if time.Now().After(deadline) {
			t.Fatalf("the rating and the mark were not kept: %q", v.log())
		}
		time.Sleep(5 * time.Millisecond) // a poll interval
	}
	ui(s.closeFilm) // the review is saved now, not only after the pause
	eventually(t, "the review kept", func() bool { return strings.HasSuffix(v.log(), "b review Lovely.") })
	eventually(t, "Bravo's card", func() bool {
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			if c, ok := o.(*widgets.FilmCard); ok && c.Title() == "Bravo" {
				watched, rating := c.Verdict()
				return watched && rating == 4
			}
		}
		return false
	})
	// A second click on the fourth star takes the rating away.
	ui(func() {
		s.OpenFilm("b", -1)
		st := s.page.stars
		w.Resize(fyne.NewSize(1000, 700))
		test.TapAt(st, fyne.NewPos(st.Size().Width*3.5/5, st.Size().Height/2))
	})
	eventually(t, "the rating taken away", func() bool { return strings.Contains(v.log(), "b rate 0") })
	if got := strings.Count(v.log(), "review"); got != 1 {
		t.Errorf("the review was written %d times: %s", got, v.log())
	}
}

// Resume says where, and Play from the start starts at 0.
func TestResumeFrom(t *testing.T) {
	s, _, _ := libraryAt(t, fyne.NewSize(1000, 700), threeFilms...)
	var asked []time.Duration
	ui(func() {
		s.OnPlay(func(r WatchRequest) { asked = append(asked, r.At) })
		s.OpenFilm("b", -1)
	})
	eventually(t, "Bravo's details", func() bool { return strings.Contains(s.page.details.Text, "12 lines") })
	ui(func() {
		s.page.fill(Details{Film: threeFilms[1], Verdict: Verdict{Position: 41*time.Minute + 12*time.Second}})
	})
	ui(func() {
		if got := s.page.playBtn.Text; got != "Resume from 0:41:12" {
			t.Errorf("play button %q, want Resume from 0:41:12", got)
		}
		test.Tap(s.page.playBtn)
		test.Tap(s.page.startBtn)
	})
	if len(asked) != 2 || asked[0] >= 0 || asked[1] != 0 {
		t.Errorf("asked to play at %v, want resume (-1) then 0", asked)
	}
}

// A film without a poster never shows the poster of the film opened before it.
func TestFilmPageNoStalePoster(t *testing.T) {
	s, _, _ := libraryAt(t, fyne.NewSize(1000, 700), threeFilms...)
	ui(func() { s.OpenFilm("a", -1) })
	if p := onUIValue(s.page.PosterFile); p == "" {
		t.Fatal("Alpha's page has no poster")
	}
	ui(func() { s.closeFilm(); s.OpenFilm("c", -1) }) // Charlie's poster cannot be made
	if p := onUIValue(s.page.PosterFile); p != "" {
		t.Errorf("Charlie's page shows the poster %s", p)
	}
	if !onUIValue(func() bool { return s.page.placeholder.Visible() }) {
		t.Error("Charlie's page shows no placeholder")
	}
}

// The scenes on the strip are buttons: the pointer lights them, a click plays from there.
func TestSceneThumbsClick(t *testing.T) {
	s, _, _ := libraryAt(t, fyne.NewSize(1000, 700), threeFilms...)
	var at []time.Duration
	ui(func() {
		s.OnPlay(func(r WatchRequest) { at = append(at, r.At) })
		s.OpenFilm("b", -1)
	})
	eventually(t, "the scene strip", func() bool { return len(s.page.scenes.Objects) == 2 })
	ui(func() {
		th := s.page.scenes.Objects[1].(*widgets.Thumb)
		th.MouseIn(&desktop.MouseEvent{})
		if !th.Hovered() || th.Cursor() != desktop.PointerCursor {
			t.Error("the pointer over a scene does not light it")
		}
		test.Tap(th)
	})
	if len(at) != 1 || at[0] != 95*time.Second {
		t.Errorf("clicking the second scene played from %v, want 1:35", at)
	}
}

// The count follows the search and the filters; a search that finds only lines says so where
// the films would be.
func TestCountAndEmptyMessage(t *testing.T) {
	s, _, _ := libraryAt(t, fyne.NewSize(1000, 700), threeFilms...)
	count := func() string { return onUIValue(func() string { return s.count.Text }) }
	if got := count(); got != "3 films" {
		t.Errorf("count %q, want 3 films", got)
	}
	ui(func() { s.SetFilters("Drama", "", false) })
	if got := count(); got != "2 of 3 films" {
		t.Errorf("count with a genre %q, want 2 of 3 films", got)
	}
	ui(func() { s.SetFilters("", "2000s", false) })
	if got := count(); got != "1 of 3 films" {
		t.Errorf("count with a decade %q, want 1 of 3 films", got)
	}
	ui(func() { s.SetFilters("", "", false); s.SearchEntry().SetText("rabbit") })
	eventually(t, "the line found", func() bool { return len(s.Lines()) == 1 })
	ui(func() {
		if !s.empty.Visible() || !strings.Contains(s.empty.Text, "No film matches “rabbit”") {
			t.Errorf("empty message %q (shown %v)", s.empty.Text, s.empty.Visible())
		}
		if s.count.Text != "0 of 3 films" {
			t.Errorf("count %q, want 0 of 3 films", s.count.Text)
		}
	})
}

// Plural forms come from the translations: one film, two films.
func TestPlurals(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{1, "1 film"}, {2, "2 films"}, {0, "0 films"}} {
		if got := trn("%d films", c.n); got != c.want {
			t.Errorf("trn(%d films) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := trn("%[1]d of %[2]d films", 1, 1, 1); got != "1 of 1 film" {
		t.Errorf("1 of 1: %q", got)
	}
}

// The header fits every width from 800 up: the filters fold into their menu when they do not
// fit, and no part overlaps another; the grid is centred.
func TestLibraryLayoutFits(t *testing.T) {
	s, w, _ := libraryAt(t, fyne.NewSize(800, 500), threeFilms...)
	for _, c := range []struct {
		size   fyne.Size
		folded bool
	}{{fyne.NewSize(800, 500), false}, {fyne.NewSize(1280, 800), false}, {fyne.NewSize(2560, 1440), false}} {
		ui(func() { w.Resize(c.size) })
		uiMu.Lock()
		if got := s.FilterMenuShown(); c.size.Width > 1200 && got {
			t.Errorf("%v: the filters are folded into their menu in a wide window", c.size)
		}
		var boxes []struct {
			name     string
			pos, end fyne.Position
		}
		for _, o := range s.header.Objects {
			if !o.Visible() {
				continue
			}
			p := o.Position()
			boxes = append(boxes, struct {
				name     string
				pos, end fyne.Position
			}{fmtObj(o), p, p.Add(o.Size())})
			if p.X < 0 || p.X+o.Size().Width > s.header.Size().Width+0.5 {
				t.Errorf("%v: %s is outside the header (%v + %v, header %v)", c.size, fmtObj(o), p, o.Size(), s.header.Size())
			}
		}
		for i := range boxes {
			for j := i + 1; j < len(boxes); j++ {
				a, b := boxes[i], boxes[j]
				if a.pos.X < b.end.X-0.5 && b.pos.X < a.end.X-0.5 {
					t.Errorf("%v: %s (%v–%v) overlaps %s (%v–%v)", c.size, a.name, a.pos.X, a.end.X, b.name, b.pos.X, b.end.X)
				}
			}
		}
		// The grid stands centred: the room left of its columns and right of them are equal.
		g := s.grid
		cols := min(g.ColumnCount(), len(s.shown))
		used := float32(cols)*(g.MinSize().Width+theme.Padding()) - theme.Padding()
		left := g.Position().X
		right := s.gridBox.Size().Width - used - left
		if left < 0 || abs32(left-right) > 1 {
			t.Errorf("%v: the grid is not centred: %v left, %v right", c.size, left, right)
		}
		min := w.Canvas().Content().MinSize()
		uiMu.Unlock()
		if min.Width > 800 || min.Height > 500 {
			t.Errorf("%v: the library needs %v: the window would grow past 800×500", c.size, min)
		}
	}
	// A film page with a long path and no .nfo never needs more than the smallest window.
	long := index.Film{ID: "a", Title: "Alpha", Path: "/" + strings.Repeat("very-long-folder-name/", 20) + "film.mkv"}
	ui(func() {
		w.Resize(fyne.NewSize(800, 500))
		s.OpenFilm("a", -1)
		s.page.fill(Details{Film: long, Lines: 3})
	})
	if min := onUIValue(func() fyne.Size { return w.Canvas().Content().MinSize() }); min.Width > 800 || min.Height > 500 {
		t.Errorf("a film page with a long path needs %v", min)
	}
}

// The header folds its filters into their menu exactly when they do not fit.
func TestHeaderLayout(t *testing.T) {
	test.NewTempApp(t)
	box := func(w float32) fyne.CanvasObject {
		r := canvas.NewRectangle(color.Black)
		r.SetMinSize(fyne.NewSize(w, 30))
		return r
	}
	title, search, filters, btn, tools := box(150), box(10), box(400), box(90), box(140)
	c := container.New(&headerLayout{}, title, search, filters, btn, tools)
	pad := theme.Padding()
	inline := 150 + searchMin + 400 + 140 + 4*pad
	for _, tc := range []struct {
		width  float32
		folded bool
	}{{inline + 200, false}, {inline, false}, {inline - 1, true}, {c.MinSize().Width, true}} {
		c.Resize(fyne.NewSize(tc.width, 40))
		if got := !filters.Visible() && btn.Visible(); got != tc.folded {
			t.Errorf("width %v: folded %v, want %v", tc.width, got, tc.folded)
		}
		if r := search.Position().X + search.Size().Width; r > tools.Position().X-pad+0.5 && tc.folded {
			t.Errorf("width %v: the search box (to %v) runs under the buttons (from %v)", tc.width, r, tools.Position().X)
		}
		shown := btn
		if !tc.folded {
			shown = filters
		}
		if r := search.Position().X + search.Size().Width; r > shown.Position().X+0.5 {
			t.Errorf("width %v: the search box (to %v) runs under the filters (from %v)", tc.width, r, shown.Position().X)
		}
	}
	if got := c.MinSize().Width; got > 150+searchMin+90+140+4*pad+0.5 {
		t.Errorf("header minimum %v: more than the folded row", got)
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

func fmtObj(o fyne.CanvasObject) string {
	switch o := o.(type) {
	case *widget.Button:
		return "button " + o.Text
	case *searchEntry:
		return "search box"
	}
	return "a group"
}

// A folder can be typed: it must be a full path to a folder that exists.
func TestFolderPath(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "film.mkv")
	os.WriteFile(file, nil, 0o644)
	home, _ := os.UserHomeDir()
	for _, c := range []struct {
		in, want, err string
	}{
		{dir + "/", dir, ""},
		{"  " + dir + "  ", dir, ""},
		{"", "", "Type the path"},
		{"films", "", "not a full path"},
		{filepath.Join(dir, "missing"), "", "There is no folder"},
		{file, "", "is a file"},
		{"~", home, ""},
	} {
		got, err := folderPath(c.in)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && !strings.Contains(err.Error(), c.err)) {
			t.Errorf("folderPath(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.err)
		}
	}
}

// A suggestion's title opens the film's page.
func TestSuggestionsClick(t *testing.T) {
	test.NewTempApp(t)
	p := newPanel(testJobs(t), nil, nil, func(time.Duration) {}, func() time.Duration { return 0 })
	var opened []string
	p.openFilm = func(id string) { opened = append(opened, id) }
	recs := []assistant.Recommendation{{Film: filmRec("v1", "Vault", 1999), Why: []assistant.Reason{{Kind: assistant.SameGenres, Names: []string{"Heist"}}}}}
	ui(func() { p.setForYou([]suggestions{{title: "For you:", recs: recs}}) })
	var btn *widget.Button
	ui(func() {
		for _, o := range p.forYou.Objects {
			if b, ok := o.(*widget.Button); ok {
				btn = b
			}
		}
	})
	if btn == nil || btn.Text != "Vault (1999)" {
		t.Fatalf("no button for Vault: %v", btn)
	}
	ui(func() { test.Tap(btn) })
	if len(opened) != 1 || opened[0] != "v1" {
		t.Errorf("opened %v, want v1", opened)
	}
	if !strings.Contains(p.ForYouText(), "also Heist") {
		t.Errorf("For you says %q", p.ForYouText())
	}
	// With posters, each suggestion shows its own, and the poster opens the film too.
	p.posterOf = func(id string) string { return "/posters/" + id + ".jpg" }
	ui(func() { p.setForYou([]suggestions{{title: "For you:", recs: recs}}) })
	var thumb *widgets.Thumb
	ui(func() {
		for _, o := range test.LaidOutObjects(p.forYou) {
			if th, ok := o.(*widgets.Thumb); ok {
				thumb = th
			}
		}
	})
	if thumb == nil {
		t.Fatal("a suggestion without its poster")
	}
	ui(func() { test.Tap(thumb) })
	if len(opened) != 2 || opened[1] != "v1" {
		t.Errorf("the poster opened %v", opened)
	}
}

// The first subtitle track in the UI's language is shown first.
func TestPreferredTrack(t *testing.T) {
	tracks := []SubtitleTrack{{Label: "en", Language: "en"}, {Label: "zh", Language: "chi"}, {Label: "?"}}
	for _, c := range []struct {
		tracks []SubtitleTrack
		lang   string
		want   int
	}{
		{tracks, "zh", 1}, {tracks, "en", 0}, {tracks[2:], "zh", 0}, {nil, "en", -1},
		{[]SubtitleTrack{{Language: "fr"}, {Language: "zh-Hans"}}, "zh", 1},
	} {
		if got := preferredTrack(c.tracks, c.lang); got != c.want {
			t.Errorf("preferredTrack(%v, %s) = %d, want %d", c.tracks, c.lang, got, c.want)
		}
	}
}

// Subtitles wrap to the picture's width, at spaces or between Chinese characters.
func TestWrapLine(t *testing.T) {
	test.NewTempApp(t)
	style := fyne.TextStyle{Bold: true}
	long := "Three of them, all in their pajamas, and not one of them said a word to the concierge"
	lines := wrapLine(long, 300, 20, style)
	if len(lines) < 3 || strings.Join(lines, " ") != long {
		t.Errorf("wrapped into %q", lines)
	}
	for _, l := range lines {
		if w := fyne.MeasureText(l, 20, style).Width; w > 300 {
			t.Errorf("%q is %v wide, more than 300", l, w)
		}
	}
	zh := "我们三个人都穿着睡衣而且没有一个人对门房说过一句话"
	if lines := wrapLine(zh, 200, 20, style); len(lines) < 2 || strings.Join(lines, "") != zh {
		t.Errorf("Chinese wrapped into %q", lines)
	}
	if got := wrapLine("Short.", 300, 20, style); len(got) != 1 {
		t.Errorf("a short line wrapped into %q", got)
	}
}
