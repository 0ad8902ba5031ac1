// Command reel is Reel, a private film companion: with no arguments it opens the library window;
// its subcommands (reel help) work without a display.
//
// main.go is the composition root: it reads the settings, wires player/ffmpeg into the index and
// the index into the UI, and is the only file that imports Fyne's app package.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assets"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/demo"
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func logLevel() slog.Level {
	if os.Getenv("REEL_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// errNoDisplay is returned when the window cannot open: GLFW would panic without a display.
var errNoDisplay = errors.New("no display: DISPLAY and WAYLAND_DISPLAY are not set. Reel's window needs a desktop session; " +
	"the subcommands work without one (reel help)")

func guiCommand() command {
	return command{name: "", args: "[FILM]", summary: "open the library window", max: 1, run: runGUI}
}

// runGUI opens the window; a restart (a new language) closes everything, then Reel starts
// again in the same process with the same data folder.
func runGUI(ctx context.Context, e *env, files []string) error {
	language := os.Getenv("LANGUAGE") // before Reel's own choice changes it
	restart, err := runWindow(ctx, e, files)
	if err != nil || !restart {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	args := []string{exe}
	if e.g.data != "" {
		args = append(args, "--data", e.g.data)
	}
	if e.g.ollama != "" {
		args = append(args, "--ollama", e.g.ollama)
	}
	os.Setenv("LANGUAGE", language)
	if language == "" {
		os.Unsetenv("LANGUAGE")
	}
	slog.Info("restarting", "args", args)
	return syscall.Exec(exe, args, os.Environ())
}

func runWindow(ctx context.Context, e *env, files []string) (restart bool, err error) {
	// One window per data folder: a second launch hands its films to the first and exits.
	handed := &handoffQueue{}
	inst, sent, err := claim(socketPath(e.places()), files, handed.open)
	if err != nil {
		return false, err
	}
	if sent {
		fmt.Fprintln(e.stdout, "Reel is already open: the film plays in its window.")
		return false, nil
	}
	defer inst.Close()
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return false, errNoDisplay
	}
	if err := checkDisplay(); err != nil {
		return false, err
	}
	defer func() {
		// The windowing library panics on what it cannot do (a display that goes away):
		// say what happened instead of a stack trace.
		if r := recover(); r != nil {
			err = fmt.Errorf("the window failed: %v", r)
		}
	}()
	p := e.places()
	// The window's log goes to the state folder too (rotated at 5 MB, three kept), so a user
	// who launched Reel from a menu can still find what happened.
	if lf, err := openLog(p.State, 5<<20, 3); err == nil {
		prev := slog.Default()
		slog.SetDefault(slog.New(slog.NewTextHandler(io.MultiWriter(e.stderr, lf), &slog.HandlerOptions{Level: logLevel()})))
		defer func() {
			slog.SetDefault(prev)
			lf.Close()
		}()
	} else {
		slog.Warn("no log file", "err", err)
	}
	st, err := loadSettings(p)
	if err != nil {
		return false, err
	}
	if err := app.UseLanguage(st.Language); err != nil {
		slog.Warn("translations", "err", err)
	}
	var (
		mu      sync.Mutex
		prepare app.Preparer
	)
	if len(st.Roots) == 0 {
		// First run: the demo library, so there is something real to see.
		dir := filepath.Join(p.Data, "demo")
		prepare = func(ctx context.Context, report func(string, float64)) error {
			report(app.Tr("Making the demo library…"), 0)
			err := demo.Write(ctx, dir, demoEncoder{}, func(pr demo.Progress) {
				report(app.Tr("Making the demo library: %s", pr.Film), float64(pr.Done)/float64(pr.Total))
			})
			if err != nil {
				return err
			}
			mu.Lock()
			if len(st.Roots) == 0 { // the user may have added folders meanwhile
				st.Roots = []string{dir}
			}
			s := st
			mu.Unlock()
			return saveSettings(p, s)
		}
	}
	roots := func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), st.Roots...)
	}

	db, idx, err := openLibrary(ctx, p)
	if err != nil {
		return false, err
	}
	defer db.Close()
	defer idx.Close()

	// Background work (scans, analysis, the watcher) ends with the window, and the library is
	// closed only after it has: nothing writes to a closed store or index.
	bgCtx, stopBackground := context.WithCancel(ctx)
	var background sync.WaitGroup
	inBackground := func(fn func()) {
		background.Add(1)
		go func() {
			defer background.Done()
			fn()
		}()
	}

	a := fyneapp.NewWithID("org.reel.Reel")
	a.SetIcon(assets.Icon)
	w := a.NewWindow("Reel")
	library := newLibrary(p, db, idx, roots)
	watch := newWatching(db)
	library.analyzer.Yield = watch.Yield
	lib := app.NewLibraryScreen(library, prepare)
	// Each screen is shown with a tip layer over it, for the tips of its icon buttons.
	libRoot := widgets.WithTips(lib.Content())
	var screen *app.WatchScreen
	var watchRoot fyne.CanvasObject
	screen = app.NewWatchScreen(watch, w, func() {
		w.SetContent(libRoot)
		lib.BindKeys(w.Canvas())
		lib.Refresh() // the grid shows what was watched
	})
	watchRoot = widgets.WithTips(screen.Content())
	play := func(req app.WatchRequest) {
		lib.UnbindKeys(w.Canvas())
		w.SetContent(watchRoot)
		screen.Play(req)
	}
	base := e.g.ollama
	if base == "" {
		base = st.Ollama
	}
	choice := func() app.ModelChoice {
		mu.Lock()
		defer mu.Unlock()
		return app.ModelChoice{Chat: st.ChatModel, Vision: st.VisionModel, Embed: st.EmbedModel, SendPlot: st.SendPlot, SendFrames: !st.NoFrames}
	}
	saveChoice := func(m app.ModelChoice) error {
		mu.Lock()
		st.ChatModel, st.VisionModel, st.EmbedModel = m.Chat, m.Vision, m.Embed // what it may send is on Settings › Privacy
		s := st
		mu.Unlock()
		return saveSettings(p, s)
	}
	netlog := &egress.Log{} // every network request this session, for the privacy view
	comp := newCompanion(db, idx, base, netlog, choice, saveChoice)
	screen.EnableCompanion(comp)
	lib.EnablePrivacy(netlog.Requests, w)
	lib.OnPlay(play)
	playFile := func(path string, at time.Duration) {
		req := app.WatchRequest{Path: path, Title: filepath.Base(path), At: max(0, at)}
		if abs, err := filepath.Abs(path); err == nil {
			req.Path = abs
		}
		if f, ok, _ := db.FilmByPath(req.Path); ok {
			req.FilmID, req.Title, req.At = f.ID, f.Title, at // at < 0: where the viewer stopped
		}
		play(req)
	}
	handed.ready(func(files []string) {
		fyne.Do(func() {
			w.RequestFocus()
			if len(files) > 0 {
				playFile(files[0], -1)
			}
		})
	})
	w.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) {
		for _, u := range uris {
			if u.Scheme() == "file" && index.IsVideo(u.Path()) {
				playFile(u.Path(), -1)
				return
			}
		}
	})
	// After every scan, find the scenes of the films that need it, in the background.
	lib.AfterLoad(func() { inBackground(func() { library.Analyze(bgCtx, lib.Activity) }) })
	folders := &settingsFolders{places: p, mu: &mu, st: &st}
	lib.EnableFolders(folders, w)
	prefs := &appSettings{settingsFolders: folders, db: db, idx: idx}
	if e.g.ollama == "" { // --ollama wins over the settings for this run
		prefs.hostChanged = comp.SetHost
	}
	lib.EnableSettings(prefs, comp, func() {
		restart = true
		a.Quit()
	}, w)
	w.SetContent(libRoot)
	lib.BindKeys(w.Canvas())
	w.Resize(windowSize())
	if len(files) > 0 {
		playFile(files[0], e.startAt) // "reel film.mkv", as a file manager runs it
	}
	firstRun := prepare != nil
	lib.Load(bgCtx, func() {
		if firstRun {
			fyne.Do(lib.Welcome)
		}
		// Once the first scan is done, rescan when the folders change on disk (and every
		// 15 minutes, for file systems that do not say).
		inBackground(func() { watchRoots(bgCtx, folders, lib.Refresh) })
	})
	go func() {
		<-ctx.Done() // Ctrl-C or SIGTERM closes the window cleanly
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
	screen.Stop() // saves where the viewer was
	screen.Wait()
	// In this order: no new work starts, the loads end (any analysis they started is
	// registered by then), then the background work ends; the deferred Closes follow.
	stopBackground()
	lib.Stop()
	lib.Wait()
	background.Wait()
	return restart, nil
}

// settingsFolders are the library folders in the settings file.
type settingsFolders struct {
	places places
	mu     *sync.Mutex
	st     *settings
	change chan struct{}
}

func (f *settingsFolders) Roots() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.st.Roots...)
}

func (f *settingsFolders) SetRoots(roots []string) error {
	f.mu.Lock()
	f.st.Roots = append([]string(nil), roots...)
	s := *f.st
	if f.change == nil {
		f.change = make(chan struct{}, 1)
	}
	ch := f.change
	f.mu.Unlock()
	select {
	case ch <- struct{}{}:
	default:
	}
	return saveSettings(f.places, s)
}

func (f *settingsFolders) changed() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.change == nil {
		f.change = make(chan struct{}, 1)
	}
	return f.change
}

// watchRoots runs index.Watch over the current folders, restarting it when they change.
func watchRoots(ctx context.Context, f *settingsFolders, refresh func()) {
	for {
		wctx, cancel := context.WithCancel(ctx)
		go index.Watch(wctx, f.Roots(), index.WatchOptions{}, func() {
			slog.Info("library folders changed: rescanning")
			refresh()
		})
		select {
		case <-ctx.Done():
			cancel()
			return
		case <-f.changed():
			cancel()
		}
	}
}

// windowSize is the window's first size: 1120×720, or REEL_WINDOW_SIZE=WxH (for benchmarks that
// need a given video view).
func windowSize() fyne.Size {
	if w, h, err := parseSize(os.Getenv("REEL_WINDOW_SIZE")); err == nil {
		return fyne.NewSize(float32(w), float32(h))
	}
	return fyne.NewSize(1120, 720)
}

// handoffQueue holds the films later launches hand over until the window can play them.
type handoffQueue struct {
	mu      sync.Mutex
	play    func([]string)
	pending [][]string
}

func (q *handoffQueue) open(files []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.play == nil {
		q.pending = append(q.pending, files)
		return
	}
	q.play(files)
}

func (q *handoffQueue) ready(play func([]string)) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.play = play
	for _, f := range q.pending {
		play(f)
	}
	q.pending = nil
}
