// Package playertest has fakes for the playback engine's consumer-side interfaces: a Media that
// makes pictures and silence of a given length on the fly, and a sound device that consumes
// samples in real time on a ticker, like miniaudio's null device.
package playertest

import (
	"image"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reel-app/reel/player"
)

// Media is a film of Duration at FPS with sound at Rate (stereo), made as it is read.
type Media struct {
	Duration time.Duration
	FPS      int
	Rate     int
	NoAudio  bool

	once   sync.Once
	video  chan *player.Frame
	audio  chan *player.Samples
	mu     sync.Mutex
	serial int
	start  time.Duration
	speed  float64
	wake   chan struct{}
	quit   chan struct{}
	seeks  atomic.Int64
	wg     sync.WaitGroup
}

func (m *Media) init() {
	m.once.Do(func() {
		if m.FPS == 0 {
			m.FPS = 25
		}
		if m.Rate == 0 {
			m.Rate = 48000
		}
		m.speed = 1
		m.video = make(chan *player.Frame, 2)
		if !m.NoAudio {
			m.audio = make(chan *player.Samples, 8)
		}
		m.wake = make(chan struct{}, 1)
		m.quit = make(chan struct{})
		m.wg.Add(1)
		go m.produce()
	})
}

// Seeks counts the Seek calls.
func (m *Media) Seeks() int { return int(m.seeks.Load()) }

// Info describes the fake film.
func (m *Media) Info() player.MediaInfo {
	info := player.MediaInfo{Path: "fake", Duration: m.Duration, Streams: []player.Stream{
		{Index: 0, Type: player.StreamVideo, Width: 64, Height: 36, FPS: float64(m.FPS)}}}
	if !m.NoAudio {
		info.Streams = append(info.Streams, player.Stream{Index: 1, Type: player.StreamAudio, Channels: 2, SampleRate: m.Rate, Default: true})
	}
	return info
}

func (m *Media) Video() <-chan *player.Frame { m.init(); return m.video }

func (m *Media) Audio() <-chan *player.Samples {
	m.init()
	if m.audio == nil {
		return nil
	}
	return m.audio
}

func (m *Media) Seek(t time.Duration, _ bool) int {
	m.init()
	m.seeks.Add(1)
	m.mu.Lock()
	m.serial++
	m.start = t
	s := m.serial
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
	return s
}

func (m *Media) SetSpeed(s float64)    { m.mu.Lock(); m.speed = s; m.mu.Unlock() }
func (m *Media) SetVideoSize(int, int) {}
func (m *Media) SelectAudio(int) error { return nil }
func (m *Media) Err() error            { return nil }

func (m *Media) Close() error {
	m.init()
	close(m.quit)
	m.wg.Wait()
	return nil
}

// produce makes frames and 10 ms runs of silence from the last seek on, each stream on its own
// goroutine, as a player's decoders run.
func (m *Media) produce() {
	defer m.wg.Done()
	var cancel chan struct{}
	var streams sync.WaitGroup
	defer func() {
		if cancel != nil {
			close(cancel)
		}
		streams.Wait()
	}()
	for {
		select {
		case <-m.quit:
			return
		case <-m.wake:
		}
		if cancel != nil {
			close(cancel)
			streams.Wait()
		}
		cancel = make(chan struct{})
		m.mu.Lock()
		serial, start := m.serial, m.start
		m.mu.Unlock()
		streams.Add(1)
		go func(stop chan struct{}) {
			defer streams.Done()
			m.runVideo(serial, start, stop)
		}(cancel)
		if m.audio != nil {
			streams.Add(1)
			go func(stop chan struct{}) {
				defer streams.Done()
				m.runAudio(serial, start, stop)
			}(cancel)
		}
	}
}

func (m *Media) runVideo(serial int, start time.Duration, stop chan struct{}) {
	frameDur := time.Second / time.Duration(m.FPS)
	for vt := start / frameDur * frameDur; ; vt += frameDur {
		f := player.NewFrame(image.NewRGBA(image.Rect(0, 0, 64, 36)), vt, serial, nil)
		if vt >= m.Duration {
			f = &player.Frame{Serial: serial, EOF: true}
		}
		select {
		case m.video <- f:
		case <-stop:
			return
		case <-m.quit:
			return
		}
		if f.EOF {
			return
		}
	}
}

func (m *Media) runAudio(serial int, start time.Duration, stop chan struct{}) {
	const chunk = 10 * time.Millisecond
	for at := start; ; at += chunk {
		m.mu.Lock()
		speed := m.speed
		m.mu.Unlock()
		s := &player.Samples{PTS: at, Speed: speed, Serial: serial,
			Data: make([]float32, 2*int(float64(m.Rate)*chunk.Seconds()/speed))}
		if at >= m.Duration {
			s = &player.Samples{Serial: serial, EOF: true}
		}
		select {
		case m.audio <- s:
		case <-stop:
			return
		case <-m.quit:
			return
		}
		if s.EOF {
			return
		}
	}
}

// Out is a sound device that asks for 10 ms of stereo samples every 10 ms.
type Out struct {
	Rate int

	mu     sync.Mutex
	stop   chan struct{}
	done   chan struct{}
	Frames atomic.Int64 // sample frames consumed
}

func (o *Out) Format() (int, int) {
	if o.Rate == 0 {
		o.Rate = 48000
	}
	return o.Rate, 2
}

func (o *Out) Latency() time.Duration { return 10 * time.Millisecond }

func (o *Out) Start(fill func([]float32)) error {
	rate, ch := o.Format()
	o.mu.Lock()
	defer o.mu.Unlock()
	o.stop, o.done = make(chan struct{}), make(chan struct{})
	buf := make([]float32, rate/100*ch)
	go func() {
		defer close(o.done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-o.stop:
				return
			case <-t.C:
				fill(buf)
				o.Frames.Add(int64(len(buf) / ch))
			}
		}
	}()
	return nil
}

func (o *Out) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stop != nil {
		close(o.stop)
		<-o.done
		o.stop = nil
	}
	return nil
}
