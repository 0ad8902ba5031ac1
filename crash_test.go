package main

import (
	"aa.reel/earlyinit"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// TestMain lets the test binary stand in for reel: with REEL_TEST_MAIN set, it runs the
// arguments as a reel command line and exits, so tests can start (and kill) real processes.
func TestMain(m *testing.M) {
	earlyinit.Restore() // the tests' own log lines are never muted (run does this for reel itself)
	if os.Getenv("REEL_TEST_MAIN") != "" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// A scan killed with SIGKILL at any moment leaves a library the next start can open, that is
// consistent, and that has lost none of the user's data, even for a film renamed meanwhile.
func TestScanSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	src, err := os.ReadFile(ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	lib, data := t.TempDir(), t.TempDir()
	const n = 40
	for i := 0; i < n; i++ {
		// Each copy ends differently, so each is a different film to the content hash.
		body := append(append([]byte{}, src...), []byte(fmt.Sprintf("film %03d", i))...)
		os.WriteFile(filepath.Join(lib, fmt.Sprintf("Film %03d (20%02d).mp4", i, i%25)), body, 0o644)
	}
	dbPath := filepath.Join(data, "data", "library.db")
	scanOnce := func() {
		st, err := store.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := (&index.Scanner{Store: st, Prober: core.FFmpegProber{}}).Scan(context.Background(), []string{lib}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// The user has rated one film.
	scanOnce()
	st, _ := store.Open(dbPath)
	rated, ok, _ := st.FilmByPath(filepath.Join(lib, "Film 007 (2007).mp4"))
	if !ok {
		t.Fatal("film 7 not scanned")
	}
	st.PutUser(rated.ID, store.UserData{Rating: 4, Review: "kept", Position: 3 * time.Second})
	st.Close()

	rng := rand.New(rand.NewSource(1))
	killed := 0
	for round := 0; round < 12; round++ {
		// Change the library between runs, so every scan has writing to do.
		switch round % 3 {
		case 0:
			os.Rename(filepath.Join(lib, "Film 007 (2007).mp4"), filepath.Join(lib, "Renamed 007.mp4"))
		case 1:
			os.Rename(filepath.Join(lib, "Renamed 007.mp4"), filepath.Join(lib, "Film 007 (2007).mp4"))
		case 2:
			os.WriteFile(filepath.Join(lib, fmt.Sprintf("New %02d.mp4", round)), append(append([]byte{}, src...), byte(round)), 0o644)
		}
		// New modification times make every file "changed": the scan re-reads all of them.
		stamp := time.Now().Add(time.Duration(round+1) * time.Minute)
		entries, _ := os.ReadDir(lib)
		for _, e := range entries {
			os.Chtimes(filepath.Join(lib, e.Name()), stamp, stamp)
		}
		cmd := exec.Command(os.Args[0], "scan", "--data", data, lib)
		cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(10+rng.Intn(150)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killed++
		}
		// The next start opens the library and finds it consistent.
		st, err := store.Open(dbPath)
		if err != nil {
			t.Fatalf("round %d: library does not open after SIGKILL: %v\n%s", round, err, out.String())
		}
		problems, err := st.Check()
		st.Close()
		if err != nil || len(problems) > 0 {
			t.Fatalf("round %d: inconsistent after SIGKILL: %v %v", round, problems, err)
		}
	}
	t.Logf("%d of 12 scans killed mid-way", killed)
	if killed < 4 {
		t.Errorf("only %d scans were killed while running; the test did not test", killed)
	}
	scanOnce()
	st, _ = store.Open(dbPath)
	defer st.Close()
	films, _ := st.Films(false)
	if len(films) != n+4 {
		t.Errorf("%d films after the kills, want %d", len(films), n+4)
	}
	back, ok, _ := st.FilmByPath(filepath.Join(lib, "Renamed 007.mp4"))
	if !ok {
		back, ok, _ = st.FilmByPath(filepath.Join(lib, "Film 007 (2007).mp4"))
	}
	u, _ := st.User(back.ID)
	if !ok || back.ID != rated.ID || u.Rating != 4 || u.Review != "kept" {
		t.Errorf("the rated film is %+v with %+v; want id %s rated 4", back, u, rated.ID)
	}
}
