package main

import (
	"aa.reel/earlyinit"
	"bytes"
	"context"
	"encoding/json"
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
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// TestMain lets the test binary stand in for reel: with REEL_TEST_MAIN set, it runs the
// arguments as a reel command line and exits, so tests can start (and kill) real processes.
func TestMain(m *testing.M) {
	earlyinit.Restore() // the tests' own log lines are never muted (run does this for reel itself)
	if os.Getenv("REEL_TEST_MAIN") != "" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	if n := os.Getenv("REEL_TEST_SCAN_KILLED_AT"); n != "" {
		scanKilledAt(n, os.Args[1], os.Args[2])
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

// dyingProber probes as FFmpeg does, and kills its own process (SIGKILL: nothing deferred
// runs, nothing is flushed) when asked for the film at, as a power cut or the kernel's
// out-of-memory killer would.
type dyingProber struct {
	core.FFmpegProber
	at string
}

func (p dyingProber) Probe(ctx context.Context, path string) (player.MediaInfo, error) {
	if filepath.Base(path) == p.at {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	return p.FFmpegProber.Probe(ctx, path)
}

// scanKilledAt is the child of TestKilledScanCatchesUp: a scan of lib into the library under
// data, with the window's own store, index and scanner, that dies at the film named at.
func scanKilledAt(at, data, lib string) {
	p, _ := core.PlacesFor(data)
	l, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sc := &index.Scanner{Store: l.Store, Prober: dyingProber{at: at}, Index: l.Index}
	sc.Scan(context.Background(), []string{lib}, nil)
	fmt.Fprintln(os.Stderr, "the scan did not reach", at)
	os.Exit(3)
}

// A scan killed part of the way through a library of long films: the next start does not
// rebuild the search index, it catches up on the film or two the batches had not written, and
// finds every line of the films read before the kill.
func TestKilledScanCatchesUp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	src, err := os.ReadFile(ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4"))
	if err != nil {
		t.Fatal(err)
	}
	lib, data := t.TempDir(), t.TempDir()
	const films, lines = 12, 1500
	for i := 0; i < films; i++ {
		name := fmt.Sprintf("Film %02d (2001)", i)
		os.WriteFile(filepath.Join(lib, name+".mp4"), append(append([]byte{}, src...), byte(i)), 0o644)
		var srt bytes.Buffer
		for c := 0; c < lines; c++ {
			fmt.Fprintf(&srt, "%d\n00:%02d:%02d,000 --> 00:%02d:%02d,500\nFilm%02d says line%04d.\n\n", c+1, c/60%60, c%60, c/60%60, c%60, i, c)
		}
		os.WriteFile(filepath.Join(lib, name+".en.srt"), srt.Bytes(), 0o644)
	}
	const dieAt = "Film 08 (2001).mp4" // films are read in name order: 00 to 07 are done
	cmd := exec.Command(os.Args[0], data, lib)
	cmd.Env = append(os.Environ(), "REEL_TEST_SCAN_KILLED_AT="+dieAt)
	out, err := cmd.CombinedOutput()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the scan was not killed: %v\n%s", err, out)
	}
	p, _ := core.PlacesFor(data)
	st, err := store.Open(filepath.Join(p.Data, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Generation uint64 }
	raw, err := os.ReadFile(filepath.Join(p.Cache, "search", "meta.json"))
	if err == nil {
		err = json.Unmarshal(raw, &m)
	}
	behind, complete, _ := st.ChangedSince(m.Generation)
	st.Close()
	if err != nil || !complete || len(behind) > 2 {
		t.Fatalf("after the kill the index holds generation %d (%v): %d films to catch up (log complete: %v), want at most 2",
			m.Generation, err, len(behind), complete)
	}
	l, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for i := 0; i < 8; i++ {
		for _, c := range []int{0, lines - 1} {
			q := fmt.Sprintf("film%02d line%04d", i, c)
			res, err := l.Index.Search(context.Background(), search.Query{Text: q, Limit: 5})
			if err != nil || len(res.Lines) == 0 {
				t.Errorf("%q: %d lines, %v; want the line of a film read before the kill", q, len(res.Lines), err)
			}
		}
	}
	if gen, _ := l.Store.Generation(); gen == m.Generation {
		t.Error("the kill left nothing to catch up: the test did not test")
	}
}
