package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
)

// BenchmarkWindow10000 opens the real window (under Xvfb) on a library of 10,000 films (each with
// an .nfo and 20 lines of dialogue, already scanned) and reports its peak resident memory while it
// lists the library and makes posters, against the goal of 250 MiB: the figure is VmHWM, the
// kernel's high-water mark, read when 300 posters are made (or after two minutes).
func BenchmarkWindow10000(b *testing.B) {
	disp, ok := startXvfb(b, 160)
	if !ok {
		b.Skip("Xvfb is not installed (scripts/setup installs it)")
	}
	bin := filepath.Join(b.TempDir(), "reel")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	films, data := b.TempDir(), b.TempDir()
	benchLibrary(b, films, 10000, true)
	p, err := core.PlacesFor(data)
	if err != nil {
		b.Fatal(err)
	}
	lib, err := core.OpenLibrary(context.Background(), p)
	if err != nil {
		b.Fatal(err)
	}
	if st, err := lib.Scan(context.Background(), []string{films}, nil); err != nil || st.Found != 10000 {
		b.Fatalf("scan: %+v %v", st, err)
	}
	lib.Close()
	if err := core.SaveSettings(p, core.Settings{Roots: []string{films}}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.RemoveAll(p.PosterDir()) // every run makes its posters
		var log bytes.Buffer
		cmd := exec.Command(bin, "--data", data)
		cmd.Env = append(os.Environ(), "DISPLAY="+disp, "LANG=en_US.UTF-8", "XDG_RUNTIME_DIR="+b.TempDir())
		cmd.Stdout, cmd.Stderr = &log, &log
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		var peak, rss int64
		posters := 0
		for time.Since(start) < 2*time.Minute {
			time.Sleep(200 * time.Millisecond) // the sampling interval
			peak, rss = procMemory(cmd.Process.Pid)
			if entries, err := os.ReadDir(p.PosterDir()); err == nil {
				posters = len(entries)
			}
			if posters >= 300 || peak == 0 { // enough, or the window is gone
				break
			}
		}
		took := time.Since(start)
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		b.Logf("10,000 films: %d posters in %.1f s; peak RSS %.0f MiB (now %.0f MiB); goal ≤ 250 MiB", posters, took.Seconds(), float64(peak)/(1<<20), float64(rss)/(1<<20))
		if posters == 0 {
			b.Fatalf("no posters made; the window's log:\n%s", log.String())
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-rss-MiB")
		b.ReportMetric(float64(posters)/took.Seconds(), "posters/s")
	}
}

// procMemory reads a process's peak and current resident memory (VmHWM, VmRSS) in bytes.
func procMemory(pid int) (peak, rss int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmHWM":
			peak = n << 10
		case "VmRSS":
			rss = n << 10
		}
	}
	return peak, rss
}
