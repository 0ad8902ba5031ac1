package app

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/index"
)

// LibraryScreen is the poster grid of the user's films with a search box over it, a list of
// matching lines of dialogue, a film page, and a status bar for the work going on behind it.
type LibraryScreen struct {
	lib     Library
	prepare Preparer

	// Owned by the Fyne goroutine.
	films      []index.Film // the whole library, by title
	byID       map[string]index.Film
	shown      []index.Film      // what the grid shows: everything, or the search's films
	lines      []Line            // the search's lines
	posters    map[string]string // film ID → poster file
	grid       *widget.GridWrap
	lineList   *widget.List
	linesBox   *fyne.Container
	search     *searchEntry
	count      *widget.Label
	empty      *widget.Label
	status     *widget.Label
	bar        *widget.ProgressBar
	problems   []index.Warning // what the last scan could not read, and why
	problemBtn *widget.Button
	library    fyne.CanvasObject
	page       *filmPage
	content    *fyne.Container
	linesSplit *container.Split

	genre     *widget.Select
	decade    *widget.Select
	unwatched *widget.Check
	filterBtn *widget.Button  // the filters, folded into a menu when the window is narrow
	gridBox   *fyne.Container // centres the grid
	header    *fyne.Container

	verdicts    Verdicts // nil: the library keeps no verdicts
	writes      *Serial  // the verdicts, written in the order the user gave them
	reviewMu    sync.Mutex
	review      *pendingReview // typed, not yet saved
	reviewTimer *time.Timer
	found       []index.Film // the search's films before the filters, nil without a search
	folders     Folders
	win         fyne.Window
	foldersBtn  *widget.Button
	privacyBtn  *widgets.TipButton
	requests    func() []egress.Request

	settingsBtn    *widgets.TipButton
	settings       Settings
	models         Models
	restart        func()
	settingsDialog dialog.Dialog
	prepared       bool       // the preparer has finished (guarded by mu)
	prepMu         sync.Mutex // one preparation at a time: a second waits for the cancelled first
	afterLoad      func()
	onPlay         func(WatchRequest)

	progress *coalescer[statusUpdate]
	// Posters made on the worker wait here until the next repaint takes them all at once.
	postersMu   sync.Mutex
	newPosters  map[string]string
	postersDone *coalescer[struct{}]
	mu          sync.Mutex
	cancel      context.CancelFunc
	jobs        *Jobs // the window's: every goroutine of the screen runs there
	stopped     bool
	searchMu    sync.Mutex
	searchN     int // generation: a result for an older query is dropped
	debounce    *time.Timer
}

// pendingReview is a review being typed: it is saved once typing pauses, or when the page
// closes.
type pendingReview struct{ id, text string }

// reviewPause is how long typing in the review box must pause before the review is saved.
const reviewPause = 700 * time.Millisecond

type statusUpdate struct {
	text string
	done float64 // 0–1, or -1 to hide the bar
}

// searchDelay is how long typing must pause before a search runs.
const searchDelay = 150 * time.Millisecond

// NewLibraryScreen builds the screen; its background work runs in jobs. Call Load to fill it.
func NewLibraryScreen(jobs *Jobs, lib Library, prepare Preparer) *LibraryScreen {
	s := &LibraryScreen{jobs: jobs, lib: lib, prepare: prepare, posters: map[string]string{}, byID: map[string]index.Film{}}
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.empty = widget.NewLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Wrapping = fyne.TextWrapOff // a centred label has no width to wrap in
	s.empty.Hide()
	s.status = widget.NewLabel("")
	s.bar = widget.NewProgressBar()
	s.bar.Hide()
	s.problemBtn = widget.NewButtonWithIcon("", theme.WarningIcon(), func() { s.ShowProblems() })
	s.problemBtn.Importance = widget.WarningImportance
	s.problemBtn.Hide()
	s.grid = widget.NewGridWrap(
		func() int { return len(s.shown) },
		func() fyne.CanvasObject { return widgets.NewFilmCard() },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if id >= len(s.shown) {
				return
			}
			f := s.shown[id]
			card := o.(*widgets.FilmCard)
			card.Set(f.Title, f.Year, s.posters[f.ID])
			card.SetPlayed(f.Played)
			card.SetVerdict(f.Watched, f.Rating)
			id2 := f.ID
			card.OnMenu = func(at fyne.Position) { s.cardMenu(id2, at) }
			card.OnTapped = func() { s.OpenFilm(id2, -1) }
		},
	)
	s.grid.OnSelected = func(id widget.GridWrapItemID) {
		s.grid.UnselectAll()
		if id < len(s.shown) {
			s.OpenFilm(s.shown[id].ID, -1)
		}
	}
	s.lineList = widget.NewList(
		func() int { return len(s.lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(s.lines) {
				l := s.lines[id]
				o.(*widget.Label).SetText(fmt.Sprintf("%s  ·  %s  ·  %s", clock(l.Start), l.Title, strings.ReplaceAll(l.Text, "\n", " ")))
			}
		},
	)
	s.lineList.OnSelected = func(id widget.ListItemID) {
		s.lineList.UnselectAll()
		if id < len(s.lines) {
			s.OpenFilm(s.lines[id].FilmID, s.lines[id].Start)
		}
	}
	linesTitle := widget.NewLabelWithStyle(tr("Lines of dialogue"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.linesBox = container.NewBorder(linesTitle, nil, nil, nil, s.lineList)
	s.linesBox.Hide()

	se := &searchEntry{Entry: widget.Entry{Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}, onEscape: func() { s.Escape() }}
	se.ExtendBaseWidget(se)
	s.search = se
	s.search.SetPlaceHolder(tr("Search titles, people, plots and dialogue") + "  (Ctrl+F)")
	s.search.OnChanged = s.queueSearch
	title := canvas.NewText(tr("Library"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextHeadingSize()
	title.TextStyle = fyne.TextStyle{Bold: true}
	s.genre = widget.NewSelect(nil, func(string) { s.applyFilters() })
	s.genre.PlaceHolder = allGenres()
	s.decade = widget.NewSelect(nil, func(string) { s.applyFilters() })
	s.decade.PlaceHolder = anyDecade()
	s.unwatched = widget.NewCheck(tr("Unwatched"), func(bool) { s.applyFilters() })
	s.foldersBtn = widget.NewButtonWithIcon(tr("Folders"), theme.FolderIcon(), nil)
	s.foldersBtn.Hide()
	s.privacyBtn = widgets.NewTipButton("", theme.VisibilityIcon(), tr("Network requests this session"), nil)
	s.privacyBtn.Hide()
	s.settingsBtn = widgets.NewTipButton("", theme.SettingsIcon(), tr("Settings (Ctrl+,)"), nil)
	s.settingsBtn.Hide()
	s.filterBtn = widget.NewButtonWithIcon(tr("Filters"), theme.ListIcon(), s.showFilterMenu)
	s.header = container.New(&headerLayout{}, container.NewHBox(title, s.count), s.search,
		container.NewHBox(s.genre, s.decade, s.unwatched), s.filterBtn,
		container.NewHBox(s.foldersBtn, s.privacyBtn, s.settingsBtn))
	header := s.header
	s.gridBox = container.New(&centredGrid{count: func() int { return len(s.shown) }}, s.grid)
	body := container.NewVSplit(container.NewStack(s.gridBox, container.NewCenter(s.empty)), s.linesBox)
	body.SetOffset(1)
	s.library = container.NewBorder(container.NewPadded(header), nil, nil, nil, body)
	s.page = newFilmPage(s.closeFilm)
	s.writes = NewSerial(jobs)
	s.page.content.Hide()
	s.content = container.NewStack(s.library, s.page.content)
	s.progress = newCoalescer(func(u statusUpdate) {
		s.status.SetText(u.text)
		if u.done < 0 {
			s.bar.Hide()
		} else {
			s.bar.SetValue(u.done)
			s.bar.Show()
		}
	})
	s.linesSplit = body
	s.newPosters = map[string]string{}
	s.postersDone = newCoalescer(func(struct{}) {
		s.postersMu.Lock()
		for id, p := range s.newPosters {
			s.posters[id] = p
		}
		clear(s.newPosters)
		s.postersMu.Unlock()
		s.grid.Refresh()
	})
	return s
}

// Content is the screen's root object: the library and the film page, with the status bar.
func (s *LibraryScreen) Content() fyne.CanvasObject {
	statusBar := container.NewBorder(nil, nil, s.problemBtn, container.NewGridWrap(fyne.NewSize(220, s.bar.MinSize().Height), s.bar), s.status)
	return container.NewBorder(nil, container.NewPadded(statusBar), nil, nil, s.content)
}

// setProblems shows what could not be read: a button in the status bar, "3 problems", that
// lists them (on the Fyne goroutine).
func (s *LibraryScreen) setProblems(warns []index.Warning) {
	s.problems = warns
	if len(warns) == 0 {
		s.problemBtn.Hide()
		return
	}
	s.problemBtn.SetText(trn("%d problems", len(warns)))
	s.problemBtn.Show()
}

// Problems returns what the status bar's problem list holds (call on the Fyne goroutine).
func (s *LibraryScreen) Problems() []index.Warning { return s.problems }

// ShowProblems opens the list of files that could not be read, each with what happened and,
// where there is one, what to do (call on the Fyne goroutine).
func (s *LibraryScreen) ShowProblems() {
	if s.win == nil || len(s.problems) == 0 {
		return
	}
	warns := s.problems
	// Each problem is its file and what happened, wrapped to the dialog's width. A library
	// with thousands shows the first few hundred; the copied list has them all.
	const shown = 300
	rows := container.NewVBox()
	for i, w := range warns {
		if i == shown {
			more := widget.NewLabel(tr("…and %d more (Copy the list has them all)", len(warns)-shown))
			more.Importance = widget.LowImportance
			rows.Add(more)
			break
		}
		if i > 0 {
			rows.Add(widget.NewSeparator())
		}
		name := widget.NewLabelWithStyle(problemName(w.Path), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		name.Truncation = fyne.TextTruncateEllipsis
		why := widget.NewLabel(w.Reason)
		why.Wrapping = fyne.TextWrapWord
		rows.Add(container.NewVBox(name, why))
	}
	list := container.NewVScroll(rows)
	copyAll := widget.NewButtonWithIcon(tr("Copy the list"), theme.ContentCopyIcon(), func() {
		var b strings.Builder
		for _, w := range warns {
			fmt.Fprintf(&b, "%s\n    %s\n", w.Path, w.Reason)
		}
		s.win.Clipboard().SetContent(b.String())
	})
	intro := widget.NewLabel(tr("These files were skipped or only partly read. The rest of the library is unaffected."))
	intro.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(tr("Problems in the library folders"), tr("Close"),
		container.NewBorder(intro, container.NewHBox(copyAll), nil, nil, list), s.win)
	size := s.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(size.Width*0.9, 820), min(size.Height*0.85, 620)))
	d.Show()
}

// problemName is how a problem's file is named in the list: its folder and name.
func problemName(path string) string {
	dir, name := filepath.Split(path)
	if parent := filepath.Base(filepath.Clean(dir)); parent != "." && parent != string(filepath.Separator) {
		return parent + string(filepath.Separator) + name
	}
	return name
}

// Poster is a film's poster file, "" while it is being made (call on the Fyne goroutine).
func (s *LibraryScreen) Poster(id string) string { return s.posters[id] }

// Shown returns the films the grid shows, in order (call on the Fyne goroutine).
func (s *LibraryScreen) Shown() []index.Film { return s.shown }

// Lines returns the dialogue lines shown (call on the Fyne goroutine).
func (s *LibraryScreen) Lines() []Line { return s.lines }

// Grid returns the poster grid (for tests).
func (s *LibraryScreen) Grid() *widget.GridWrap { return s.grid }

// SearchEntry returns the search box (for tests).
func (s *LibraryScreen) SearchEntry() *widget.Entry { return &s.search.Entry }

// Status returns the status bar text (call on the Fyne goroutine).
func (s *LibraryScreen) Status() string { return s.status.Text }

// Load prepares and lists the library, then makes the posters, on its own goroutine (one of the
// window's jobs); it returns at once. A second Load cancels the first. done, if not nil, is
// called when all is finished.
func (s *LibraryScreen) Load(done func()) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.jobs.Context())
	s.cancel = cancel
	// Until a preparation has finished, every load prepares: a refresh that cancels the first
	// load while it makes the demo library must not leave the library empty.
	prepare := !s.prepared
	s.mu.Unlock()
	s.jobs.GoWith(ctx, func(ctx context.Context) {
		s.load(ctx, prepare)
		if ctx.Err() == nil && s.afterLoad != nil {
			s.afterLoad()
		}
		if done != nil {
			done()
		}
	})
}

// AfterLoad sets what runs after every successful load (the background analysis). Call it
// before the first Load.
func (s *LibraryScreen) AfterLoad(fn func()) { s.afterLoad = fn }

// Activity shows background work in the status bar: a sentence and a fraction done, or -1 for
// no bar. It may be called from any goroutine.
func (s *LibraryScreen) Activity(text string, done float64) {
	s.progress.Set(statusUpdate{text, done})
}

// Wait returns when the window's work started so far has ended (after Stop, promptly).
func (s *LibraryScreen) Wait() { s.jobs.Wait() }

// Stop cancels the work Load started; later Loads do nothing. A review still being typed is
// saved first.
func (s *LibraryScreen) Stop() {
	s.saveReviewNow()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = true
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *LibraryScreen) load(ctx context.Context, prepare bool) {
	report := func(text string, done float64) { s.progress.Set(statusUpdate{text, done}) }
	if prepare && s.prepare != nil {
		s.prepMu.Lock()
		err := s.prepare(ctx, report)
		s.prepMu.Unlock()
		if err != nil {
			s.fail(ctx, tr("Could not prepare the library"), err)
			return
		}
	}
	s.mu.Lock()
	s.prepared = true
	s.mu.Unlock()
	report(tr("Looking for films…"), -1)
	films, warns, err := s.lib.Films(ctx, report)
	if err != nil {
		s.fail(ctx, tr("Could not read the library"), err)
		return
	}
	for _, w := range warns {
		slog.Warn("library", "path", w.Path, "reason", w.Reason)
	}
	onUI(func() {
		s.setProblems(warns)
		s.films = slices.Clone(films) // the screen's own: verdicts change it in place
		s.byID = make(map[string]index.Film, len(films))
		for _, f := range films {
			s.byID[f.ID] = f
		}
		s.setFilterOptions()
		if s.search.Text == "" {
			s.showAll()
		}
	})
	made := 0
	for i, f := range films {
		if ctx.Err() != nil {
			return
		}
		report(tr("Making posters: %s", f.Title), float64(i)/float64(len(films)))
		path, err := s.lib.PosterPath(ctx, f)
		if err != nil {
			slog.Warn("poster", "film", f.Path, "err", err)
			continue
		}
		made++
		s.postersMu.Lock()
		s.newPosters[f.ID] = path
		s.postersMu.Unlock()
		s.postersDone.Set(struct{}{})
	}
	report(trn("%d films", len(films)), -1)
	slog.Info("library shown", "films", len(films), "posters", made, "warnings", len(warns))
}

func (s *LibraryScreen) fail(ctx context.Context, what string, err error) {
	if ctx.Err() != nil {
		return // cancelled: nothing went wrong
	}
	slog.Error(what, "err", err)
	s.progress.Set(statusUpdate{fmt.Sprintf("%s: %v", what, err), -1})
}

// setFilterOptions offers the genres and decades the library has (on the Fyne goroutine).
func (s *LibraryScreen) setFilterOptions() {
	genres, decades := map[string]bool{}, map[int]bool{}
	for _, f := range s.films {
		for _, g := range f.Genres {
			genres[g] = true
		}
		if f.Year > 0 {
			decades[f.Year/10*10] = true
		}
	}
	gs := []string{allGenres()}
	for g := range genres {
		gs = append(gs, g)
	}
	sort.Strings(gs[1:])
	ds := []string{anyDecade()}
	var dl []int
	for d := range decades {
		dl = append(dl, d)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(dl)))
	for _, d := range dl {
		ds = append(ds, fmt.Sprintf("%ds", d))
	}
	s.genre.SetOptions(gs)
	s.decade.SetOptions(ds)
}

// SetFilters sets the filters as the user would (for tests and keyboard use).
func (s *LibraryScreen) SetFilters(genre, decade string, unwatched bool) {
	for _, sel := range []struct {
		w *widget.Select
		v string
	}{{s.genre, genre}, {s.decade, decade}} {
		if sel.v == "" {
			sel.w.ClearSelected()
		} else {
			sel.w.SetSelected(sel.v)
		}
	}
	s.unwatched.SetChecked(unwatched)
	s.applyFilters()
}

// visible says whether a film passes the filters.
func (s *LibraryScreen) visible(f index.Film) bool {
	if g := s.genre.Selected; g != "" && g != allGenres() {
		found := false
		for _, fg := range f.Genres {
			found = found || strings.EqualFold(fg, g)
		}
		if !found {
			return false
		}
	}
	if d := s.decade.Selected; d != "" && d != anyDecade() {
		var dec int
		fmt.Sscanf(d, "%ds", &dec)
		if f.Year/10*10 != dec {
			return false
		}
	}
	return !s.unwatched.Checked || !f.Watched
}

func (s *LibraryScreen) filtered(in []index.Film) []index.Film {
	out := make([]index.Film, 0, len(in))
	for _, f := range in {
		if s.visible(f) {
			out = append(out, f)
		}
	}
	return out
}

// applyFilters redraws the grid with the filters (on the Fyne goroutine).
func (s *LibraryScreen) applyFilters() {
	if s.found != nil {
		s.shown = s.filtered(s.found)
	} else {
		s.shown = s.filtered(s.films)
	}
	s.showCount()
	s.grid.Refresh()
}

// filtering says whether any filter is set.
func (s *LibraryScreen) filtering() int {
	n := 0
	for _, sel := range []*widget.Select{s.genre, s.decade} {
		if v := sel.Selected; v != "" && v != sel.PlaceHolder {
			n++
		}
	}
	if s.unwatched.Checked {
		n++
	}
	return n
}

// showCount says how many films the grid shows: "42 films", or "3 of 42 films" under a search
// or a filter; and tells the user, in the grid, when a search found lines but no film.
func (s *LibraryScreen) showCount() {
	filters := s.filtering()
	if s.found != nil || filters > 0 {
		s.count.SetText(trn("%[1]d of %[2]d films", len(s.films), len(s.shown), len(s.films)))
	} else {
		s.count.SetText(trn("%d films", len(s.films)))
	}
	if filters > 0 {
		s.filterBtn.SetText(tr("Filters (%d)", filters))
	} else {
		s.filterBtn.SetText(tr("Filters"))
	}
	switch {
	case len(s.films) == 0 && s.found == nil:
		s.empty.SetText(tr("No films found in your library folders."))
	case len(s.shown) > 0:
		s.empty.SetText("")
	case s.found != nil && len(s.lines) > 0:
		s.empty.SetText(tr("No film matches “%s”: the lines of dialogue that do are below.", strings.TrimSpace(s.search.Text)))
	case s.found != nil && len(s.found) > 0:
		s.empty.SetText(tr("No film matches “%s” with these filters.", strings.TrimSpace(s.search.Text)))
	case s.found != nil:
		s.empty.SetText(tr("Nothing matches “%s”.", strings.TrimSpace(s.search.Text)))
	default:
		s.empty.SetText(tr("No film matches these filters."))
	}
	s.empty.Hidden = s.empty.Text == ""
	s.empty.Refresh()
	s.gridBox.Refresh() // centred again for the number of films shown
}

// showFilterMenu offers the filters as a menu (the button that stands for them in a narrow
// window).
func (s *LibraryScreen) showFilterMenu() {
	pick := func(sel *widget.Select, title string) *fyne.MenuItem {
		var items []*fyne.MenuItem
		for _, o := range sel.Options {
			it := fyne.NewMenuItem(o, func() {
				if o == sel.PlaceHolder {
					sel.ClearSelected()
				} else {
					sel.SetSelected(o)
				}
			})
			it.Checked = o == sel.Selected || (sel.Selected == "" && o == sel.PlaceHolder)
			items = append(items, it)
		}
		m := fyne.NewMenuItem(title, nil)
		m.ChildMenu = fyne.NewMenu("", items...)
		return m
	}
	unwatched := fyne.NewMenuItem(tr("Unwatched"), func() { s.unwatched.SetChecked(!s.unwatched.Checked) })
	unwatched.Checked = s.unwatched.Checked
	clearAll := fyne.NewMenuItem(tr("Clear the filters"), func() { s.SetFilters("", "", false) })
	clearAll.Disabled = s.filtering() == 0
	m := fyne.NewMenu("", pick(s.genre, tr("Genre")), pick(s.decade, tr("Decade")), unwatched, fyne.NewMenuItemSeparator(), clearAll)
	c := fyne.CurrentApp().Driver().CanvasForObject(s.filterBtn)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.filterBtn)
	widget.ShowPopUpMenuAtPosition(m, c, pos.AddXY(0, s.filterBtn.Size().Height))
}

// FilterMenuShown says whether the filters are folded into their menu (for tests).
func (s *LibraryScreen) FilterMenuShown() bool { return s.filterBtn.Visible() }

// showAll shows the whole library, filtered (on the Fyne goroutine).
func (s *LibraryScreen) showAll() {
	s.found = nil
	s.shown = s.filtered(s.films)
	s.lines = nil
	s.linesBox.Hide()
	s.linesSplit.SetOffset(1)
	s.showCount()
	s.grid.Refresh()
	s.lineList.Refresh()
}

// queueSearch runs a search once typing pauses (on the Fyne goroutine).
func (s *LibraryScreen) queueSearch(text string) {
	s.searchMu.Lock()
	s.searchN++
	n := s.searchN
	if s.debounce != nil {
		s.debounce.Stop()
	}
	s.debounce = time.AfterFunc(searchDelay, func() {
		s.jobs.Go(func(ctx context.Context) { s.runSearch(ctx, n, text) })
	})
	s.searchMu.Unlock()
}

func (s *LibraryScreen) current(n int) bool {
	s.searchMu.Lock()
	defer s.searchMu.Unlock()
	return n == s.searchN
}

func (s *LibraryScreen) runSearch(ctx context.Context, n int, text string) {
	if strings.TrimSpace(text) == "" {
		onUI(func() {
			if s.current(n) {
				s.showAll()
			}
		})
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := s.lib.Search(ctx, text)
	onUI(func() {
		if !s.current(n) {
			return // the user has typed on
		}
		if err != nil {
			s.status.SetText(tr("Search failed: %v", err))
			return
		}
		s.found = []index.Film{}
		for _, id := range res.FilmIDs {
			if f, ok := s.byID[id]; ok {
				s.found = append(s.found, f)
			}
		}
		s.shown = s.filtered(s.found)
		s.lines = res.Lines
		s.showCount()
		if len(s.lines) > 0 {
			s.linesBox.Show()
			if len(s.shown) == 0 {
				s.linesSplit.SetOffset(0.15) // room for the message that no film matches
			} else {
				s.linesSplit.SetOffset(0.6)
			}
		} else {
			s.linesBox.Hide()
			s.linesSplit.SetOffset(1)
		}
		s.grid.Refresh()
		s.lineList.Refresh()
	})
}

// OpenFilm shows the film page (on the Fyne goroutine). at ≥ 0 is the moment a dialogue line
// asked for; the page says the film will play from there once the player is in.
func (s *LibraryScreen) OpenFilm(id string, at time.Duration) {
	f, ok := s.byID[id]
	if !ok {
		return
	}
	if at >= 0 && s.onPlay != nil {
		// A line of dialogue: straight to the film, from that line.
		s.playFilm(f, at)
		return
	}
	s.flushReview()
	s.page.show(f, s.posters[id], at)
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.grid); c != nil {
		c.Unfocus() // the grid is hidden: the page's keys (Escape, Tab) go to the window
	}
	s.library.Hide()
	s.page.content.Show()
	s.jobs.Go(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		d, err := s.lib.Details(ctx, id)
		onUI(func() {
			if s.page.filmID != id {
				return // another film was opened meanwhile
			}
			if err != nil {
				s.page.fail(err)
				return
			}
			s.page.fill(d)
		})
	})
}

// OnPlay makes the library play films: the film page gets a Play button, and scenes and lines
// of dialogue start the film where they are. fn runs on the Fyne goroutine.
func (s *LibraryScreen) OnPlay(fn func(WatchRequest)) {
	s.onPlay = fn
	s.page.play = func(at time.Duration) {
		if f, ok := s.byID[s.page.filmID]; ok {
			s.onPlay(WatchRequest{FilmID: f.ID, Path: f.Path, Title: f.Title, At: at, Scenes: s.page.shotList, Chapters: starts(s.page.sceneList)})
		}
	}
}

// playFilm asks for the film's scenes (for the seek bar's previews), then plays it from at.
func (s *LibraryScreen) playFilm(f index.Film, at time.Duration) {
	s.jobs.Go(func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		d, _ := s.lib.Details(ctx, f.ID)
		onUI(func() {
			s.onPlay(WatchRequest{FilmID: f.ID, Path: f.Path, Title: f.Title, At: at, Scenes: d.Shots, Chapters: starts(d.Scenes)})
		})
	})
}

func (s *LibraryScreen) closeFilm() {
	s.flushReview()
	s.page.content.Hide()
	s.page.filmID = ""
	s.library.Show()
}

func allGenres() string { return tr("All genres") }
func anyDecade() string { return tr("Any decade") }

// forgetPosters drops the posters shown, after the cache was cleared (on the Fyne goroutine).
func (s *LibraryScreen) forgetPosters() {
	clear(s.posters)
	s.grid.Refresh()
}

// clock formats a time in a film as H:MM:SS.
func clock(d time.Duration) string {
	sec := int(d.Seconds())
	return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
}

// starts are when scenes start.
func starts(scenes []SceneThumb) []time.Duration {
	out := make([]time.Duration, len(scenes))
	for i, s := range scenes {
		out[i] = s.Start
	}
	return out
}
