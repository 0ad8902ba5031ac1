package ffmpeg_test

import (
	"context"
	"errors"
	"image"
	"runtime"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// Opening and closing a film 1,000 times must not grow memory: every C object is freed.
func TestOpenCloseDoesNotLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	path := ffmpegtest.SharedMedia(t, "real/bbb-h264-aac-5s.mp4")
	ctx := context.Background()
	cycle := func() {
		if _, err := ffmpeg.Probe(ctx, path); err != nil {
			t.Fatal(err)
		}
		r, err := ffmpeg.OpenReader(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := r.FrameAt(time.Second, nil, 64); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	for i := 0; i < 200; i++ { // warm up FFmpeg's lazily built tables and the allocator
		cycle()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cBefore, rssBefore := ffmpegtest.CHeapInUse(), ffmpegtest.RSS()
	for i := 0; i < 1000; i++ {
		cycle()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	cGrowth := ffmpegtest.CHeapInUse() - cBefore
	goGrowth := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("over 1,000 open/probe/decode/close cycles: C heap in use %+d B, Go heap in use %+d B, RSS %+d KiB",
		cGrowth, goGrowth, (ffmpegtest.RSS()-rssBefore)>>10)
	// One leaked format context with its I/O buffer is over 32 KiB, a decoder or a frame more:
	// a leak of any of them in every cycle would be tens of MiB. What remains is allocator noise
	// of a few bytes a cycle, in either direction.
	if cGrowth > 512<<10 {
		t.Errorf("C heap grew by %d B over 1,000 cycles", cGrowth)
	}
	if goGrowth > 512<<10 {
		t.Errorf("Go heap grew by %d B over 1,000 cycles", goGrowth)
	}
}

// FrameAt decodes every frame from the keyframe before t up to t; none of those frames may
// allocate Go memory, so a call deep into a GOP allocates as much as one right after the
// keyframe.
func TestFrameAtAllocatesNothingPerFrame(t *testing.T) {
	// Keyframes at 8.5 s and 14.5 s: a 180-frame GOP.
	path := ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())
	r, err := ffmpeg.OpenReader(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dst := image.NewRGBA(image.Rect(0, 0, 160, 90))
	allocs := func(at time.Duration) float64 {
		return testing.AllocsPerRun(5, func() {
			if _, _, err := r.FrameAt(at, dst, 0); err != nil {
				t.Fatal(err)
			}
		})
	}
	near, far := allocs(8550*time.Millisecond), allocs(14400*time.Millisecond)
	t.Logf("allocations per FrameAt: 2 frames decoded %.0f, 178 frames decoded %.0f", near, far)
	if far > near+2 {
		t.Fatalf("FrameAt allocates per decoded frame: %.0f allocations for 2 frames, %.0f for 178", near, far)
	}
}

// A cancel stops the decoding at once: the call returns at the next packet, with the context's
// error, instead of reading on to the end of the film.
func TestCancelStopsDecoding(t *testing.T) {
	path := ffmpegtest.SharedMedia(t, "real/popeye-part2-hevc-pgs.mkv") // ~2 s of decoding
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var at, reports []time.Duration
	var total time.Duration
	_, err := ffmpeg.DetectScenes(ctx, path, ffmpeg.SceneOptions{Report: func(p ffmpeg.SceneProgress) {
		total = p.Duration
		if ctx.Err() != nil {
			reports = append(reports, p.Position)
			return
		}
		at = append(at, p.Position)
		cancel() // at the first report, about 50 frames in
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v after cancel, want context.Canceled", err)
	}
	if len(at) != 1 || len(reports) > 0 {
		t.Errorf("cancelled at %v; decoding went on to report %v (of %v)", at, reports, total)
	}
}
