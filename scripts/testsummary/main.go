// Command testsummary reads `go test -json` on standard input and prints what a person needs:
// a line per package (ok, FAIL, no test files), the whole output of every test that failed (and
// of a package that failed outside its tests: a panic, a race report, a build error), then how
// many tests were skipped and why, grouped by reason, and a closing line
// "N passed, N failed, N skipped". It exits 1 when anything failed.
//
// Usage: go test -json ./... | go run ./scripts/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// event is one line of test2json's output (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output and build-fail
	Test       string
	Elapsed    float64
	Output     string
}

type key struct{ pkg, test string }

type summary struct {
	out                     io.Writer
	output                  map[key][]string
	passed, failed, skipped int
	failedPkgs              int
	reasons                 map[string][]string // reason → the tests skipped for it
}

func main() {
	s := &summary{out: os.Stdout, output: map[key][]string{}, reasons: map[string][]string{}}
	if err := s.read(os.Stdin); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(2)
	}
	if s.finish() {
		os.Exit(1)
	}
}

func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var ev event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &ev) != nil {
			fmt.Fprintln(s.out, string(line)) // not an event: go's own messages
			continue
		}
		s.add(ev)
	}
	return sc.Err()
}

func (s *summary) add(ev event) {
	k := key{ev.Package, ev.Test}
	switch ev.Action {
	case "build-output":
		fmt.Fprint(s.out, ev.Output)
	case "build-fail":
		s.failedPkgs++
	case "output":
		s.output[k] = append(s.output[k], ev.Output)
	case "pass":
		if ev.Test == "" {
			fmt.Fprintf(s.out, "ok  \t%s\t%.3fs\n", ev.Package, ev.Elapsed)
		} else {
			s.passed++
		}
		delete(s.output, k)
	case "skip":
		if ev.Test == "" {
			fmt.Fprintf(s.out, "?   \t%s\t[no test files]\n", ev.Package)
		} else {
			s.skipped++
			r := skipReason(s.output[k])
			s.reasons[r] = append(s.reasons[r], shortPkg(ev.Package)+"."+ev.Test)
		}
		delete(s.output, k)
	case "fail":
		for _, l := range s.output[k] {
			fmt.Fprint(s.out, l)
		}
		delete(s.output, k)
		if ev.Test == "" {
			s.failedPkgs++
			fmt.Fprintf(s.out, "FAIL\t%s\t%.3fs\n", ev.Package, ev.Elapsed)
		} else {
			s.failed++
		}
	}
}

// fileLine is the "name_test.go:12: " a test's log lines start with.
var fileLine = regexp.MustCompile(`^\s*[\w.-]+\.go:\d+: `)

// skipReason is the message a test gave when it skipped.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- SKIP") {
			continue
		}
		return fileLine.ReplaceAllString(l, "")
	}
	return "no reason given"
}

func shortPkg(p string) string {
	return strings.TrimPrefix(strings.TrimPrefix(p, "github.com/reel-app/reel"), "/")
}

// finish prints the skips and the closing line; it reports whether anything failed.
func (s *summary) finish() bool {
	if s.skipped > 0 {
		fmt.Fprintf(s.out, "\n%d tests skipped:\n", s.skipped)
		reasons := make([]string, 0, len(s.reasons))
		for r := range s.reasons {
			reasons = append(reasons, r)
		}
		sort.Slice(reasons, func(i, j int) bool { return len(s.reasons[reasons[i]]) > len(s.reasons[reasons[j]]) })
		for _, r := range reasons {
			tests := s.reasons[r]
			shown := tests
			if len(shown) > 4 {
				shown = shown[:4]
			}
			more := ""
			if len(tests) > len(shown) {
				more = fmt.Sprintf(" and %d more", len(tests)-len(shown))
			}
			fmt.Fprintf(s.out, "  %d × %s (%s%s)\n", len(tests), r, strings.Join(shown, ", "), more)
		}
	}
	if s.failedPkgs > 0 && s.failed == 0 {
		fmt.Fprintf(s.out, "\n%d packages failed outside their tests (see above)\n", s.failedPkgs)
	}
	fmt.Fprintf(s.out, "\n%d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
	return s.failed > 0 || s.failedPkgs > 0
}
