package ffmpeg_test

import (
	"context"
	"image"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// isFlash reports whether a picture is one of the sync clip's white marker frames.
func isFlash(img *image.RGBA) bool {
	b := img.Bounds()
	var sum int
	for _, p := range []int{b.Dy() / 4, b.Dy() / 2, 3 * b.Dy() / 4} {
		for x := b.Dx() / 4; x < 3*b.Dx()/4; x += 8 {
			sum += int(img.RGBAAt(x, p).G)
		}
	}
	n := 3 * ((b.Dx()/2 + 7) / 8)
	return sum/n > 230
}

// markers reads the playback from a seek to at until the film time reaches until and returns
// the film times of the white flashes (each picture's time) and of the beep onsets (each
// sound run's time plus the onset's place in it), both as the decoders timed them.
func markers(t *testing.T, m *ffmpeg.Playback, at time.Duration, exact bool, until time.Duration, rate, ch int) (flashes, beeps []time.Duration) {
	t.Helper()
	serial := m.Seek(at, exact)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang, not a timing
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		last := false
		for {
			select {
			case f := <-m.Video():
				if f.Serial != serial {
					f.Release()
					continue
				}
				if f.EOF || f.PTS > until {
					f.Release()
					return
				}
				white := isFlash(f.Image)
				if white && !last {
					flashes = append(flashes, f.PTS)
				}
				last = white
				f.Release()
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		quiet := rate // the first loud sample after a second of quiet, or after the seek, is an onset
		for {
			select {
			case s := <-m.Audio():
				if s.Serial != serial {
					continue
				}
				if s.EOF || s.PTS > until {
					return
				}
				for i := 0; i < len(s.Data); i += ch {
					if math.Abs(float64(s.Data[i])) < 0.4 {
						quiet++
						continue
					}
					if quiet > rate/5 {
						beeps = append(beeps, s.PTS+time.Duration(float64(i/ch)*s.Speed*float64(time.Second)/float64(rate)))
					}
					quiet = 0
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("reading from %v to %v did not finish in a minute", at, until)
	}
	return flashes, beeps
}

// The marker clip's flashes and beeps come out of the decoders with the same film times, from
// the start, after exact seeks and after a keyframe seek: the pictures and the sound agree on
// what time it is, which is what the engine's clock (tested with fakes in player) needs. How
// closely they reach the screen and the speaker in wall time is BenchmarkPlayback's A/V offset.
func TestPlaybackMarkersAlign(t *testing.T) {
	path := ffmpegtest.Clip(t, "sync.mp4", ffmpegtest.SyncSpec())
	const rate, ch = 48000, 2
	media, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: rate, AudioChannels: ch, Width: 320, Height: 180})
	if err != nil {
		t.Fatal(err)
	}
	defer media.Close()
	frame := time.Second / 30
	for _, c := range []struct {
		at, until time.Duration
		exact     bool
		want      []time.Duration // the markers in the span, as film times
	}{
		{500 * time.Millisecond, 3500 * time.Millisecond, true, []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}},
		{6500 * time.Millisecond, 8500 * time.Millisecond, true, []time.Duration{7 * time.Second, 8 * time.Second}},
		{9300 * time.Millisecond, 11500 * time.Millisecond, false, []time.Duration{10 * time.Second, 11 * time.Second}}, // lands at 9 s
	} {
		flashes, beeps := markers(t, media, c.at, c.exact, c.until, rate, ch)
		// A keyframe seek lands on marker 9's scene start; that marker is not asked for.
		flashes = slices.DeleteFunc(flashes, func(d time.Duration) bool { return d < c.want[0]-frame })
		beeps = slices.DeleteFunc(beeps, func(d time.Duration) bool { return d < c.want[0]-frame })
		t.Logf("from %v (exact %v): flashes %v, beeps %v", c.at, c.exact, flashes, beeps)
		if len(flashes) != len(c.want) || len(beeps) != len(c.want) {
			t.Errorf("from %v: flashes at %v, beeps at %v; want one of each at %v", c.at, flashes, beeps, c.want)
			continue
		}
		for i, want := range c.want {
			if (flashes[i]-want).Abs() > frame || (beeps[i]-want).Abs() > frame {
				t.Errorf("from %v: marker %v: flash at %v, beep at %v (want within a frame)", c.at, want, flashes[i], beeps[i])
			}
		}
	}
}
