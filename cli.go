package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// globals are the flags every command accepts, before or after the command name.
type globals struct {
	data   string // --data DIR: keep all state under DIR
	ollama string // --ollama URL: the Ollama server (used by the assistant)
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.data, "data", "", "keep Reel's settings, data and caches under `DIR` (default: the XDG folders)")
	fs.StringVar(&g.ollama, "ollama", "", "Ollama server `URL` (default: $OLLAMA_HOST, else http://127.0.0.1:11434)")
}

// env is what a command runs with.
type env struct {
	stdout, stderr io.Writer
	g              globals
	startAt        time.Duration // `reel play FILM --at T`: where the window starts the film (-1: resume)
}

func (e *env) places() places { return placesFor(e.g.data) }

// command is one subcommand of the reel binary.
type command struct {
	name    string
	args    string // positional arguments, for the usage line
	summary string
	min     int // fewest positional arguments
	max     int // most, -1 for no limit
	flags   func(fs *flag.FlagSet)
	run     func(ctx context.Context, e *env, args []string) error
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

// run parses args and runs the command they name; with no command it starts the GUI.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name, rest := splitCommand(args)
	e := &env{stdout: stdout, stderr: stderr, startAt: -1}
	cmd, ok := commands()[name]
	switch {
	case name == "":
		cmd = guiCommand()
	case name == "help" || name == "-h" || name == "--help":
		printUsage(stdout)
		return 0
	case !ok:
		if st, err := os.Stat(name); err == nil && !st.IsDir() {
			// "reel film.mkv", as a file manager launches it: the GUI, with the film.
			cmd, rest = guiCommand(), append([]string{name}, rest...)
		} else {
			fmt.Fprintf(stderr, "reel: unknown command %q\n\n", name)
			printUsage(stderr)
			return 2
		}
	}
	fs := flag.NewFlagSet("reel "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.g.register(fs)
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	pos, err := parseInterspersed(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		commandUsage(stdout, cmd, fs)
		return 0
	}
	if err == nil && (len(pos) < cmd.min || cmd.max >= 0 && len(pos) > cmd.max) {
		err = usagef("%s takes %s", cmd.name, argsPhrase(cmd))
	}
	if err != nil {
		fmt.Fprintf(stderr, "reel %s: %v\n", cmd.name, err)
		commandUsage(stderr, cmd, fs)
		return 2
	}
	if err := cmd.run(ctx, e, pos); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", strings.TrimSpace("reel "+cmd.name), err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func argsPhrase(c command) string {
	if c.args == "" {
		return "no arguments"
	}
	return c.args
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
		fmt.Fprintf(w, "  %-9s %-30s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nFlags go before or after arguments; \"reel COMMAND --help\" lists a command's flags.")
}

func commandUsage(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "Usage: reel %s %s\n%s\n\nFlags:\n", c.name, c.args, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
