package player

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Options set up an engine.
type Options struct {
	Start  time.Duration // where playback begins
	Paused bool          // show the first picture and wait
	Volume float64       // 0–100; 0 means the default, 100
	// OnEvent, when set, hears about the first picture, the end of the film and decode errors.
	// It is called from the engine's goroutine and must not block.
	OnEvent func(Event)
}

// EventKind tells events apart.
type EventKind int

// The events an engine reports.
const (
	EventFirstFrame EventKind = iota // the first picture after opening is on screen
	EventEnded                       // the film played to its end; the engine is paused
	EventError                       // decoding stopped early (Err says why); what was read plays
	EventSeeked                      // the first picture after a seek is on screen
)

// Event is something an engine reports.
type Event struct {
	Kind EventKind
	At   time.Duration
	Err  error
}

// State is a snapshot of the engine for a UI.
type State struct {
	Position    time.Duration
	Duration    time.Duration
	Paused      bool
	Ended       bool
	Speed       float64
	Volume      float64 // 0–100
	Muted       bool
	AudioStream int // index into MediaInfo.Streams, -1 without sound
}

// Stats are what the engine measured while it played.
type Stats struct {
	FirstFrame time.Duration   // from Run to the first picture shown
	Presented  int             // frames shown
	Dropped    int             // frames skipped because they were late
	Offsets    []time.Duration // for each frame shown: its time minus the master clock's
}

// The tempo range atempo handles in one stage, and the one a viewer is offered.
const (
	MinSpeed = 0.5
	MaxSpeed = 2.0
)

// Engine plays a Media: audio is the master clock, video follows it (dropping late pictures,
// waiting for early ones), and commands from any goroutine go through a coalescing queue. Run
// is synchronous; every other method is safe to call from any goroutine.
type Engine struct {
	media Media
	out   AudioOut
	sink  VideoSink
	opt   Options
	info  MediaInfo

	cmds   *commandQueue
	video  <-chan *Frame
	audio  <-chan *Samples
	rate   int
	chans  int
	outLat time.Duration

	// Shared with the sound device's thread.
	serial   atomic.Int64
	paused   atomic.Bool
	hold     atomic.Bool   // after a seek, the sound waits for the first picture
	gain     atomic.Uint64 // math.Float64bits of the linear gain
	audioEnd atomic.Int64  // serial whose sound has ended, -1 before
	aclock   clock         // the played-sample clock
	cur      *Samples      // owned by fill
	off      int           // owned by fill

	errReported bool // owned by Run

	sclock clock // the system clock: leads without sound, follows the frames shown

	mu       sync.Mutex // guards what follows
	state    State
	stats    Stats
	shown    [2]*Frame // the frame on screen and the one before it
	started  time.Time
	seekedAt time.Time
	target   time.Duration // where the last seek went
	stepped  bool          // a frame step moved the picture away from the sound
	wantShow bool          // show the next frame at once (after a seek)
	videoEnd bool
	ended    bool
}

// New makes an engine for m. out may be nil (no sound); sink may be nil (pictures are decoded,
// timed and counted, then dropped: the headless mode).
func New(m Media, out AudioOut, sink VideoSink, opt Options) *Engine {
	e := &Engine{media: m, out: out, sink: sink, opt: opt, info: m.Info(), cmds: newCommandQueue()}
	e.video = m.Video()
	if out != nil {
		e.audio = m.Audio()
		e.rate, e.chans = out.Format()
		e.outLat = out.Latency()
	}
	vol := opt.Volume
	if vol <= 0 {
		vol = 100
	}
	e.state = State{Duration: e.info.Duration, Speed: 1, Volume: vol, Paused: opt.Paused, AudioStream: -1}
	if a, ok := e.info.Audio(); ok && e.audio != nil {
		e.state.AudioStream = a.Index
	}
	e.setGain()
	e.audioEnd.Store(-1)
	return e
}

// Info is the media's description.
func (e *Engine) Info() MediaInfo { return e.info }

// State returns a snapshot.
func (e *Engine) State() State {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.state
	s.Position = e.positionLocked(time.Now())
	return s
}

// Stats returns what was measured so far.
func (e *Engine) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.stats
	s.Offsets = append([]time.Duration(nil), s.Offsets...)
	return s
}

// Commands. Each returns at once; the engine's loop applies them in order.

// Seek moves the playhead to t: exact lands on the frame at t, otherwise on the keyframe before
// it (fast, for scrubbing).
func (e *Engine) Seek(t time.Duration, exact bool) {
	e.cmds.push(command{kind: cmdSeek, at: t, exact: exact})
}

// SeekBy moves the playhead by d from where it is, or from where a queued seek will land.
func (e *Engine) SeekBy(d time.Duration) {
	base, ok := e.cmds.pendingSeek()
	if !ok {
		base = e.State().Position
	}
	e.Seek(base+d, true)
}

// SetPaused pauses or resumes.
func (e *Engine) SetPaused(on bool) { e.cmds.push(command{kind: cmdPause, on: on}) }

// TogglePause pauses a playing film and resumes a paused one.
func (e *Engine) TogglePause() { e.SetPaused(!e.State().Paused) }

// Step shows the next frame and pauses.
func (e *Engine) Step() { e.cmds.push(command{kind: cmdStep}) }

// SetSpeed plays at speed (clamped to 0.5–2), keeping the pitch.
func (e *Engine) SetSpeed(speed float64) {
	e.cmds.push(command{kind: cmdSpeed, speed: math.Min(MaxSpeed, math.Max(MinSpeed, speed))})
}

// SelectAudio switches to another audio stream (an index into Info().Streams).
func (e *Engine) SelectAudio(stream int) { e.cmds.push(command{kind: cmdAudioTrack, index: stream}) }

// SetVolume sets the volume, 0–100 (a cubic curve, like mpv's).
func (e *Engine) SetVolume(v float64) {
	e.mu.Lock()
	e.state.Volume = math.Min(100, math.Max(0, v))
	e.mu.Unlock()
	e.setGain()
}

// SetMuted mutes or unmutes.
func (e *Engine) SetMuted(on bool) {
	e.mu.Lock()
	e.state.Muted = on
	e.mu.Unlock()
	e.setGain()
}

// SetVideoSize asks the media for pictures of this size from now on.
func (e *Engine) SetVideoSize(w, h int) { e.media.SetVideoSize(w, h) }

func (e *Engine) setGain() {
	e.mu.Lock()
	g := math.Pow(e.state.Volume/100, 3)
	if e.state.Muted {
		g = 0
	}
	e.mu.Unlock()
	e.gain.Store(math.Float64bits(g))
}

// positionLocked is the film time the viewer is at.
func (e *Engine) positionLocked(now time.Time) time.Duration {
	p, ok := e.masterLocked(now)
	if !ok {
		p = e.target
		if f := e.shown[0]; f != nil && f.Serial == int(e.serial.Load()) {
			p = f.PTS
		}
	}
	return max(0, min(p, e.info.Duration))
}

// masterLocked is the clock the pictures follow: the played-sample clock while there is
// sound, the system clock otherwise (and when sound does not arrive within a second of a seek).
func (e *Engine) masterLocked(now time.Time) (time.Duration, bool) {
	serial := int(e.serial.Load())
	if e.audio != nil {
		if t, ok := e.aclock.get(now, serial); ok {
			return t, true
		}
		if now.Sub(e.seekedAt) < time.Second && e.audioEnd.Load() != int64(serial) {
			return 0, false
		}
	}
	return e.sclock.get(now, serial)
}

// fill is the sound device's callback: it copies decoded sound into out and anchors the
// played-sample clock: the first sample of out is heard Latency() from now.
func (e *Engine) fill(out []float32) {
	now := time.Now()
	serial := int(e.serial.Load())
	if e.paused.Load() || e.hold.Load() {
		clear(out)
		return
	}
	gain := float32(math.Float64frombits(e.gain.Load()))
	n := 0
	var first time.Duration
	speed := 1.0
	have := false
	for n < len(out) {
		if e.cur != nil && (e.cur.Serial != serial || e.off >= len(e.cur.Data)) {
			e.cur = nil
		}
		if e.cur == nil {
			if e.audioEnd.Load() == int64(serial) {
				break
			}
			var s *Samples
			select {
			case s = <-e.audio:
			default:
			}
			if s == nil {
				break // underrun
			}
			if s.Serial != serial {
				continue
			}
			if s.EOF {
				e.audioEnd.Store(int64(serial))
				continue
			}
			e.cur, e.off = s, 0
		}
		if !have {
			frames := e.off / e.chans
			first = e.cur.PTS + time.Duration(float64(frames)*e.cur.Speed*float64(time.Second)/float64(e.rate))
			speed, have = e.cur.Speed, true
		}
		k := copy(out[n:], e.cur.Data[e.off:])
		for i := n; i < n+k; i++ {
			out[i] *= gain
		}
		n += k
		e.off += k
	}
	clear(out[n:])
	switch {
	case have:
		e.aclock.anchor(first-time.Duration(float64(e.outLat)*speed), now, speed, serial)
	case e.audioEnd.Load() == int64(serial):
		// The sound is over: its clock runs on by itself for the pictures that remain.
	default:
		e.aclock.freeze(now) // an underrun: nothing is heard, so time stands still
	}
}

// Run plays until ctx ends. It starts the sound device, applies commands, and shows each
// picture when the master clock reaches it.
func (e *Engine) Run(ctx context.Context) error {
	e.mu.Lock()
	e.started = time.Now()
	e.mu.Unlock()
	e.paused.Store(e.opt.Paused)
	e.seek(e.opt.Start, true)
	if e.audio != nil {
		if err := e.out.Start(e.fill); err != nil {
			e.audio = nil // play the pictures on the system clock
			e.emit(Event{Kind: EventError, Err: err})
		}
	}
	defer e.releaseAll()

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	wait := func(d time.Duration) bool {
		timer.Reset(d)
		select {
		case <-ctx.Done():
			return false
		case <-e.cmds.wake:
		case <-timer.C:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		return true
	}
	var pending *Frame
	drop := func() {
		pending.Release()
		pending = nil
	}
	for ctx.Err() == nil {
		if e.apply(&pending) {
			drop()
		}
		e.reportErr()
		serial := int(e.serial.Load())
		if pending != nil && pending.Serial != serial {
			drop()
		}
		if pending == nil && e.video != nil && !e.videoEndNow() {
			select {
			case f := <-e.video:
				if f.Serial != serial {
					f.Release()
					continue
				}
				if f.EOF {
					e.hold.Store(false)
					e.mu.Lock()
					e.videoEnd = true
					e.mu.Unlock()
					f.Release()
					continue
				}
				pending = f
			case <-ctx.Done():
				return nil
			case <-e.cmds.wake:
				continue
			case <-rearm(timer, 20*time.Millisecond):
				e.checkEnd()
				continue
			}
		}
		if pending == nil {
			e.checkEnd()
			if !wait(20 * time.Millisecond) {
				return nil
			}
			continue
		}
		e.mu.Lock()
		immediate := e.wantShow
		e.mu.Unlock()
		if immediate {
			e.present(pending, true)
			pending = nil
			continue
		}
		if e.paused.Load() {
			if !wait(50 * time.Millisecond) {
				return nil
			}
			continue
		}
		now := time.Now()
		e.mu.Lock()
		clk, ok := e.masterLocked(now)
		e.mu.Unlock()
		if !ok {
			if !wait(5 * time.Millisecond) {
				return nil
			}
			continue
		}
		if early := pending.PTS - clk; early > time.Millisecond {
			if !wait(min(early, 20*time.Millisecond)) {
				return nil
			}
			continue
		}
		// Due. If the next picture is due as well, this one is too late to be worth showing.
		select {
		case next := <-e.video:
			if next.Serial == serial && !next.EOF && next.PTS <= clk {
				pending.Release()
				e.mu.Lock()
				e.stats.Dropped++
				e.mu.Unlock()
				pending = next
				continue
			}
			e.present(pending, false)
			pending = nil
			if next.Serial == serial && next.EOF {
				e.mu.Lock()
				e.videoEnd = true
				e.mu.Unlock()
				next.Release()
			} else {
				pending = next
			}
		default:
			e.present(pending, false)
			pending = nil
		}
	}
	return nil
}

func (e *Engine) videoEndNow() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.videoEnd
}

// present shows f and records its offset from the master clock.
func (e *Engine) present(f *Frame, afterSeek bool) {
	if e.sink != nil {
		e.sink.Show(f)
	}
	now := time.Now()
	e.mu.Lock()
	first := e.stats.Presented == 0
	if first {
		e.stats.FirstFrame = now.Sub(e.started)
	}
	e.stats.Presented++
	if afterSeek {
		e.wantShow = false
		e.hold.Store(false)
		// Without sound the system clock starts from the first picture after a seek.
		speed := e.state.Speed
		if e.paused.Load() {
			speed = 0
		}
		e.sclock.set(f.PTS, now, speed, f.Serial)
	} else if clk, ok := e.masterLocked(now); ok {
		e.stats.Offsets = append(e.stats.Offsets, f.PTS-clk)
	}
	if old := e.shown[1]; old != nil {
		old.Release()
	}
	e.shown[1], e.shown[0] = e.shown[0], f
	e.mu.Unlock()
	switch {
	case first:
		e.emit(Event{Kind: EventFirstFrame, At: f.PTS})
	case afterSeek:
		e.emit(Event{Kind: EventSeeked, At: f.PTS})
	}
}

// reportErr reports the media's decode error once.
func (e *Engine) reportErr() {
	if e.errReported {
		return
	}
	if err := e.media.Err(); err != nil {
		e.errReported = true
		e.emit(Event{Kind: EventError, Err: err})
	}
}

func (e *Engine) emit(ev Event) {
	if e.opt.OnEvent != nil {
		e.opt.OnEvent(ev)
	}
}

// checkEnd notices the end of the film: both streams ended and the sound has been heard.
func (e *Engine) checkEnd() {
	serial := int(e.serial.Load())
	e.mu.Lock()
	videoDone := e.video == nil || e.videoEnd
	audioDone := e.audio == nil || e.audioEnd.Load() == int64(serial)
	if e.ended || !videoDone || !audioDone || e.paused.Load() {
		e.mu.Unlock()
		return
	}
	// Let the last picture stay its time and the device play out what it holds.
	if clk, ok := e.masterLocked(time.Now()); ok && e.shown[0] != nil && clk < e.shown[0].PTS+e.outLat {
		e.mu.Unlock()
		return
	}
	e.ended = true
	e.state.Ended = true
	e.state.Paused = true
	e.paused.Store(true)
	now := time.Now()
	e.aclock.hold(now)
	e.sclock.freeze(now)
	at := e.positionLocked(now)
	e.mu.Unlock()
	e.reportErr()
	e.emit(Event{Kind: EventEnded, At: at})
}

// apply runs the queued commands; it reports whether the pending picture is stale.
func (e *Engine) apply(pending **Frame) (dropPending bool) {
	for _, c := range e.cmds.take() {
		switch c.kind {
		case cmdSeek:
			e.seek(c.at, c.exact)
			dropPending = true
		case cmdPause:
			if e.setPaused(c.on) {
				dropPending = true
			}
		case cmdStep:
			e.step(pending)
		case cmdSpeed:
			e.mu.Lock()
			e.state.Speed = c.speed
			e.mu.Unlock()
			e.media.SetSpeed(c.speed)
			if !e.paused.Load() {
				e.sclock.run(time.Now(), c.speed)
			}
		case cmdAudioTrack:
			if e.audio == nil {
				continue
			}
			if err := e.media.SelectAudio(c.index); err != nil {
				e.emit(Event{Kind: EventError, Err: err})
				continue
			}
			e.mu.Lock()
			e.state.AudioStream = c.index
			pos := e.positionLocked(time.Now())
			e.mu.Unlock()
			e.seek(pos, true)
			dropPending = true
		}
	}
	return dropPending
}

func (e *Engine) seek(t time.Duration, exact bool) {
	t = max(0, min(t, e.info.Duration))
	serial := e.media.Seek(t, exact)
	e.hold.Store(e.video != nil)
	e.serial.Store(int64(serial))
	e.aclock.invalidate()
	e.sclock.invalidate()
	e.mu.Lock()
	e.target = t
	e.seekedAt = time.Now()
	e.wantShow = true
	e.videoEnd = false
	e.stepped = false
	if e.ended {
		e.ended = false
		e.state.Ended = false
	}
	e.mu.Unlock()
}

// setPaused pauses or resumes; it reports whether it seeked (a resume after a frame step
// brings the sound back to the picture).
func (e *Engine) setPaused(on bool) (seeked bool) {
	now := time.Now()
	e.mu.Lock()
	if on == e.state.Paused {
		e.mu.Unlock()
		return false
	}
	ended, stepped := e.ended, e.stepped
	pos := e.positionLocked(now)
	e.state.Paused = on
	speed := e.state.Speed
	e.mu.Unlock()
	if on {
		e.paused.Store(true)
		e.aclock.hold(now)
		e.sclock.freeze(now)
		return false
	}
	switch {
	case ended:
		e.seek(0, true)
		seeked = true
	case stepped:
		e.seek(pos, true)
		seeked = true
	}
	e.aclock.run(now, speed)
	e.sclock.run(now, speed)
	e.paused.Store(false)
	return seeked
}

// step shows the next picture and pauses there.
func (e *Engine) step(pending **Frame) {
	e.setPaused(true)
	if e.video == nil {
		return
	}
	serial := int(e.serial.Load())
	f := *pending
	*pending = nil
	for f == nil || f.Serial != serial || f.EOF {
		f.Release()
		select {
		case f = <-e.video:
		case <-time.After(2 * time.Second):
			return
		}
	}
	e.present(f, false)
	now := time.Now()
	e.aclock.set(f.PTS, now, 0, serial)
	e.sclock.set(f.PTS, now, 0, serial)
	e.mu.Lock()
	e.stepped = true
	e.mu.Unlock()
}

func (e *Engine) releaseAll() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, f := range e.shown {
		f.Release()
		e.shown[i] = nil
	}
}

// Close stops the sound device and closes the media. Call it after Run has returned.
func (e *Engine) Close() error {
	if e.out != nil {
		_ = e.out.Close()
	}
	return e.media.Close()
}

// rearm resets t to fire after d and returns its channel: the loop's one timer serves every
// wait instead of a new one per pass.
func rearm(t *time.Timer, d time.Duration) <-chan time.Time {
	t.Reset(d)
	return t.C
}
