package index

import (
	"context"
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
}

// Watch calls onChange when something changes under the roots (a film added, moved, removed
// or rewritten), once the folders have been quiet for a moment, and at least every Periodic.
// The watcher is a hint: file systems that do not report changes (network mounts) are caught
// by the periodic call. It returns when ctx ends.
func Watch(ctx context.Context, roots []string, opt WatchOptions, onChange func()) error {
	if opt.Quiet <= 0 {
		opt.Quiet = 2 * time.Second
	}
	if opt.Periodic <= 0 {
		opt.Periodic = 15 * time.Minute
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, r := range roots {
		addTree(w, r)
	}
	periodic := time.NewTicker(opt.Periodic)
	defer periodic.Stop()
	var quiet <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					addTree(w, ev.Name) // a new folder: watch inside it too
				}
			}
			if relevant(ev.Name) {
				quiet = time.After(opt.Quiet) // restart the wait: a copy may still be going on
			}
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			slog.Debug("watch", "err", err)
		case <-quiet:
			quiet = nil
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
