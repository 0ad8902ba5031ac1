// Package cli is Reel's command line: `reel COMMAND [arguments and flags]`, and `reel` or
// `reel FILM` for the window, which main hands in as Options.Window (this package imports no
// Fyne: layout_test.go checks it).
//
// Each file is one group of commands: media.go (probe, subtitles, thumbs, scenes, demo, export-chapters),
// library.go (scan, search, info, reindex), text.go (keywords, sentiment), assistant.go (ask,
// recap, notes, recommend), userdata.go (export, import), play.go (play); cli.go has the
// parser, version and help. A group is a function returning its []Command; commands() lists
// the groups. Every command that needs the library gets it from Env.Library.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/reel-app/reel/core"
)

// Options are what the process hands the command line.
type Options struct {
	// Window opens the library window on the films given (none, or one to play); nil in a
	// build without one.
	Window func(ctx context.Context, e *Env, files []string) error
	// Version is what `reel version` prints ("dev" if empty).
	Version string
	// Library, when set, is the library commands use instead of opening it: the window's,
	// for a command the window runs for a later process. Closing what it returns must leave
	// the window's library open.
	Library func(ctx context.Context) (*core.Library, error)
	// Dir is the folder relative paths are taken from ("" for this process's working folder).
	Dir string
	// Stdin is standard input (nil for this process's).
	Stdin io.Reader
}

// Env is what a command runs with: the output, the global flags, and the way to the library.
type Env struct {
	Stdin          io.Reader // `reel sentiment -` reads it
	Stdout, Stderr io.Writer
	Data           string        // --data DIR: keep all state under DIR ("" for the XDG folders)
	Ollama         string        // --ollama URL: the Ollama server (used by the assistant)
	StartAt        time.Duration // `reel play FILM --at T`: where the window starts the film (-1: resume)
	opts           Options
}

// registerGlobals adds the flags every command accepts, before or after the command name.
func (e *Env) registerGlobals(fs *flag.FlagSet) {
	fs.StringVar(&e.Data, "data", "", "keep Reel's settings, data and caches under `DIR` (default: the XDG folders)")
	fs.StringVar(&e.Ollama, "ollama", "", "Ollama server `URL` (default: $OLLAMA_HOST, else http://127.0.0.1:11434)")
}

// Places are Reel's folders for this run (--data DIR, else the XDG folders).
func (e *Env) Places() (core.Places, error) { return core.PlacesFor(e.Data) }

// Library opens the library (the store and its search index): every command that needs it
// gets it here, never by opening the store itself. The caller closes it.
func (e *Env) Library(ctx context.Context) (*core.Library, error) {
	if e.opts.Library != nil {
		return e.opts.Library(ctx)
	}
	p, err := e.Places()
	if err != nil {
		return nil, err
	}
	return core.OpenLibrary(ctx, p)
}

// abs is path made absolute against the folder the command was run in.
func (e *Env) abs(path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	if e.opts.Dir != "" {
		return filepath.Join(e.opts.Dir, path)
	}
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// served reports whether the command runs in the window, for another process.
func (e *Env) served() bool { return e.opts.Library != nil }

// window opens the window, when this build has one.
func (e *Env) window(ctx context.Context, files []string) error {
	if e.opts.Window == nil {
		return errors.New("this build of Reel has no window")
	}
	return e.opts.Window(ctx, e, files)
}

// Command is one subcommand of the reel binary.
type Command struct {
	Name    string
	Args    string // positional arguments, for the usage line
	Summary string
	Min     int                    // fewest positional arguments
	Max     int                    // most, -1 for no limit
	Flags   func(fs *flag.FlagSet) // the command's own flags; nil for none
	Run     func(ctx context.Context, e *Env, args []string) error
	// Library marks a command that uses the library: while a Reel window holds the data
	// folder, the window runs it (see runInWindow).
	Library bool
}

// commands are all the subcommands, by name.
func commands() map[string]Command {
	var list []Command
	for _, group := range [][]Command{
		mediaCommands(), analyzeCommands(), libraryCommands(), textCommands(), assistantCommands(),
		userDataCommands(), verdictCommands(), playCommands(), aboutCommands(),
	} {
		list = append(list, group...)
	}
	m := make(map[string]Command, len(list))
	for _, c := range list {
		m[c.Name] = c
	}
	return m
}

// aboutCommands are about Reel itself. `reel help` is the parser's, so that it can list them
// all.
func aboutCommands() []Command {
	return []Command{
		{Name: "version", Summary: "print Reel's version", Max: 0, Run: cmdVersion},
	}
}

func cmdVersion(_ context.Context, e *Env, _ []string) error {
	v := e.opts.Version
	if v == "" {
		v = "dev"
	}
	fmt.Fprintln(e.Stdout, "reel", v)
	return nil
}

// windowCommand is `reel [FILM]`: no command, or a film's path.
func windowCommand() Command {
	return Command{Name: "", Args: "[FILM]", Summary: "open the library window", Max: 1,
		Run: func(ctx context.Context, e *Env, files []string) error { return e.window(ctx, files) }}
}

// jsonFlag registers --json into *asJSON.
func jsonFlag(asJSON *bool) func(*flag.FlagSet) {
	return func(fs *flag.FlagSet) {
		fs.BoolVar(asJSON, "json", false, "print JSON (stable: fields are added, never renamed)")
	}
}

// errUsage marks an error in how reel was called; it exits with status 2.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }
func (u usageError) Is(target error) bool {
	return target == errUsage
}

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// globalValueFlags are the global flags that take a value, so the parser can step over the value
// while it looks for the command name.
var globalValueFlags = map[string]bool{"data": true, "ollama": true}

// splitCommand finds the command name: the first argument that is neither a flag nor the value of
// a global flag. It returns the name ("" for none) and the other arguments in order.
func splitCommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && globalValueFlags[name] {
				i++ // skip the value
			}
			continue
		}
		rest := append(append([]string{}, args[:i]...), args[i+1:]...)
		return a, rest
	}
	return "", args
}

// parseInterspersed parses flags anywhere among positional arguments: "reel probe FILE --json"
// and "reel probe --json FILE" mean the same. Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			tail = args[i+1:]
			args = args[:i]
			break
		}
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	return append(pos, tail...), nil
}

// Run parses args and runs the command they name; with no command, or a film's path, it opens
// the window. It returns the exit status: 0, 1 for a failed command, 2 for a wrong call.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, opts Options) int {
	name, rest := splitCommand(args)
	e := &Env{Stdin: opts.Stdin, Stdout: stdout, Stderr: stderr, StartAt: -1, opts: opts}
	if e.Stdin == nil {
		e.Stdin = os.Stdin
	}
	cmd, ok := commands()[name]
	switch {
	case name == "":
		cmd = windowCommand()
	case name == "help" || name == "-h" || name == "--help":
		printUsage(stdout)
		return 0
	case !ok:
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			// "reel film.mkv", as a file manager launches it: the window, with the film.
			cmd, rest = windowCommand(), append([]string{name}, rest...)
		} else {
			fmt.Fprintf(stderr, "reel: unknown command %q\n\n", name)
			printUsage(stderr)
			return 2
		}
	}
	fs := flag.NewFlagSet("reel "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.registerGlobals(fs)
	if cmd.Flags != nil {
		cmd.Flags(fs)
	}
	pos, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(stdout, cmd, fs)
		return 0
	}
	if err == nil && (len(pos) < cmd.Min || cmd.Max >= 0 && len(pos) > cmd.Max) {
		err = usagef("%s takes %s", cmd.Name, argsPhrase(cmd))
	}
	if err != nil {
		fmt.Fprintf(stderr, "reel %s: %v\n", cmd.Name, err)
		commandUsage(stderr, cmd, fs)
		return 2
	}
	if cmd.Library && !e.served() && !(len(pos) == 1 && pos[0] == "-") { // "-": standard input, read here
		if code, ok := runInWindow(ctx, e, args); ok {
			return code
		}
	}
	if err := cmd.Run(ctx, e, pos); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", strings.TrimSpace("reel "+cmd.Name), err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

// ChangesLibrary reports whether the command line adds to the library or changes what it holds
// (scan, import, and the verdicts: rate, review, watched): a window that ran it shows the
// library again.
func ChangesLibrary(args []string) bool {
	name, _ := splitCommand(args)
	switch name {
	case "scan", "import", "rate", "review", "watched":
		return true
	}
	return false
}

// runInWindow hands the command line to the Reel window that holds the data folder, if one
// does, and relays its output: the window has the library open, so the command works while
// it is (the library's database takes one process at a time). ok is false when no window
// listens: the command runs here.
func runInWindow(ctx context.Context, e *Env, args []string) (code int, ok bool) {
	p, err := e.Places()
	if err != nil {
		return 0, false
	}
	dir, err := os.Getwd()
	if err != nil {
		return 0, false
	}
	data := ""
	if e.Data != "" {
		data = e.abs(e.Data)
	}
	code, ok, err = core.RunInWindow(ctx, core.SocketPath(p), forWindow(args, data), dir, e.Stdout, e.Stderr)
	if ok && err != nil {
		fmt.Fprintf(e.Stderr, "reel: %v\n", err)
	}
	return code, ok
}

// forWindow is the command line as the window must read it: --data (DIR relative to this
// folder, not to the window's) replaced by data, the absolute folder, when it was given.
func forWindow(args []string, data string) []string {
	out := make([]string, 0, len(args)+2)
	if data != "" {
		out = append(out, "--data", data)
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		name, _, inline := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "data" {
			if !inline {
				i++ // its value
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

func argsPhrase(c Command) string {
	if c.Args == "" {
		return "no arguments"
	}
	return c.Args
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Reel is a private film companion. With no command it opens the library window.")
	fmt.Fprintln(w, "\nUsage: reel [--data DIR] [--ollama URL] [command] [arguments and flags]")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := cmds[n]
		fmt.Fprintf(w, "  %-9s %-30s %s\n", c.Name, c.Args, c.Summary)
	}
	fmt.Fprintln(w, "\nFlags go before or after arguments; \"reel COMMAND --help\" lists a command's flags.")
}

func commandUsage(w io.Writer, c Command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: reel %s %s\n%s\n\nFlags:\n", c.Name, c.Args, c.Summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
