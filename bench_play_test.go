package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// BenchmarkPlayback measures playback as the player issue asks, each figure next to its
// reference in the same run:
//   - start to first frame, warm, on the shared 5 s clip and the generated 1080p clip;
//   - 60 s of the 1080p30 clip headless (null video sink, null audio device): frames, drops,
//     A/V offset, CPU, and the CPU of `mpv --no-config --vo=null --ao=null` on the same file;
//   - the sync marker clip with ten seeks and a pause: the A/V offset;
//   - 60 s of the 1080p clip in the real window under Xvfb, sized so that the video view beside
//     the companion panel is about 1280×720 (1276×718 measured): frames presented, dropped and
//     painted.
//
// Run it with `make bench` (the window part needs Xvfb; mpv is installed by scripts/setup --bench).
func BenchmarkPlayback(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "reel")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	clip := ffmpegtest.Clip(b, "bench1080.mp4", ffmpegtest.BenchSpec())
	bbb := ffmpegtest.SharedMedia(b, "real/bbb-h264-aac-5s.mp4")
	sync := ffmpegtest.Clip(b, "sync.mp4", ffmpegtest.SyncSpec())
	for i := 0; i < b.N; i++ {
		for _, f := range []struct{ name, path string }{{"bbb-5s", bbb}, {"1080p", clip}} {
			headless(b, bin, f.path, "--seconds", "1") // warm the page cache and the loader
			r := headless(b, bin, f.path, "--seconds", "1")
			b.Logf("first frame (warm), %s: %.1f ms", f.name, r.FirstFrameMS)
			b.ReportMetric(r.FirstFrameMS, "first-frame-ms-"+f.name)
		}

		// Like for like: reel decoding and timing pictures without converting them, against mpv
		// with its null video output (which converts nothing either); then both converting every
		// picture to 1280×720 RGBA, which is what reel's window needs.
		r := headless(b, bin, clip, "--seconds", "60")
		b.Logf("headless 60 s of 1080p30: %d frames shown, %d dropped, A/V offset p50 %.2f / p95 %.2f / max %.2f ms, CPU %.2f s",
			r.FramesPresented, r.FramesDropped, r.AVOffsetMS.P50, r.AVOffsetMS.P95, r.AVOffsetMS.Max, r.CPUS)
		rv := headless(b, bin, clip, "--seconds", "60", "--view", "1280x720")
		b.Logf("the same, converting each picture to %s RGBA as the window does: %d shown, %d dropped, A/V p95 %.2f ms, CPU %.2f s",
			rv.Picture, rv.FramesPresented, rv.FramesDropped, rv.AVOffsetMS.P95, rv.CPUS)
		b.ReportMetric(r.CPUS, "reel-cpu-s")
		b.ReportMetric(float64(r.FramesDropped+rv.FramesDropped), "dropped")
		if mpv, err := exec.LookPath("mpv"); err == nil {
			cpu := childCPU(b, mpv, "--no-config", "--vo=null", "--ao=null", "--length=60", clip)
			b.Logf("mpv --no-config --vo=null --ao=null on the same file: CPU %.2f s; reel/mpv = %.2f (goal ≤ 1.3)", cpu, r.CPUS/cpu)
			b.ReportMetric(r.CPUS/cpu, "cpu-ratio-vs-mpv")
			cpuRGB := childCPU(b, mpv, "--no-config", "--vo=null", "--ao=null", "--length=60", "--vf=scale=1280:720,format=rgba", clip)
			b.Logf("mpv also scaling to 1280x720 RGBA: CPU %.2f s; reel --view 1280x720 / mpv = %.2f", cpuRGB, rv.CPUS/cpuRGB)
			b.ReportMetric(rv.CPUS/cpuRGB, "cpu-ratio-vs-mpv-rgba")
		} else {
			b.Log("mpv is not installed (scripts/setup --bench): no CPU reference")
		}

		s := headless(b, bin, sync, "--seconds", "24", "--seek-test", "--view", "640x360")
		b.Logf("sync markers with %d seeks and a pause: A/V offset p50 %.2f / p95 %.2f / max %.2f ms, %d frames, %d dropped",
			s.Seeks, s.AVOffsetMS.P50, s.AVOffsetMS.P95, s.AVOffsetMS.Max, s.FramesPresented, s.FramesDropped)
		b.ReportMetric(s.AVOffsetMS.P95, "seek-av-p95-ms")

		windowPlayback(b, bin, clip)
	}
}

// playReport is the part of `reel play --headless --report json` (a stable shape) the benchmark
// reads.
type playReport struct {
	FirstFrameMS    float64 `json:"first_frame_ms"`
	FramesPresented int     `json:"frames_presented"`
	FramesDropped   int     `json:"frames_dropped"`
	AVOffsetMS      struct {
		P50 float64 `json:"p50"`
		P95 float64 `json:"p95"`
		Max float64 `json:"max"`
	} `json:"av_offset_ms"`
	CPUS    float64 `json:"cpu_s"`
	Seeks   int     `json:"seeks"`
	Picture string  `json:"picture"`
}

func headless(b *testing.B, bin, path string, args ...string) playReport {
	b.Helper()
	cmd := exec.Command(bin, append([]string{"play", path, "--headless", "--report", "json"}, args...)...)
	cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("reel play %s: %v", path, err)
	}
	var r playReport
	if err := json.Unmarshal(out, &r); err != nil {
		b.Fatalf("report: %v\n%s", err, out)
	}
	return r
}

// childCPU runs a command and returns the CPU seconds it used.
func childCPU(b *testing.B, name string, args ...string) float64 {
	b.Helper()
	cmd := exec.Command(name, args...)
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	return (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
}

var playedLine = regexp.MustCompile(`msg=played .*picture=(\S+) .*presented=(\d+) dropped=(\d+) painted=(\d+)`)

// startXvfb starts a 1920×1080 Xvfb on the first free display from first on, stopped when b
// ends, and waits for its socket; ok is false when Xvfb is not installed.
func startXvfb(b *testing.B, first int) (display string, ok bool) {
	b.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		return "", false
	}
	n := first
	for ; n < first+30; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); os.IsNotExist(err) {
			break
		}
	}
	x := exec.Command(xvfb, ":"+strconv.Itoa(n), "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = x.Process.Kill(); _ = x.Wait() })
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			break
		}
	}
	return ":" + strconv.Itoa(n), true
}

// windowPlayback plays clip for 60 s in the real window under Xvfb, sized for a view of about
// 1280×720 beside the companion panel.
func windowPlayback(b *testing.B, bin, clip string) {
	disp, ok := startXvfb(b, 130)
	if !ok {
		b.Log("Xvfb is not installed: no window measurement")
		return
	}
	var log bytes.Buffer
	cmd := exec.Command(bin, "--data", b.TempDir(), clip)
	cmd.Env = append(os.Environ(), "DISPLAY="+disp, "LANG=en_US.UTF-8", "REEL_WINDOW_SIZE=1840x820")
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 62*time.Second)
	defer cancel()
	<-ctx.Done()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	_ = cmd.Wait()
	m := playedLine.FindStringSubmatch(log.String())
	if m == nil {
		b.Fatalf("no playback summary in the log:\n%s", log.String())
	}
	var cpu float64
	if cmd.ProcessState != nil {
		cpu = (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	b.Logf("window under Xvfb, picture %s, 60 s of 1080p30 (first 60 s of the clip): %s presented, %s dropped, %s painted; CPU %.1f s (software OpenGL included)",
		m[1], m[2], m[3], m[4], cpu)
	if d, _ := strconv.Atoi(m[3]); true {
		b.ReportMetric(float64(d), "window-dropped")
	}
}
