package core

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogRotation(t *testing.T) {
	dir := t.TempDir()
	l, err := OpenLog(dir, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		fmt.Fprintf(l, "line %02d: %s\n", i, strings.Repeat("x", 30))
	}
	l.Close()
	names, _ := filepath.Glob(filepath.Join(dir, "reel.log*"))
	if len(names) != 4 { // reel.log and three old ones
		t.Fatalf("files %v", names)
	}
	for _, n := range names {
		if st, _ := os.Stat(n); st.Size() > 100 {
			t.Errorf("%s has %d bytes, over the limit", n, st.Size())
		}
	}
	last, _ := os.ReadFile(filepath.Join(dir, "reel.log"))
	if !strings.Contains(string(last), "line 19") {
		t.Errorf("the newest lines are not in reel.log: %q", last)
	}
	// A big log from last time is moved aside at start.
	os.WriteFile(filepath.Join(dir, "reel.log"), []byte(strings.Repeat("y", 200)), 0o644)
	l, _ = OpenLog(dir, 100, 3)
	defer l.Close()
	if st, _ := os.Stat(filepath.Join(dir, "reel.log")); st.Size() != 0 {
		t.Errorf("reel.log starts with %d bytes", st.Size())
	}
}

// A rotation whose reopen fails (the logs folder was deleted) is an error for that line, and
// the next lines reopen the file and arrive, instead of vanishing while Write says all is well.
func TestLogReopenFailsOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	l, err := OpenLog(dir, 100, 3)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	line := func(i int) string { return fmt.Sprintf("line %02d: %s\n", i, strings.Repeat("x", 30)) }
	for i := 0; i < 2; i++ {
		if _, err := fmt.Fprint(l, line(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	// The third line passes the limit: the rotation cannot reopen reel.log.
	if n, err := fmt.Fprint(l, line(2)); err == nil || n != 0 {
		t.Fatalf("a write with no file to write to: %d bytes, %v; want an error", n, err)
	}
	if _, err := fmt.Fprint(l, line(3)); err == nil {
		t.Fatal("a second write with no file: no error")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 4; i < 6; i++ {
		if _, err := fmt.Fprint(l, line(i)); err != nil {
			t.Fatalf("line %d, once the folder is back: %v", i, err)
		}
	}
	got, err := os.ReadFile(filepath.Join(dir, "reel.log"))
	if err != nil || !strings.Contains(string(got), "line 04") || !strings.Contains(string(got), "line 05") {
		t.Errorf("reel.log after the folder came back: %q, %v", got, err)
	}
	l.Close()
	if _, err := fmt.Fprint(l, line(6)); err == nil {
		t.Error("a write after Close: no error")
	}
}
