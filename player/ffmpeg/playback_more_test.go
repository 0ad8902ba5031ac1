package ffmpeg_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// firstFrame seeks m and returns the first picture of the new serial.
func firstFrame(t *testing.T, m *ffmpeg.Playback, at time.Duration, exact bool) *player.Frame {
	t.Helper()
	serial := m.Seek(at, exact)
	timeout := time.After(10 * time.Second)
	for {
		select {
		case f := <-m.Video():
			if f.Serial != serial {
				f.Release()
				continue
			}
			return f
		case <-timeout:
			t.Fatalf("no picture after seeking to %v", at)
		}
	}
}

// firstSamples returns the first sound of serial.
func firstSamples(t *testing.T, m *ffmpeg.Playback, serial int) *player.Samples {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-m.Audio():
			if s.Serial == serial && !s.EOF {
				return s
			}
		case <-timeout:
			t.Fatal("no sound")
		}
	}
}

func TestPlaybackSeeks(t *testing.T) {
	path := ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())
	m, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2, Width: 320, Height: 180})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	tests := []struct {
		at    time.Duration
		exact bool
		want  time.Duration
	}{
		{0, true, 0},
		{13 * time.Second, true, 13 * time.Second}, // the marker frame itself
		{10*time.Second + 500*time.Millisecond, true, 10*time.Second + 500*time.Millisecond},
		{10*time.Second + 500*time.Millisecond, false, 8500 * time.Millisecond}, // the keyframe where the scene starts
		{5 * time.Second, true, 5 * time.Second},                                // backwards
	}
	for _, tt := range tests {
		f := firstFrame(t, m, tt.at, tt.exact)
		if d := f.PTS - tt.want; d.Abs() > 17*time.Millisecond {
			t.Errorf("seek to %v (exact %v): first picture at %v, want %v", tt.at, tt.exact, f.PTS, tt.want)
		}
		if b := f.Image.Bounds(); b.Dx() != 320 || b.Dy() != 180 {
			t.Errorf("picture %v, want 320x180", b)
		}
		f.Release()
	}
	// The sound after an exact seek starts at the target too.
	serial := m.Seek(7*time.Second, true)
	if s := firstSamples(t, m, serial); (s.PTS - 7*time.Second).Abs() > time.Millisecond {
		t.Errorf("sound after seeking to 7s starts at %v", s.PTS)
	}
}

// At twice the speed, a second of sound covers two seconds of film with the pitch kept
// (atempo): the tone of the scene that starts at 4 s changes where the sound's own times say
// 4 s, after half as many samples as at normal speed.
func TestPlaybackSpeedStretchesSound(t *testing.T) {
	path := ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())
	for _, speed := range []float64{1, 2} {
		m, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2})
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for f := range m.Video() {
				f.Release()
			}
		}()
		m.SetSpeed(speed)
		serial := m.Seek(2*time.Second, true)
		// Zero crossings of the left channel per 20 ms window, with each window's film time.
		var rates []int
		var times []time.Duration
		var mono []float32
		var pts []time.Duration
		for len(mono) < 48000*3 {
			s := firstSamples(t, m, serial)
			for i := 0; i < len(s.Data); i += 2 {
				mono = append(mono, s.Data[i])
				pts = append(pts, s.PTS+time.Duration(float64(i/2)*s.Speed*float64(time.Second)/48000))
			}
		}
		m.Close()
		const win = 960
		for i := 0; i+win <= len(mono); i += win {
			n := 0
			for j := i + 1; j < i+win; j++ {
				if (mono[j-1] < 0) != (mono[j] < 0) {
					n++
				}
			}
			rates = append(rates, n)
			times = append(times, pts[i])
		}
		change, samples := time.Duration(-1), 0
		for i := 1; i < len(rates); i++ {
			if d := rates[i] - rates[0]; d > 3 || d < -3 {
				change, samples = times[i], i*win
				break
			}
		}
		if (change - 4*time.Second).Abs() > 40*time.Millisecond {
			t.Errorf("at %vx the tone changes at %v of film, want 4s (crossings %v)", speed, change, rates[:min(len(rates), 120)])
		}
		wantSamples := int(2 * 48000 / speed)
		if d := samples - wantSamples; d > 2*win || d < -2*win {
			t.Errorf("at %vx the change came after %d samples, want about %d", speed, samples, wantSamples)
		}
	}
}

func TestPlaybackOddFiles(t *testing.T) {
	// Rotation, 2:1 pixels, variable frame rate, HEVC, Matroska with bitmap subtitles: the
	// pictures come at the display aspect, and there is sound exactly when there is an audio
	// stream.
	tests := []struct{ file string }{
		{"real/mb-rotate-buck-bunny.mp4"},
		{"real/mb-sar_2x1.mp4"},
		{"real/mb-cursed-vfr.mp4"},
		{"real/elephants-dream-hevc-1s.mp4"},
		{"real/popeye-part3-hevc-vobsub.mkv"},
	}
	for _, tt := range tests {
		path := ffmpegtest.SharedMedia(t, tt.file)
		info, err := ffmpeg.Probe(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := info.Video()
		dw, dh := v.DisplaySize()
		m, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2})
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		f := firstFrame(t, m, 0, true)
		b := f.Image.Bounds()
		if d := float64(b.Dx())/float64(b.Dy()) - float64(dw)/float64(dh); d > 0.02 || d < -0.02 {
			t.Errorf("%s: picture %dx%d, display aspect %dx%d", tt.file, b.Dx(), b.Dy(), dw, dh)
		}
		f.Release()
		_, hasAudio := info.Audio()
		if (m.Audio() != nil) != hasAudio {
			t.Errorf("%s: sound %v, audio stream %v", tt.file, m.Audio() != nil, hasAudio)
		}
		if v.Rotation == 90 && b.Dx() >= b.Dy() {
			t.Errorf("%s: a 90° film came out %dx%d, not upright", tt.file, b.Dx(), b.Dy())
		}
		m.Close()
	}
}

func TestPlaybackRefusesWhatCannotPlay(t *testing.T) {
	for _, f := range []string{"hostile/bbb-cut.mp4", "hostile/zero-length.mp4", "hostile/not-a-film.mkv"} {
		_, err := ffmpeg.OpenPlayback(context.Background(), ffmpegtest.SharedMedia(t, f), ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2})
		if err == nil || !strings.Contains(err.Error(), "play ") {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Encrypted pictures: the file opens, but the error says why nothing shows.
func TestPlaybackSaysWhyPicturesFail(t *testing.T) {
	m, err := ffmpeg.OpenPlayback(context.Background(), ffmpegtest.SharedMedia(t, "hostile/short-cenc.mp4"), ffmpeg.PlaybackOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Seek(0, true)
	deadline := time.After(5 * time.Second)
	for m.Err() == nil {
		select {
		case f := <-m.Video():
			f.Release()
		case <-deadline:
			t.Fatal("no error for a film whose pictures cannot be decoded")
		}
	}
	if !strings.Contains(m.Err().Error(), "cannot be decoded") {
		t.Errorf("error %v", m.Err())
	}
}

func TestPlaybackSwitchesAudio(t *testing.T) {
	path := ffmpegtest.SharedMedia(t, "real/mb-multiple-aac-tracks.mp4")
	m, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var audio []int
	for _, s := range m.Info().Streams {
		if s.Type == player.StreamAudio {
			audio = append(audio, s.Index)
		}
	}
	if len(audio) < 2 {
		t.Skipf("only %d audio streams", len(audio))
	}
	for _, idx := range audio {
		if err := m.SelectAudio(idx); err != nil {
			t.Fatal(err)
		}
		serial := m.Seek(time.Second, true)
		if s := firstSamples(t, m, serial); len(s.Data) == 0 {
			t.Errorf("stream %d: no sound", idx)
		}
	}
	if err := m.SelectAudio(999); err == nil {
		t.Error("selecting a stream that does not exist worked")
	}
}

// Closing a playback in the middle leaves no goroutine behind.
func TestPlaybackCloseLeavesNothing(t *testing.T) {
	path := ffmpegtest.Clip(t, "cuts.mp4", ffmpegtest.CutsSpec())
	before := runtime.NumGoroutine()
	for range 5 {
		m, err := ffmpeg.OpenPlayback(context.Background(), path, ffmpeg.PlaybackOptions{AudioRate: 48000, AudioChannels: 2})
		if err != nil {
			t.Fatal(err)
		}
		f := firstFrame(t, m, 3*time.Second, true)
		f.Release()
		m.Close()
	}
	if after := settledGoroutines(before + 1); after > before+1 {
		t.Errorf("goroutines: %d before, %d after five open/close cycles", before, after)
	}
}
