package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sync"
	"time"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
)

// PlaybackOptions set up a film for playback.
type PlaybackOptions struct {
	// AudioRate and AudioChannels are the sound device's format; with AudioRate 0 no sound is
	// decoded.
	AudioRate, AudioChannels int
	// Width and Height are the size of the first pictures (SetVideoSize changes it later);
	// 0 means the film's display size, at most 1920 wide.
	Width, Height int
	// NoPixels decodes and times the pictures but never converts them to RGBA: frames come
	// with a nil Image. For headless runs, which show nothing (like mpv --vo=null).
	NoPixels bool
	// Threads for the video decoder; 0 means one per core.
	Threads int
}

// frameRing is how many picture buffers a playback owns: one on screen, one the screen may
// still be drawing, one due next, and two the decoder may fill meanwhile.
const frameRing = 5

// Playback is a film opened for playing: a demuxer goroutine feeds a video decoder goroutine
// (decode, then scale into a ring of reused RGBA buffers) and an audio decoder goroutine
// (decode, then an abuffer → atempo → aresample → aformat filter graph into the device's
// format). It implements player.Media. Each FFmpeg context is owned by one of those goroutines.
type Playback struct {
	in       *input
	info     player.MediaInfo
	vs       *astiav.Stream
	origin   time.Duration
	rotation int
	fps      float64
	opt      PlaybackOptions

	video  chan *player.Frame
	audio  chan *player.Samples
	vq, aq *packetQueue
	free   chan *image.RGBA
	wake   chan struct{}

	mu       sync.Mutex
	serial   int
	seekReq  *queued
	stale    chan struct{} // closed when the serial changes
	audioIdx int
	speed    float64
	w, h     int
	err      error

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// OpenPlayback opens path and starts decoding from the beginning. The caller's first Seek
// chooses where playback starts.
func OpenPlayback(ctx context.Context, path string, opt PlaybackOptions) (*Playback, error) {
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	in, err := openInput(pctx, path)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("play %s: %w", path, err)
	}
	info, err := in.info()
	if err != nil {
		in.Close()
		cancel()
		return nil, fmt.Errorf("play %s: %w", path, err)
	}
	p := &Playback{
		in: in, info: info, opt: opt, origin: in.origin(),
		wake: make(chan struct{}, 1), stale: make(chan struct{}),
		audioIdx: -1, speed: 1, ctx: pctx, cancel: cancel,
	}
	// About 1.5–3 s of 30 fps video and 1–2 s of AAC sound queued ahead of the decoders.
	p.vq = newPacketQueue(48, 96, p.poke)
	p.aq = newPacketQueue(48, 96, p.poke)
	if vs, err := in.videoStream(); err == nil {
		p.vs = vs
		p.rotation = rotation(vs)
		p.fps = vs.AvgFrameRate().Float64()
		p.video = make(chan *player.Frame, 2)
		p.free = make(chan *image.RGBA, frameRing)
		for range frameRing {
			p.free <- nil
		}
		p.w, p.h = opt.Width, opt.Height
		if p.w <= 0 || p.h <= 0 {
			st := stream(vs)
			p.w, p.h = st.DisplaySize()
			if p.w > 1920 {
				p.w, p.h = 1920, p.h*1920/p.w
			}
		}
		p.w, p.h = max(2, p.w&^1), max(2, p.h&^1)
	}
	if a, ok := info.Audio(); ok && opt.AudioRate > 0 && opt.AudioChannels > 0 {
		p.audioIdx = a.Index
		p.audio = make(chan *player.Samples, 16)
	}
	if p.video == nil && p.audio == nil {
		in.Close()
		cancel()
		return nil, fmt.Errorf("play %s: nothing to play: no video stream and no sound", path)
	}
	p.wg.Add(1)
	go p.demux()
	if p.video != nil {
		p.wg.Add(1)
		go p.decodeVideo()
	}
	if p.audio != nil {
		p.wg.Add(1)
		go p.decodeAudio()
	}
	return p, nil
}

// Info describes the film.
func (p *Playback) Info() player.MediaInfo { return p.info }

// Video delivers the pictures; nil without a video stream.
func (p *Playback) Video() <-chan *player.Frame {
	if p.video == nil {
		return nil
	}
	return p.video
}

// Audio delivers the sound; nil when none is decoded.
func (p *Playback) Audio() <-chan *player.Samples {
	if p.audio == nil {
		return nil
	}
	return p.audio
}

// Seek restarts decoding at t.
func (p *Playback) Seek(t time.Duration, exact bool) int {
	p.mu.Lock()
	p.serial++
	s := p.serial
	p.seekReq = &queued{serial: s, target: t, exact: exact}
	close(p.stale)
	p.stale = make(chan struct{})
	p.mu.Unlock()
	p.poke()
	return s
}

// SetSpeed changes the tempo of the sound decoded from now on.
func (p *Playback) SetSpeed(speed float64) {
	p.mu.Lock()
	p.speed = speed
	p.mu.Unlock()
}

// SetVideoSize sets the size of the pictures decoded from now on.
func (p *Playback) SetVideoSize(w, h int) {
	if w < 2 || h < 2 {
		return
	}
	p.mu.Lock()
	p.w, p.h = w&^1, h&^1
	p.mu.Unlock()
}

// SelectAudio switches the sound to another stream.
func (p *Playback) SelectAudio(index int) error {
	if p.audio == nil {
		return errors.New("sound is off")
	}
	if index < 0 || index >= len(p.info.Streams) || p.info.Streams[index].Type != player.StreamAudio {
		return fmt.Errorf("stream %d is not an audio stream", index)
	}
	p.mu.Lock()
	p.audioIdx = index
	p.mu.Unlock()
	return nil
}

// Err is the problem that ended reading early, if any.
func (p *Playback) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *Playback) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

// Close stops the goroutines and frees everything.
func (p *Playback) Close() error {
	p.cancel()
	p.vq.close()
	p.aq.close()
	p.wg.Wait()
	p.in.Close()
	return nil
}

func (p *Playback) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// current returns the serial and the channel closed when it changes.
func (p *Playback) current() (int, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.serial, p.stale
}

func (p *Playback) takeSeek() *queued {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.seekReq
	p.seekReq = nil
	return r
}

func (p *Playback) audioIndex() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.audioIdx
}

// demux reads packets into the decoders' queues until every queue holds enough, and performs
// seeks.
func (p *Playback) demux() {
	defer p.wg.Done()
	pkt := astiav.AllocPacket()
	defer pkt.Free()
	vidx := -1
	if p.vs != nil {
		vidx = p.vs.Index()
	}
	serial, eof, first := 0, false, true
	var last time.Duration
	for p.ctx.Err() == nil {
		if req := p.takeSeek(); req != nil {
			serial = req.serial
			if !first || req.target > 0 {
				p.seekTo(req.target)
			}
			first, eof = false, false
			p.vq.flush(serial, req.target, req.exact)
			p.aq.flush(serial, req.target, req.exact)
		}
		aidx := p.audioIndex()
		videoFed := vidx < 0 || p.vq.enough()
		audioFed := aidx < 0 || p.aq.enough()
		if first || eof || p.vq.full() || p.aq.full() || videoFed && audioFed {
			select {
			case <-p.wake:
			case <-p.ctx.Done():
			case <-time.After(250 * time.Millisecond): // a safety net: a queue going low pokes
			}
			continue
		}
		if err := p.in.read(pkt); err != nil {
			if p.ctx.Err() != nil {
				return
			}
			var inc *IncompleteError
			switch {
			case errors.As(err, &inc):
				p.fail(err)
			case !errors.Is(err, astiav.ErrEof):
				p.fail(fmt.Errorf("the file is damaged or incomplete after %s: %w", clockText(last), err))
			}
			eof = true
			p.vq.put(queued{eof: true, serial: serial})
			p.aq.put(queued{eof: true, serial: serial})
			continue
		}
		idx := pkt.StreamIndex()
		if idx != vidx && idx != aidx {
			pkt.Unref()
			continue
		}
		if idx == vidx && pkt.Pts() != astiav.NoPtsValue {
			last = toDuration(pkt.Pts()-startTime(p.vs), p.vs.TimeBase())
		}
		c := astiav.AllocPacket()
		c.MoveRef(pkt)
		if idx == vidx {
			p.vq.put(queued{pkt: c, serial: serial})
		} else {
			p.aq.put(queued{pkt: c, serial: serial})
		}
	}
}

// seekTo moves the demuxer to the keyframe at or before t.
func (p *Playback) seekTo(t time.Duration) {
	var err error
	if p.vs != nil {
		ts := fromDuration(t, p.vs.TimeBase()) + startTime(p.vs)
		err = p.in.seek(p.vs.Index(), ts, astiav.NewSeekFlags(astiav.SeekFlagBackward))
	} else {
		ts := int64((t + p.origin) / time.Microsecond)
		err = p.in.seek(-1, ts, astiav.NewSeekFlags(astiav.SeekFlagBackward))
	}
	if err != nil {
		slog.Warn("seek", "path", p.info.Path, "to", t, "err", err)
	}
}

// decodeVideo turns the video queue into pictures of the current size.
func (p *Playback) decodeVideo() {
	defer p.wg.Done()
	// Upright films take the fast path; turned ones (phones) go through the orienter.
	sc := newScaler(astiav.SoftwareScaleContextFlagBilinear)
	defer sc.Close()
	or := &orienter{sc: sc, rotation: p.rotation}
	var view viewScaler
	defer view.Close()
	toRGBA := view.scale
	if p.rotation != 0 {
		toRGBA = or.toRGBA
	}
	dec, err := openDecoder(p.vs, decodeOptions{threads: p.opt.Threads})
	if err != nil {
		p.fail(fmt.Errorf("video: %w", err))
	} else {
		defer dec.Close()
	}
	frameDur := time.Second / 30
	if p.fps > 1 {
		frameDur = time.Duration(float64(time.Second) / p.fps)
	}
	tb := p.vs.TimeBase()
	var serial int
	var target time.Duration
	var exact bool
	pictures, bad := 0, 0 // pictures decoded; packets in a row that gave none
	emit := func(f *astiav.Frame) error {
		pictures++
		pts := toDuration(dec.pts(f), tb)
		if exact && pts+frameDur <= target {
			return nil
		}
		if cur, _ := p.current(); cur != serial {
			return errStop // a seek made the rest of this packet's pictures stale
		}
		img, ok := p.buffer(serial)
		if !ok {
			return errStop
		}
		if !p.opt.NoPixels {
			p.mu.Lock()
			w, h := p.w, p.h
			p.mu.Unlock()
			img = resize(img, w, h)
			if err := toRGBA(f, img); err != nil {
				p.free <- img
				return err
			}
		}
		fr := player.NewFrame(img, pts, serial, func() { p.free <- img })
		if !p.sendVideo(fr, serial) {
			fr.Release()
			return errStop
		}
		return nil
	}
	for {
		it, ok := p.vq.get()
		if !ok {
			return
		}
		switch {
		case it.flush:
			serial, target, exact = it.serial, it.target, it.exact
			if dec != nil {
				flushCodec(dec.ccPtr)
			}
		case it.eof:
			if dec != nil {
				if err := dec.cc.SendPacket(nil); err == nil {
					_ = dec.drain(emit)
				}
				flushCodec(dec.ccPtr) // ready to decode again after a later seek
			}
			if pictures == 0 && bad > 0 {
				p.fail(errors.New("the pictures cannot be decoded (damaged, or encrypted)"))
			}
			p.sendVideo(&player.Frame{Serial: serial, EOF: true}, serial)
		case dec == nil:
			it.pkt.Free()
		default:
			before := pictures
			err := decodePacket(dec, it.pkt, emit)
			it.pkt.Free()
			if err != nil && !errors.Is(err, errStop) {
				slog.Debug("video decode", "err", err)
			}
			if pictures == before {
				if bad++; bad == maxBadPackets && pictures == 0 {
					p.fail(fmt.Errorf("the pictures cannot be decoded (damaged, or encrypted): %w", err))
				}
			} else {
				bad = 0
			}
		}
	}
}

// decodePacket sends one packet to the decoder and hands every frame it returns to fn.
func decodePacket(d *decoder, pkt *astiav.Packet, fn func(*astiav.Frame) error) error {
	err := d.cc.SendPacket(pkt)
	for errors.Is(err, astiav.ErrEagain) {
		if err := d.drain(fn); err != nil {
			return err
		}
		err = d.cc.SendPacket(pkt)
	}
	if err != nil {
		return err // a damaged packet; the next one may decode
	}
	return d.drain(fn)
}

// buffer takes a picture buffer from the ring, waiting for the screen to hand one back; it
// gives up when a seek makes serial stale.
func (p *Playback) buffer(serial int) (*image.RGBA, bool) {
	cur, stale := p.current()
	if cur != serial {
		return nil, false
	}
	select {
	case img := <-p.free:
		return img, true
	case <-stale:
		return nil, false
	case <-p.ctx.Done():
		return nil, false
	}
}

func (p *Playback) sendVideo(f *player.Frame, serial int) bool { return send(p, p.video, f, serial) }

func (p *Playback) sendAudio(s *player.Samples) bool { return send(p, p.audio, s, s.Serial) }

// send hands v to a decoder's output, waiting for room; it gives up when a seek makes serial
// stale or the playback closes.
func send[T any](p *Playback, out chan T, v T, serial int) bool {
	cur, stale := p.current()
	if cur != serial {
		return false
	}
	select {
	case out <- v:
		return true
	case <-stale:
		return false
	case <-p.ctx.Done():
		return false
	}
}

// clockText is t as h:mm:ss.
func clockText(t time.Duration) string {
	s := int(t / time.Second)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}
