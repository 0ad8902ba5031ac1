// Package speaker is Reel's sound output: a miniaudio playback device (through
// github.com/gen2brain/malgo, which bundles miniaudio and needs no -dev package) that asks the
// engine for interleaved float32 samples. On a machine without a sound card it falls back to
// miniaudio's null backend, which consumes samples in real time, so playback keeps its clock.
package speaker

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"github.com/gen2brain/malgo"
)

// backendNull is miniaudio's null backend. malgo v0.11.24's BackendNull constant is off by one
// (it names the custom backend); 14 is ma_backend_null in the bundled miniaudio.
const backendNull = malgo.Backend(14)

// Options choose the device.
type Options struct {
	Null     bool // use the null device even when a sound card is present (headless runs, tests)
	Rate     int  // samples per second; default 48000
	Channels int  // default 2
}

// Speaker is an open playback device. It implements player.AudioOut.
type Speaker struct {
	ctx      *malgo.AllocatedContext
	dev      *malgo.Device
	rate     int
	channels int
	latency  time.Duration
	null     bool

	mu      sync.Mutex
	fill    func([]float32)
	started bool
	closed  bool
}

// period is how much sound the device asks for at a time.
const period = 10 * time.Millisecond

// Open opens the default output device, or the null device when there is none or when asked.
func Open(opt Options) (*Speaker, error) {
	if opt.Rate <= 0 {
		opt.Rate = 48000
	}
	if opt.Channels <= 0 {
		opt.Channels = 2
	}
	s := &Speaker{rate: opt.Rate, channels: opt.Channels}
	var errReal error
	if !opt.Null {
		if errReal = s.open(nil); errReal == nil {
			return s, nil
		}
	}
	if err := s.open([]malgo.Backend{backendNull}); err != nil {
		return nil, errors.Join(fmt.Errorf("open sound output: %w", err), errReal)
	}
	s.null = true
	return s, nil
}

func (s *Speaker) open(backends []malgo.Backend) error {
	ctx, err := malgo.InitContext(backends, malgo.ContextConfig{}, nil)
	if err != nil {
		return err
	}
	cfg := malgo.DefaultDeviceConfig(malgo.Playback)
	cfg.Playback.Format = malgo.FormatF32
	cfg.Playback.Channels = uint32(s.channels)
	cfg.SampleRate = uint32(s.rate)
	cfg.PeriodSizeInFrames = uint32(s.rate * int(period/time.Millisecond) / 1000)
	cfg.Periods = 3
	cfg.PerformanceProfile = malgo.LowLatency
	dev, err := malgo.InitDevice(ctx.Context, cfg, malgo.DeviceCallbacks{Data: s.data})
	if err != nil {
		_ = ctx.Uninit()
		ctx.Free()
		return err
	}
	s.ctx, s.dev = ctx, dev
	if backends == nil {
		s.latency = period * time.Duration(cfg.Periods)
	} else {
		// The null device counts a period as played one period after it was handed over.
		s.latency = period
	}
	return nil
}

// data is miniaudio's callback, on the device's thread.
func (s *Speaker) data(out, _ []byte, frames uint32) {
	buf := unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(out))), len(out)/4)
	s.mu.Lock()
	fill := s.fill
	s.mu.Unlock()
	if fill == nil {
		clear(buf)
		return
	}
	fill(buf)
}

// Format is the device's sample rate and channel count.
func (s *Speaker) Format() (rate, channels int) { return s.rate, s.channels }

// Latency is how long a sample waits in the device before it is heard.
func (s *Speaker) Latency() time.Duration { return s.latency }

// Null reports whether the null device is in use (nothing is heard).
func (s *Speaker) Null() bool { return s.null }

// Start begins calling fill from the device's thread.
func (s *Speaker) Start(fill func(out []float32)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("sound output is closed")
	}
	s.fill = fill
	if s.started {
		return nil
	}
	if err := s.dev.Start(); err != nil {
		return fmt.Errorf("start sound output: %w", err)
	}
	s.started = true
	return nil
}

// Close stops the device; fill is not called after it returns.
func (s *Speaker) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.fill = nil
	s.mu.Unlock()
	s.dev.Uninit() // stops the device thread first
	_ = s.ctx.Uninit()
	s.ctx.Free()
	return nil
}
