// Command reel is Reel, a private film companion: with no arguments it opens the library window;
// its subcommands (reel help, package cli) work without a display.
//
// Package main is the composition root: the process entry, and the window's wiring. main.go
// reads the settings, opens the library (package core), wires it into the UI and is the only
// file that imports Fyne's app package; library.go, companion.go, watching.go and
// preferences.go are the UI's views of core, the index and the assistant; display.go checks
// that a window can open.
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
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"aa.reel/earlyinit"
	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assets"
	"github.com/reel-app/reel/assistant/egress"
	"github.com/reel-app/reel/cli"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/demo"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// Reel's live heap is tens of MB (a scan of any size, 10,000 films listed): collect harder
	// near 160 MiB rather than let a scan's or a window's churn double it, unless the user set
	// GOMEMLIMIT. The window also collects at half the default growth (runGUI).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(160 << 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the reel command line, with the window for `reel` and `reel FILM`.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	earlyinit.Restore() // Fyne's locale warning at init is over: the log is the log again
	// A command says what it has to say itself: its log shows only warnings and errors (the
	// window logs more, to its log file too).
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: logLevel(slog.LevelWarn)})))
	return cli.Run(ctx, args, stdout, stderr, cli.Options{Window: runGUI, Version: version})
}

// logLevel is normal, or debug with REEL_DEBUG set.
func logLevel(normal slog.Level) slog.Level {
	if os.Getenv("REEL_DEBUG") != "" {
		return slog.LevelDebug
	}
	return normal
}

// errNoDisplay is returned when the window cannot open: GLFW would panic without a display.
var errNoDisplay = errors.New("no display: DISPLAY and WAYLAND_DISPLAY are not set. Reel's window needs a desktop session; " +
	"the subcommands work without one (reel help)")

// runGUI opens the window; a restart (a new language) closes everything, then Reel starts
// again in the same process with the same data folder.
func runGUI(ctx context.Context, e *cli.Env, files []string) error {
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
	if e.Data != "" {
		args = append(args, "--data", e.Data)
	}
	if e.Ollama != "" {
		args = append(args, "--ollama", e.Ollama)
	}
	os.Setenv("LANGUAGE", language)
	if language == "" {
		os.Unsetenv("LANGUAGE")
	}
	slog.Info("restarting", "args", args)
	return syscall.Exec(exe, args, os.Environ())
}

func runWindow(ctx context.Context, e *cli.Env, files []string) (restart bool, err error) {
	p, err := e.Places()
	if err != nil {
		return false, err
	}
	// One window per data folder: a second launch hands its films to the first and exits, and
	// the command line hands its library commands to the window, which runs them.
	handed := &handoffQueue{}
	served := newCommandServer()
	inst, sent, err := core.Claim(core.SocketPath(p), files, core.Handlers{Open: handed.open, Run: served.run})
	if err != nil {
		return false, err
	}
	if sent {
		fmt.Fprintln(e.Stdout, "Reel is already open: the film plays in its window.")
		return false, nil
	}
	defer inst.Close()
	defer served.close() // on an early return; the one after the library opens comes first
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
	// The window's log goes to the state folder too (rotated at 5 MB, three kept), so a user
	// who launched Reel from a menu can still find what happened.
	if lf, err := core.OpenLog(p.State, 5<<20, 3); err == nil {
		prev := slog.Default()
		slog.SetDefault(slog.New(slog.NewTextHandler(io.MultiWriter(e.Stderr, lf), &slog.HandlerOptions{Level: logLevel(slog.LevelInfo)})))
		defer func() {
			slog.SetDefault(prev)
			lf.Close()
		}()
	} else {
		slog.Warn("no log file", "err", err)
	}
	// The window churns through pictures (posters, frames): collect at half the default
	// growth, unless the user set GOGC (main sets the soft limit).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	st, err := core.LoadSettings(p)
	if err != nil {
		return false, err
	}
	if err := app.UseLanguage(st.Language); err != nil {
		slog.Warn("translations", "err", err)
	}
	settings := core.NewSettingsFile(p, st)
	var prepare app.Preparer
	if len(st.Roots) == 0 {
		// First run: the demo library, so there is something real to see.
		dir := filepath.Join(p.Data, "demo")
		prepare = func(ctx context.Context, report func(string, float64)) error {
			report(app.Tr("Making the demo library…"), 0)
			err := demo.Write(ctx, dir, core.DemoEncoder{}, func(pr demo.Progress) {
				report(app.Tr("Making the demo library: %s", pr.Film), float64(pr.Done)/float64(pr.Total))
			})
			if err != nil {
				return err
			}
			return settings.Update(func(s *core.Settings) {
				if len(s.Roots) == 0 { // the user may have added folders meanwhile
					s.Roots = []string{dir}
				}
			})
		}
	}

	// shelf is the open library (store and search index); lib, below, is its screen.
	shelf, err := core.OpenLibrary(ctx, p)
	if err != nil {
		return false, err
	}
	defer shelf.Close()
	db := shelf.Store
	// The commands the window runs for the command line end before the library closes.
	defer served.close()

	// Every background job of the window (scans, posters, analysis, the folder watcher,
	// searches, answers, notes, pulls) runs in jobs, which ends with the window; the library is
	// closed only after it has: nothing writes to a closed store or index.
	jobs := app.NewJobs(ctx)
	defer jobs.Stop()

	a := fyneapp.NewWithID("org.reel.Reel")
	a.SetIcon(assets.Icon)
	a.Settings().SetTheme(app.Theme())
	w := a.NewWindow("Reel")
	library := newLibrary(p, shelf, settings.Roots)
	watch := newWatching(db)
	library.analyzer.Yield = watch.Yield
	library.analyzer.Pictures = core.PictureText{Pause: watch.Yield} // a film's pictures are read between playbacks
	lib := app.NewLibraryScreen(jobs, library, prepare)
	// Each screen is shown with a tip layer over it, for the tips of its icon buttons.
	libRoot := widgets.WithTips(lib.Content())
	var screen *app.WatchScreen
	var watchRoot fyne.CanvasObject
	screen = app.NewWatchScreen(jobs, watch, w, func() {
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
	base := e.Ollama
	if base == "" {
		base = st.Ollama
	}
	choice := func() app.ModelChoice {
		s := settings.Get()
		return app.ModelChoice{Chat: s.ChatModel, Vision: s.VisionModel, Embed: s.EmbedModel, SendPlot: s.SendPlot, SendFrames: !s.NoFrames, Context: s.ContextLimit}
	}
	saveChoice := func(m app.ModelChoice) error {
		return settings.Update(func(s *core.Settings) {
			s.ChatModel, s.VisionModel, s.EmbedModel = m.Chat, m.Vision, m.Embed // what it may send is on Settings › Privacy
			s.ContextLimit = m.Context
		})
	}
	netlog := &egress.Log{} // every network request this session, for the privacy view
	comp := newCompanion(db, shelf.Index, base, netlog, choice, saveChoice)
	screen.EnableCompanion(comp)
	screen.PostersFrom(lib.Poster)
	screen.OnOpenFilm(func(id string) {
		w.SetContent(libRoot)
		lib.BindKeys(w.Canvas())
		lib.OpenFilm(id, -1)
	})
	lib.EnablePrivacy(netlog.Requests, w)
	lib.OnPlay(play)
	lib.EnableVerdicts(library)
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
	lib.AfterLoad(func() { jobs.Go(func(ctx context.Context) { library.Analyze(ctx, lib.Activity) }) })
	lib.EnableFolders(settings, w)
	prefs := &appSettings{SettingsFile: settings, lib: shelf}
	if e.Ollama == "" { // --ollama wins over the settings for this run
		prefs.hostChanged = comp.SetHost
	}
	lib.EnableSettings(prefs, comp, func() {
		restart = true
		a.Quit()
	}, w)
	served.open(shelf, lib.Refresh)
	w.SetContent(libRoot)
	lib.BindKeys(w.Canvas())
	w.Resize(windowSize(st.Window))
	w.SetOnClosed(func() {
		// The size is kept for the next start (not a full screen's). Fyne has no window
		// position to read or set: the window manager places the window.
		if w.FullScreen() {
			return
		}
		size := w.Canvas().Size()
		if size.Width >= minWindow.Width && size.Height >= minWindow.Height {
			if err := settings.Update(func(s *core.Settings) { s.Window = core.WindowSize{Width: size.Width, Height: size.Height} }); err != nil {
				slog.Warn("window size not kept", "err", err)
			}
		}
	})
	if len(files) > 0 {
		playFile(files[0], e.StartAt) // "reel film.mkv", as a file manager runs it
	}
	firstRun := prepare != nil
	var watchOnce sync.Once
	lib.Load(func() {
		if firstRun {
			fyne.Do(lib.Welcome)
		}
		// Once the first scan is done, rescan when the folders change on disk (and every
		// 15 minutes, for file systems that do not say).
		watchOnce.Do(func() { jobs.Go(func(ctx context.Context) { watchRoots(ctx, settings, lib.Refresh) }) })
	})
	var looping atomic.Bool
	looping.Store(true)
	jobs.Go(func(jctx context.Context) {
		<-jctx.Done() // Ctrl-C or SIGTERM (or the window closing)
		if looping.Load() {
			fyne.Do(a.Quit) // closes the window cleanly
		}
	})
	w.ShowAndRun()
	looping.Store(false)
	// The window's loop has ended; in this order: what jobs send to the UI is dropped (main is
	// the only one touching widgets now); no more hand-overs or commands, and the commands being
	// served are cancelled and waited for; the film stops and its position is saved; no new
	// load starts; every job is cancelled and waited for; then the deferred Closes of the
	// library.
	app.CloseUI()
	inst.Close()
	served.close()
	screen.Stop()
	screen.Wait()
	lib.Stop()
	jobs.Stop()
	return restart, nil
}

// watchRoots runs index.Watch over the current folders, restarting it when they change; it
// returns when ctx ends, after the watcher has.
func watchRoots(ctx context.Context, f *core.SettingsFile, refresh func()) {
	for {
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := index.Watch(wctx, f.Roots(), index.WatchOptions{}, func() {
				slog.Info("library folders changed: rescanning")
				refresh()
			}); err != nil {
				slog.Warn("the folders are not watched: changes are found every 15 minutes", "err", err)
			}
		}()
		select {
		case <-ctx.Done():
		case <-f.Changed():
		}
		cancel()
		<-done
		if ctx.Err() != nil {
			return
		}
	}
}

// minWindow is the smallest window every screen is laid out for.
var minWindow = fyne.NewSize(800, 500)

// windowSize is the window's first size: REEL_WINDOW_SIZE=WxH (for benchmarks that need a given
// video view), else the size it had when it last closed, else 1120×720.
func windowSize(last core.WindowSize) fyne.Size {
	if w, h, err := core.ParseSize(os.Getenv("REEL_WINDOW_SIZE")); err == nil {
		return fyne.NewSize(float32(w), float32(h))
	}
	if last.Width >= minWindow.Width && last.Height >= minWindow.Height {
		return fyne.NewSize(last.Width, last.Height)
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
