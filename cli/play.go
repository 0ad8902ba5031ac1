package cli

import (
	"context"
	"flag"
	"fmt"
	"math"
	"slices"
	"syscall"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/speaker"
)

// playFlags are `reel play`'s options.
type playFlags struct {
	headless bool
	seconds  float64
	report   string
	seekTest bool
	view     string
	at       string
}

// playCommands play a film: in the window, or headless for measurements.
func playCommands() []Command {
	var f playFlags
	return []Command{{Name: "play", Args: "FILE", Summary: "play a film (in the window, or --headless for measurements)", Min: 1, Max: 1,
		Flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&f.headless, "headless", false, "play without a window: pictures are timed and dropped, sound goes to the null device")
			fs.Float64Var(&f.seconds, "seconds", 0, "stop after `N` seconds (default: the end of the film)")
			fs.StringVar(&f.report, "report", "", "print a report at the end; `FORMAT` is json")
			fs.BoolVar(&f.seekTest, "seek-test", false, "with --headless: also seek ten times and pause and resume once")
			fs.StringVar(&f.view, "view", "none", "with --headless: convert pictures to RGBA to fit `WxH`, as the window does (none: decode and time them only, like mpv --vo=null)")
			fs.StringVar(&f.at, "at", "", "start at `TIME` (seconds or h:mm:ss)")
		},
		Run: func(ctx context.Context, e *Env, a []string) error {
			start, err := core.ParseClock(f.at)
			if err != nil {
				return usagef("--at: %v", err)
			}
			if !f.headless {
				if f.at != "" {
					e.StartAt = start
				}
				return e.window(ctx, a)
			}
			if f.report != "" && f.report != "json" {
				return usagef("--report takes json")
			}
			return cmdPlayHeadless(ctx, e, a[0], start, f)
		}}}
}

// playReport is the stable shape of `reel play --headless --report json`.
type playReport struct {
	FirstFrameMS    float64    `json:"first_frame_ms"`
	FramesPresented int        `json:"frames_presented"`
	FramesDropped   int        `json:"frames_dropped"`
	AVOffsetMS      offsetJSON `json:"av_offset_ms"`
	CPUS            float64    `json:"cpu_s"`
	PlayedS         float64    `json:"played_s"`
	Seeks           int        `json:"seeks"`
	AudioDevice     string     `json:"audio_device"`
	Picture         string     `json:"picture"` // the RGBA size pictures were converted to, "none" without --view
	Errors          []string   `json:"errors"`
}

type offsetJSON struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	Max float64 `json:"max"`
}

func cmdPlayHeadless(ctx context.Context, e *Env, path string, start time.Duration, f playFlags) error {
	vw, vh := 0, 0
	if f.view != "none" {
		var err error
		if vw, vh, err = core.ParseSize(f.view); err != nil {
			return usagef("--view: %v (or none)", err)
		}
	}
	cpu0 := cpuTime()
	spk, err := speaker.Open(speaker.Options{Null: true})
	if err != nil {
		return err
	}
	rate, chans := spk.Format()
	opt := ffmpeg.PlaybackOptions{AudioRate: rate, AudioChannels: chans, NoPixels: vw == 0}
	if info, err := ffmpeg.Probe(ctx, path); err == nil && vw > 0 {
		if v, ok := info.Video(); ok {
			opt.Width, opt.Height = v.Fit(vw, vh)
		}
	}
	media, err := ffmpeg.OpenPlayback(ctx, path, opt)
	if err != nil {
		_ = spk.Close()
		return err
	}
	ended := make(chan struct{}, 1)
	var problems []string
	eng := player.New(media, spk, nil, player.Options{Start: start, OnEvent: func(ev player.Event) {
		switch ev.Kind {
		case player.EventEnded:
			select {
			case ended <- struct{}{}:
			default:
			}
		case player.EventError:
			problems = append(problems, ev.Err.Error())
		}
	}})
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	began := time.Now()
	go func() { done <- eng.Run(runCtx) }()

	limit := f.seconds
	if limit <= 0 {
		limit = media.Info().Duration.Seconds() + 5
	}
	seeks := 0
	if f.seekTest {
		seeks = seekTest(runCtx, eng, time.Duration(limit*float64(time.Second)))
	}
	select {
	case <-time.After(time.Duration(limit*float64(time.Second)) - time.Since(began)):
	case <-ended:
	case <-ctx.Done():
	}
	stop()
	<-done
	played := time.Since(began)
	st := eng.Stats()
	_ = eng.Close()
	if problems == nil {
		problems = []string{}
	}
	device := "null"
	if !spk.Null() {
		device = "default"
	}
	r := playReport{FirstFrameMS: ms(st.FirstFrame), FramesPresented: st.Presented, FramesDropped: st.Dropped,
		AVOffsetMS: offsets(st.Offsets), CPUS: math.Round((cpuTime()-cpu0).Seconds()*1000) / 1000,
		PlayedS: seconds(played), Seeks: seeks, AudioDevice: device, Errors: problems, Picture: "none"}
	if !opt.NoPixels {
		r.Picture = fmt.Sprintf("%dx%d", opt.Width, opt.Height)
	}
	if f.report == "json" {
		return writeJSON(e.Stdout, r)
	}
	fmt.Fprintf(e.Stdout, "played %.1f s: first frame after %.0f ms, %d frames shown, %d dropped, A/V offset p50 %.1f ms, p95 %.1f ms, max %.1f ms, CPU %.2f s\n",
		r.PlayedS, r.FirstFrameMS, r.FramesPresented, r.FramesDropped, r.AVOffsetMS.P50, r.AVOffsetMS.P95, r.AVOffsetMS.Max, r.CPUS)
	for _, p := range problems {
		fmt.Fprintln(e.Stdout, "problem:", p)
	}
	return nil
}

// seekTest seeks ten times across the film and pauses and resumes once, spread over the run.
// It returns how many seeks it asked for.
func seekTest(ctx context.Context, eng *player.Engine, span time.Duration) int {
	dur := eng.Info().Duration
	steps := 12
	gap := span / time.Duration(steps+1)
	for i := 1; i <= steps; i++ {
		select {
		case <-ctx.Done():
			return i - 1
		case <-time.After(gap):
		}
		switch i {
		case 6:
			eng.SetPaused(true)
		case 7:
			eng.SetPaused(false)
		default:
			// Back and forth over the film, never into its last two seconds.
			frac := float64((i*7)%10) / 10
			eng.Seek(time.Duration(frac*float64(max(0, dur-2*time.Second))), true)
		}
	}
	return 10
}

func offsets(ds []time.Duration) offsetJSON {
	if len(ds) == 0 {
		return offsetJSON{}
	}
	abs := make([]float64, len(ds))
	for i, d := range ds {
		abs[i] = math.Abs(ms(d))
	}
	slices.Sort(abs)
	pct := func(p float64) float64 { return abs[min(len(abs)-1, int(p*float64(len(abs))))] }
	return offsetJSON{P50: pct(0.50), P95: pct(0.95), Max: abs[len(abs)-1]}
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
