package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// The library's keys. Tab and Shift+Tab move the focus through the buttons, the search box and
// the grid (arrows move in the grid, Space opens the film); besides that:
//
//	Ctrl+F or /   the search box
//	Ctrl+,        settings
//	Escape        back from a film page, or clear the search

var (
	searchKey   = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	settingsKey = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
)

// BindKeys puts the library's keys on the window's canvas (while the library is on screen).
func (s *LibraryScreen) BindKeys(c fyne.Canvas) {
	c.AddShortcut(searchKey, func(fyne.Shortcut) { s.FocusSearch(c) })
	c.AddShortcut(settingsKey, func(fyne.Shortcut) { s.ShowSettings() })
	c.SetOnTypedRune(func(r rune) {
		if r == '/' {
			s.FocusSearch(c)
		}
	})
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			s.Escape()
		}
	})
}

// UnbindKeys takes them off again (the watch screen has its own).
func (s *LibraryScreen) UnbindKeys(c fyne.Canvas) {
	c.RemoveShortcut(searchKey)
	c.RemoveShortcut(settingsKey)
	c.SetOnTypedRune(nil)
	c.SetOnTypedKey(nil)
}

// FocusSearch leaves a film page and puts the keyboard in the search box.
func (s *LibraryScreen) FocusSearch(c fyne.Canvas) {
	if s.page.filmID != "" {
		s.closeFilm()
	}
	c.Focus(s.search)
}

// Escape goes back from a film page, or clears the search.
func (s *LibraryScreen) Escape() {
	switch {
	case s.page.filmID != "":
		s.closeFilm()
	case s.search.Text != "":
		s.search.SetText("")
	}
}

// searchEntry is the search box: Escape clears it.
type searchEntry struct {
	widget.Entry
	onEscape func()
}

func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}
