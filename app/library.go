package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// LibraryScreen is the poster grid of the user's films, with a status bar for the work going on
// behind it.
type LibraryScreen struct {
	lib     Library
	prepare Preparer

	// Owned by the Fyne goroutine.
	films   []index.Film
	posters map[string]string // film ID → poster file
	grid    *widget.GridWrap
	count   *widget.Label
	empty   *widget.Label
	status  *widget.Label
	bar     *widget.ProgressBar
	content fyne.CanvasObject

	progress *coalescer[statusUpdate]
	mu       sync.Mutex
	cancel   context.CancelFunc
}

type statusUpdate struct {
	text string
	done float64 // 0–1, or -1 to hide the bar
}

// NewLibraryScreen builds the screen. Call Load to fill it.
func NewLibraryScreen(lib Library, prepare Preparer) *LibraryScreen {
	s := &LibraryScreen{lib: lib, prepare: prepare, posters: map[string]string{}}
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.empty = widget.NewLabel("")
	s.empty.Alignment = fyne.TextAlignCenter
	s.empty.Wrapping = fyne.TextWrapWord
	s.empty.Hide()
	s.status = widget.NewLabel("")
	s.bar = widget.NewProgressBar()
	s.bar.Hide()
	s.grid = widget.NewGridWrap(
		func() int { return len(s.films) },
		func() fyne.CanvasObject { return widgets.NewFilmCard() },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) {
			if id >= len(s.films) {
				return
			}
			f := s.films[id]
			o.(*widgets.FilmCard).Set(f.Title, f.Year, s.posters[f.ID])
		},
	)
	title := canvas.NewText("Library", theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextHeadingSize()
	title.TextStyle = fyne.TextStyle{Bold: true}
	header := container.NewHBox(title, s.count)
	statusBar := container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(220, s.bar.MinSize().Height), s.bar), s.status)
	s.content = container.NewBorder(container.NewPadded(header), container.NewPadded(statusBar), nil, nil,
		container.NewStack(s.grid, container.NewCenter(s.empty)))
	s.progress = newCoalescer(func(u statusUpdate) {
		s.status.SetText(u.text)
		if u.done < 0 {
			s.bar.Hide()
		} else {
			s.bar.SetValue(u.done)
			s.bar.Show()
		}
	})
	return s
}

// Content is the screen's root object.
func (s *LibraryScreen) Content() fyne.CanvasObject { return s.content }

// Films returns the films shown, in order (call on the Fyne goroutine).
func (s *LibraryScreen) Films() []index.Film { return s.films }

// Grid returns the poster grid (for tests).
func (s *LibraryScreen) Grid() *widget.GridWrap { return s.grid }

// Status returns the status bar text (call on the Fyne goroutine).
func (s *LibraryScreen) Status() string { return s.status.Text }

// Load prepares and lists the library, then makes the posters, on its own goroutine; it returns
// at once. A second Load cancels the first. done, if not nil, is called when all is finished.
func (s *LibraryScreen) Load(ctx context.Context, done func()) {
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	ctx, s.cancel = context.WithCancel(ctx)
	s.mu.Unlock()
	go func() {
		s.load(ctx)
		if done != nil {
			done()
		}
	}()
}

// Stop cancels the work Load started.
func (s *LibraryScreen) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
	}
}

func (s *LibraryScreen) load(ctx context.Context) {
	if s.prepare != nil {
		err := s.prepare(ctx, func(text string, done float64) { s.progress.Set(statusUpdate{text, done}) })
		if err != nil {
			s.fail(ctx, "Could not prepare the library", err)
			return
		}
	}
	s.progress.Set(statusUpdate{"Looking for films…", -1})
	films, warns, err := s.lib.Films(ctx)
	if err != nil {
		s.fail(ctx, "Could not list the library", err)
		return
	}
	for _, w := range warns {
		slog.Warn("library", "path", w.Path, "reason", w.Reason)
	}
	onUI(func() {
		s.films = films
		s.count.SetText(fmt.Sprintf("%d films", len(films)))
		if len(films) == 0 {
			s.empty.SetText("No films found in your library folders.")
			s.empty.Show()
		} else {
			s.empty.Hide()
		}
		s.grid.Refresh()
	})
	made := 0
	for i, f := range films {
		if ctx.Err() != nil {
			return
		}
		s.progress.Set(statusUpdate{fmt.Sprintf("Making posters: %s", f.Title), float64(i) / float64(len(films))})
		path, err := s.lib.PosterPath(ctx, f)
		if err != nil {
			slog.Warn("poster", "film", f.Path, "err", err)
			continue
		}
		made++
		onUI(func() {
			s.posters[f.ID] = path
			s.grid.RefreshItem(i)
		})
	}
	summary := fmt.Sprintf("%d films", len(films))
	switch n := len(warns); {
	case n == 1:
		summary += " · 1 file could not be read (see the log)"
	case n > 1:
		summary += fmt.Sprintf(" · %d files could not be read (see the log)", n)
	}
	s.progress.Set(statusUpdate{summary, -1})
	slog.Info("library shown", "films", len(films), "posters", made, "warnings", len(warns))
}

func (s *LibraryScreen) fail(ctx context.Context, what string, err error) {
	if ctx.Err() != nil {
		return // cancelled: nothing went wrong
	}
	slog.Error(what, "err", err)
	s.progress.Set(statusUpdate{fmt.Sprintf("%s: %v", what, err), -1})
}
