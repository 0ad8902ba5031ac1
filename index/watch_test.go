package index

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

func TestWatch(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "Old"), 0o755)
	var calls atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go Watch(ctx, []string{root}, WatchOptions{Quiet: 100 * time.Millisecond, Periodic: time.Hour}, func() { calls.Add(1) })
	time.Sleep(100 * time.Millisecond) // let the watcher start
	wait := func(want int32) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for calls.Load() < want && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if got := calls.Load(); got != want {
			t.Fatalf("%d calls, want %d", got, want)
		}
	}
	// A burst of writes is one change, once quiet.
	for i := 0; i < 5; i++ {
		os.WriteFile(filepath.Join(root, "Old", "Film.mkv"), []byte{byte(i)}, 0o644)
	}
	wait(1)
	// A new folder is watched inside.
	os.MkdirAll(filepath.Join(root, "New", "Deep"), 0o755)
	wait(2)
	time.Sleep(200 * time.Millisecond)
	os.WriteFile(filepath.Join(root, "New", "Deep", "Other.mp4"), []byte("x"), 0o644)
	wait(3)
	// Files Reel does not read are not a change.
	os.WriteFile(filepath.Join(root, "Old", "notes.txt"), []byte("x"), 0o644)
	time.Sleep(300 * time.Millisecond)
	if calls.Load() != 3 {
		t.Errorf("a text file counted as a change")
	}
}
