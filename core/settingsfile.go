package core

import (
	"slices"
	"sync"
)

// SettingsFile is settings.json as a running window shares it: read and changed from any
// goroutine, saved on every change (in the order the changes were made). Its Roots and SetRoots
// are the library folders; Changed says when they change.
type SettingsFile struct {
	places Places
	change chan struct{}

	mu sync.Mutex // guards st and orders the saves
	st Settings
}

// NewSettingsFile shares st, read from p's settings.json.
func NewSettingsFile(p Places, st Settings) *SettingsFile {
	st.Roots = slices.Clone(st.Roots)
	return &SettingsFile{places: p, st: st, change: make(chan struct{}, 1)}
}

// Places are the folders the settings belong to.
func (f *SettingsFile) Places() Places { return f.places }

// Get is a copy of the settings.
func (f *SettingsFile) Get() Settings {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.st
	s.Roots = slices.Clone(f.st.Roots)
	return s
}

// Update changes the settings with fn and saves them.
func (f *SettingsFile) Update(fn func(*Settings)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	roots := slices.Clone(f.st.Roots)
	fn(&f.st)
	if !slices.Equal(roots, f.st.Roots) {
		select {
		case f.change <- struct{}{}:
		default: // one pending signal says it all
		}
	}
	return SaveSettings(f.places, f.st)
}

// Roots are the library folders.
func (f *SettingsFile) Roots() []string { return f.Get().Roots }

// SetRoots sets and saves the library folders.
func (f *SettingsFile) SetRoots(roots []string) error {
	return f.Update(func(s *Settings) { s.Roots = slices.Clone(roots) })
}

// Changed receives when the library folders have changed since it last did.
func (f *SettingsFile) Changed() <-chan struct{} { return f.change }
