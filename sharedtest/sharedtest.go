// Package sharedtest finds the project's shared test material: ../shared/testdata beside the
// clone (real media, subtitles, .nfo samples, file names, the tiny model; see its SOURCES.md
// files). Reel's tests use it by relative path and never copy it into the repository.
//
// Without shared/ a test that needs it is skipped with the reason, unless CI is set: CI runs
// every test, so there the test fails at once and names the folder. With shared/ present, a
// file missing from it is a failure everywhere (the test asks for something that is not there).
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Missing is the reason given when ../shared/testdata is not found.
const Missing = "../shared/testdata not found (the shared test material lives in a shared/ folder beside the clone)"

// Root returns the shared testdata folder, found by walking up from the working directory (a
// package under test runs in its own folder), and whether it was found.
func Root() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "..", "shared", "testdata")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return filepath.Clean(p), true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Path returns the path of rel (slash-separated) inside the shared testdata folder. Without
// the folder it skips tb, or fails it when CI is set; a rel missing from the folder fails tb.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root, ok := Root()
	if !ok {
		absent(tb)
		return ""
	}
	p := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("shared test material %s is missing from %s: %v", rel, root, err)
	}
	return p
}

// absent ends tb for a test whose shared material is not there: a skip, or under CI a failure.
func absent(tb testing.TB) {
	tb.Helper()
	if InCI() {
		tb.Fatalf("CI is set and %s: CI needs every test to run", Missing)
	}
	tb.Skip(Missing)
}

// InCI reports whether the tests run under CI (the CI variable is set and not "false").
func InCI() bool {
	v := os.Getenv("CI")
	return v != "" && v != "false" && v != "0"
}

// Require is for a test whose precondition is not shared material (a test server built by the
// Makefile, say): it skips tb with why, or fails it under CI.
func Require(tb testing.TB, ok bool, why string) {
	tb.Helper()
	if ok {
		return
	}
	if InCI() {
		tb.Fatalf("CI is set and %s", why)
	}
	tb.Skip(why)
}
