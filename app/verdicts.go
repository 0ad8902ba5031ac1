package app

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/index"
)

// EnableVerdicts lets the user rate, review and mark films watched: on the film page, and from
// each card's menu (a right click). v keeps them; the grid and the page show each change at once.
func (s *LibraryScreen) EnableVerdicts(v Verdicts) {
	s.verdicts = v
	s.page.verdictBox.Show()
	s.page.onRate = func(id string, stars int) {
		s.change(id, func(ctx context.Context) (Verdict, error) { return v.Rate(ctx, id, stars) })
	}
	s.page.onWatched = func(id string, on bool) {
		s.change(id, func(ctx context.Context) (Verdict, error) { return v.MarkWatched(ctx, id, on) })
	}
	s.page.onReview = s.queueReview
}

// change writes a verdict (in the order the user gave them) and shows what is stored after it.
func (s *LibraryScreen) change(id string, write func(ctx context.Context) (Verdict, error)) {
	s.writes.Do(func(ctx context.Context) {
		v, err := write(ctx)
		onUI(func() {
			if err != nil {
				slog.Error("verdict", "film", id, "err", err)
				s.status.SetText(tr("Could not keep your verdict: %v", err))
				return
			}
			s.applyVerdict(id, v)
		})
	})
}

// applyVerdict shows a film's verdict in the grid and on its page (on the Fyne goroutine).
func (s *LibraryScreen) applyVerdict(id string, v Verdict) {
	set := func(list []index.Film) {
		for i := range list {
			if list[i].ID == id {
				list[i].Watched, list[i].Rating = v.Watched, v.Rating
				if v.Watched && v.Position == 0 {
					list[i].Played = 0
				}
			}
		}
	}
	set(s.films)
	set(s.shown)
	set(s.found)
	if f, ok := s.byID[id]; ok {
		f.Watched, f.Rating = v.Watched, v.Rating
		s.byID[id] = f
	}
	s.grid.Refresh()
	if s.page.filmID == id {
		s.page.setVerdict(v, false)
		s.page.setPlay(v.Position > 0, v.Position)
	}
	if s.unwatched.Checked {
		s.applyFilters() // a film marked watched leaves the unwatched films
	}
}

// queueReview keeps the review being typed and saves it once typing pauses (on the Fyne
// goroutine).
func (s *LibraryScreen) queueReview(id, text string) {
	s.reviewMu.Lock()
	defer s.reviewMu.Unlock()
	s.review = &pendingReview{id: id, text: text}
	if s.reviewTimer != nil {
		s.reviewTimer.Stop()
	}
	s.reviewTimer = time.AfterFunc(reviewPause, func() { onUI(s.flushReview) })
}

// takeReview returns the review typed and not yet saved, if any, and forgets it.
func (s *LibraryScreen) takeReview() *pendingReview {
	s.reviewMu.Lock()
	defer s.reviewMu.Unlock()
	r := s.review
	s.review = nil
	if s.reviewTimer != nil {
		s.reviewTimer.Stop()
	}
	return r
}

// flushReview saves the review being typed now (the page closes, another film opens).
func (s *LibraryScreen) flushReview() {
	r := s.takeReview()
	if r == nil || s.verdicts == nil {
		return
	}
	v := s.verdicts
	s.change(r.id, func(ctx context.Context) (Verdict, error) { return v.Review(ctx, r.id, r.text) })
}

// saveReviewNow saves a review still being typed, on the caller's goroutine (at exit, when the
// window's jobs no longer run).
func (s *LibraryScreen) saveReviewNow() {
	r := s.takeReview()
	if r == nil || s.verdicts == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.verdicts.Review(ctx, r.id, r.text); err != nil {
		slog.Error("review", "film", r.id, "err", err)
	}
}

// cardMenu is a card's menu: play, the film page, watched, and the stars (on the Fyne
// goroutine).
func (s *LibraryScreen) cardMenu(id string, at fyne.Position) {
	f, ok := s.byID[id]
	if !ok {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(s.grid)
	if c == nil {
		return
	}
	var items []*fyne.MenuItem
	if s.onPlay != nil {
		label := tr("Play")
		if f.Played > 0.01 {
			label = tr("Resume")
		}
		items = append(items, fyne.NewMenuItem(label, func() { s.playFilm(f, -1) }))
		if f.Played > 0.01 {
			items = append(items, fyne.NewMenuItem(tr("Play from the start"), func() { s.playFilm(f, 0) }))
		}
	}
	items = append(items, fyne.NewMenuItem(tr("Open the film's page"), func() { s.OpenFilm(id, -1) }))
	if v := s.verdicts; v != nil {
		items = append(items, fyne.NewMenuItemSeparator())
		mark := fyne.NewMenuItem(tr("Mark watched"), func() {
			s.change(id, func(ctx context.Context) (Verdict, error) { return v.MarkWatched(ctx, id, true) })
		})
		if f.Watched {
			mark = fyne.NewMenuItem(tr("Mark unwatched"), func() {
				s.change(id, func(ctx context.Context) (Verdict, error) { return v.MarkWatched(ctx, id, false) })
			})
		}
		var stars []*fyne.MenuItem
		for n := 5; n >= 1; n-- {
			it := fyne.NewMenuItem(trn("%d stars", n), func() {
				s.change(id, func(ctx context.Context) (Verdict, error) { return v.Rate(ctx, id, n) })
			})
			it.Checked = f.Rating == n
			stars = append(stars, it)
		}
		none := fyne.NewMenuItem(tr("No rating"), func() {
			s.change(id, func(ctx context.Context) (Verdict, error) { return v.Rate(ctx, id, 0) })
		})
		none.Checked = f.Rating == 0
		stars = append(stars, fyne.NewMenuItemSeparator(), none)
		rate := fyne.NewMenuItem(tr("Rate"), nil)
		rate.ChildMenu = fyne.NewMenu("", stars...)
		items = append(items, mark, rate)
	}
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, at)
}
