// Package earlyinit quiets Fyne's locale warning for a C locale with a codeset.
//
// Under LANG=C.UTF-8 (the usual locale of containers and servers), Fyne's lang package logs
// "Error parsing user locale C" while it initialises, before main runs, so every `reel` command
// would print it. Go initialises packages in import-path order once their imports are ready, and
// this module's path sorts before fyne.io: its init runs first and, in that case only, points
// the standard logger (which Fyne's LogError writes to) at nothing until main calls Restore. The
// environment is left as it is: the window's text input still gets the user's locale.
package earlyinit

import (
	"io"
	"log"
	"os"
	"strings"
)

var muted bool

func init() {
	if cLocaleWithCodeset() {
		log.SetOutput(io.Discard)
		muted = true
	}
}

// cLocaleWithCodeset reports whether the locale Fyne reads (the first of LC_ALL, LC_MESSAGES,
// LANG that is set) is C or POSIX with a codeset, such as C.UTF-8, which Fyne cannot parse.
func cLocaleWithCodeset() bool {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			name, codeset, ok := strings.Cut(l, ".")
			return ok && codeset != "" && (name == "C" || name == "POSIX")
		}
	}
	return false
}

// Restore points the standard logger back at standard error; main calls it first.
func Restore() {
	if muted {
		log.SetOutput(os.Stderr)
		muted = false
	}
}
