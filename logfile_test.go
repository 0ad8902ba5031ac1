package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLogRotation(t *testing.T) {
	dir := t.TempDir()
	l, err := openLog(dir, 100, 3)
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
	l, _ = openLog(dir, 100, 3)
	defer l.Close()
	if st, _ := os.Stat(filepath.Join(dir, "reel.log")); st.Size() != 0 {
		t.Errorf("reel.log starts with %d bytes", st.Size())
	}
}
