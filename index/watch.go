package index

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// WatchOptions set up Watch.
type WatchOptions struct {
	Quiet    time.Duration // how long the folders must be still before onChange (default 2 s)
	Periodic time.Duration // a rescan this often whatever the watcher says (default 15 min)
	// Ready, when set, is called once every folder under the roots is watched: a change made
	// after it is seen.
	Ready func()
}

// Watch calls onChange when something changes under the roots (a film added, moved, removed
// or rewritten), once the folders have been quiet for a moment, and at least every Periodic.
// The watcher is a hint: file systems that do not report changes (network mounts) are caught
// by the periodic call. It returns when ctx ends.
func Watch(ctx context.Context, roots []string, opt WatchOptions, onChange func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", strings.Join(roots, ", "), err)
	}
	defer w.Close()
	for _, r := range roots {
		addTree(w, r)
	}
	if opt.Ready != nil {
		opt.Ready()
	}
	events := make(chan fileEvent)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(events)
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				fe := fileEvent{name: ev.Name}
				if ev.Has(fsnotify.Create) {
					if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
						fe.newDir = true
					}
				}
				select {
				case events <- fe:
				case <-ctx.Done():
					return
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				slog.Debug("watch", "err", err)
			case <-ctx.Done():
				return
			}
		}
	}()
	debounce(ctx, events, opt, func(dir string) { addTree(w, dir) }, onChange)
	<-done
	return nil
}

// fileEvent is what debounce hears of a change: the path, and whether it is a new folder.
type fileEvent struct {
	name   string
	newDir bool
}

// debounce turns file events into onChange calls: one once the folders have been quiet for
// opt.Quiet after a relevant event (a copy in progress restarts the wait), and one every
// opt.Periodic. A new folder is handed to watchDir. It returns when ctx ends or events closes.
func debounce(ctx context.Context, events <-chan fileEvent, opt WatchOptions, watchDir func(string), onChange func()) {
	if opt.Quiet <= 0 {
		opt.Quiet = 2 * time.Second
	}
	if opt.Periodic <= 0 {
		opt.Periodic = 15 * time.Minute
	}
	periodic := time.NewTicker(opt.Periodic)
	defer periodic.Stop()
	quiet := time.NewTimer(opt.Quiet)
	quiet.Stop()
	defer quiet.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if ev.newDir {
				watchDir(ev.name) // a new folder: watch inside it too
			}
			if relevant(ev.name) {
				quiet.Reset(opt.Quiet) // restart the wait: a copy may still be going on
			}
		case <-quiet.C:
			onChange()
		case <-periodic.C:
			onChange()
		}
	}
}

// relevant: films, their .nfo, subtitles and artwork, and folders (a moved folder of films).
func relevant(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") {
		return false
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".nfo", ".srt", ".vtt", ".ass", ".ssa", ".jpg", ".png":
		return true
	case "":
		return true // most likely a folder
	}
	return IsVideo(base)
}

func addTree(w *fsnotify.Watcher, root string) {
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return fs.SkipDir
		}
		if err := w.Add(p); err != nil {
			slog.Debug("watch", "dir", p, "err", err)
		}
		return nil
	})
}
