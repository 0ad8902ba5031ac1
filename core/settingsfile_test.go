package core

import (
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

func TestSettingsFile(t *testing.T) {
	p, err := PlacesFor(filepath.Join(t.TempDir(), "reel"))
	if err != nil {
		t.Fatal(err)
	}
	f := NewSettingsFile(p, Settings{Ollama: "http://a:1"})
	if err := f.Update(func(s *Settings) { s.ChatModel = "tiny" }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-f.Changed():
		t.Error("a model choice signalled a change of folders")
	default:
	}
	if err := f.SetRoots([]string{"/films"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-f.Changed():
	default:
		t.Error("new folders were not signalled")
	}
	// Concurrent changes all land, and the file holds the last state.
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.Update(func(s *Settings) { s.Roots = append(s.Roots, filepath.Join("/more", string(rune('a'+i)))) })
		}()
	}
	wg.Wait()
	got, err := LoadSettings(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Roots) != 21 || got.ChatModel != "tiny" || got.Ollama != "http://a:1" || !slices.Equal(got.Roots, f.Roots()) {
		t.Errorf("settings.json holds %+v, the window %+v", got, f.Get())
	}
	roots := f.Roots()
	roots[0] = "changed by the caller"
	if f.Roots()[0] != "/films" {
		t.Error("Roots shares its slice with the caller")
	}
}
