package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fsnotify/fsnotify"
)

// The debounce runs on the bubble's virtual clock: the calls it makes are exact.
func TestDebounce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		events := make(chan fileEvent)
		var calls []time.Duration
		var dirs []string
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			debounce(ctx, events, WatchOptions{Quiet: 2 * time.Second, Periodic: time.Hour},
				func(d string) { dirs = append(dirs, d) },
				func() { calls = append(calls, time.Since(start)) })
		}()
		send := func(name string, dir bool) { events <- fileEvent{name: name, newDir: dir} }
		// A copy in progress: writes a second apart are one change, 2 s after the last.
		for range 5 {
			send("/films/Old/Film.mkv", false)
			time.Sleep(time.Second)
		}
		time.Sleep(5 * time.Second)
		// Files Reel does not read, and hidden ones, are not a change.
		send("/films/Old/notes.txt", false)
		send("/films/Old/.Film.mkv.part", false)
		time.Sleep(5 * time.Second)
		// A new folder is watched, and is a change.
		send("/films/New", true)
		time.Sleep(5 * time.Second)
		// Nothing for an hour: the periodic call (the test wakes a second after it).
		time.Sleep(time.Hour - 19*time.Second)
		cancel()
		<-done
		want := []time.Duration{6 * time.Second, 17 * time.Second, time.Hour}
		if len(calls) != len(want) {
			t.Fatalf("calls at %v, want %v", calls, want)
		}
		for i := range want {
			if calls[i] != want[i] {
				t.Errorf("calls at %v, want %v", calls, want)
				break
			}
		}
		if len(dirs) != 1 || dirs[0] != "/films/New" {
			t.Errorf("new folders watched: %v", dirs)
		}
	})
}

func TestRelevant(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"/f/Film (2001).mkv", true},
		{"/f/Film (2001).MP4", true},
		{"/f/Film (2001).nfo", true},
		{"/f/Film (2001).en.srt", true},
		{"/f/poster.jpg", true},
		{"/f/New Folder", true},
		{"/f/notes.txt", false},
		{"/f/.Film.mkv.part", false},
		{"/f/.hidden", false},
		{"/f/Film.mkv.part", false},
	} {
		if got := relevant(tt.name); got != tt.want {
			t.Errorf("relevant(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The real watcher (inotify) sees a film written, and a folder made after it started.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "Old"), 0o755)
	changed := make(chan struct{}, 16)
	ready := make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		Watch(ctx, []string{root}, WatchOptions{Quiet: 50 * time.Millisecond, Periodic: time.Hour, Ready: func() { close(ready) }},
			func() { changed <- struct{}{} })
	}()
	defer func() { cancel(); wg.Wait() }()
	<-ready
	// waitCall waits for the next call; a minute without one is a watcher that saw nothing.
	waitCall := func(what string) {
		t.Helper()
		select {
		case <-changed:
		case <-time.After(time.Minute):
			t.Fatalf("%s: no change reported", what)
		}
	}
	os.WriteFile(filepath.Join(root, "Old", "Film.mkv"), []byte("x"), 0o644)
	waitCall("a film written")
	os.MkdirAll(filepath.Join(root, "New", "Deep"), 0o755)
	waitCall("a new folder")
}

// addTree watches every folder under a root but hidden ones (a new folder's tree is added the
// same way, from debounce's watchDir).
func TestAddTree(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"A/B", ".hidden/C", "D"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	addTree(w, root)
	got := w.WatchList()
	for i := range got {
		got[i], _ = filepath.Rel(root, got[i])
	}
	slices.Sort(got)
	if want := []string{".", "A", "A/B", "D"}; !slices.Equal(got, want) {
		t.Errorf("watched %v, want %v", got, want)
	}
}
