package ffmpeg

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/asticode/go-astiav"

	"github.com/reel-app/reel/player"
)

// audioGraph converts decoded sound to the device's format at a tempo: abuffer → [atempo] →
// aresample → aformat → abuffersink. go-astiav v0.16.0 has no swresample wrapper; the filter
// graph does the same work and adds atempo, which changes speed and keeps the pitch.
type audioGraph struct {
	g        *astiav.FilterGraph
	src      *astiav.FilterContext
	sink     *astiav.FilterContext
	out      *astiav.Frame
	speed    float64
	inKey    [3]int // sample rate, format and channels of the input it was built for
	base     time.Duration
	produced int64 // frames (per channel) that came out since base
}

func newAudioGraph(in *astiav.Frame, rate, channels int, speed float64) (*audioGraph, error) {
	g := &audioGraph{g: astiav.AllocFilterGraph(), out: astiav.AllocFrame(), speed: speed, inKey: audioKey(in)}
	if g.g == nil {
		return nil, errors.New("allocate filter graph")
	}
	fail := func(op string, err error) (*audioGraph, error) {
		g.Free()
		return nil, fmt.Errorf("audio filter: %s: %w", op, err)
	}
	layout := in.ChannelLayout().String()
	if !in.ChannelLayout().Valid() || layout == "" {
		layout = strconv.Itoa(in.ChannelLayout().NbChannels()) + "c"
	}
	args := astiav.FilterArgs{
		"time_base":      "1/" + strconv.Itoa(in.SampleRate()),
		"sample_rate":    strconv.Itoa(in.SampleRate()),
		"sample_fmt":     in.SampleFormat().Name(),
		"channel_layout": layout,
	}
	var err error
	if g.src, err = g.g.NewFilterContext(astiav.FindFilterByName("abuffer"), "in", args); err != nil {
		return fail("abuffer "+args.String(), err)
	}
	if g.sink, err = g.g.NewFilterContext(astiav.FindFilterByName("abuffersink"), "out", nil); err != nil {
		return fail("abuffersink", err)
	}
	outputs, inputs := astiav.AllocFilterInOut(), astiav.AllocFilterInOut()
	defer outputs.Free()
	defer inputs.Free()
	outputs.SetName("in")
	outputs.SetFilterContext(g.src)
	outputs.SetPadIdx(0)
	outputs.SetNext(nil)
	inputs.SetName("out")
	inputs.SetFilterContext(g.sink)
	inputs.SetPadIdx(0)
	inputs.SetNext(nil)
	if err := g.g.Parse(graphText(rate, channels, speed), inputs, outputs); err != nil {
		return fail("parse", err)
	}
	if err := g.g.Configure(); err != nil {
		return fail("configure", err)
	}
	return g, nil
}

// graphText is the filter chain after the source.
func graphText(rate, channels int, speed float64) string {
	layout := "stereo"
	switch channels {
	case 1:
		layout = "mono"
	case 2:
	default:
		layout = strconv.Itoa(channels) + "c"
	}
	chain := ""
	if speed != 1 {
		chain = "atempo=" + strconv.FormatFloat(speed, 'f', 4, 64) + ","
	}
	return fmt.Sprintf("%saresample=%d,aformat=sample_fmts=flt:sample_rates=%d:channel_layouts=%s", chain, rate, rate, layout)
}

func audioKey(f *astiav.Frame) [3]int {
	return [3]int{f.SampleRate(), int(f.SampleFormat()), f.ChannelLayout().NbChannels()}
}

func (g *audioGraph) Free() {
	if g.g != nil {
		g.g.Free()
	}
	g.out.Free()
}

// filter pushes f (nil flushes the graph) and hands each converted run of interleaved samples
// to fn with its film time.
func (g *audioGraph) filter(f *astiav.Frame, rate, channels int, fn func(data []float32, pts time.Duration) bool) error {
	if err := g.src.BuffersrcAddFrame(f, astiav.NewBuffersrcFlags(astiav.BuffersrcFlagKeepRef)); err != nil {
		return fmt.Errorf("audio filter: add frame: %w", err)
	}
	for {
		g.out.Unref()
		if err := g.sink.BuffersinkGetFrame(g.out, astiav.NewBuffersinkFlags()); err != nil {
			if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
				return nil
			}
			return fmt.Errorf("audio filter: get frame: %w", err)
		}
		n := g.out.NbSamples()
		data, err := interleaved(g.out, n*channels)
		if err != nil {
			return err
		}
		pts := g.base + time.Duration(float64(g.produced)*g.speed*float64(time.Second)/float64(rate))
		g.produced += int64(n)
		if !fn(data, pts) {
			return errStop
		}
	}
}

// decodeAudio turns the audio queue into runs of samples in the device's format.
func (p *Playback) decodeAudio() {
	defer p.wg.Done()
	rate, channels := p.opt.AudioRate, p.opt.AudioChannels
	var dec *decoder
	var graph *audioGraph
	defer func() {
		if dec != nil {
			dec.Close()
		}
		if graph != nil {
			graph.Free()
		}
	}()
	var serial int
	var target time.Duration
	var exact bool
	resetGraph := func() {
		if graph != nil {
			graph.Free()
			graph = nil
		}
	}
	// Sound goes out in runs of about 100 ms: fewer hand-overs, fewer wake-ups, the same sound.
	batch := rate / 10 * channels
	var pending *player.Samples
	flush := func() bool {
		if pending == nil {
			return true
		}
		s := pending
		pending = nil
		return p.sendAudio(s)
	}
	// send trims what an exact seek must not play, and copies the rest (data is C memory) into
	// the pending run.
	send := func(data []float32, pts time.Duration, speed float64) bool {
		if exact && pts < target {
			skip := int(float64(target-pts)*float64(rate)/(float64(time.Second)*speed)) * channels
			if skip >= len(data) {
				return true
			}
			data = data[skip:]
			pts = target
		}
		if pending != nil && pending.Speed != speed {
			if !flush() {
				return false
			}
		}
		if pending == nil {
			pending = &player.Samples{Data: make([]float32, 0, batch+len(data)), PTS: pts, Speed: speed, Serial: serial}
		}
		pending.Data = append(pending.Data, data...)
		if len(pending.Data) >= batch {
			return flush()
		}
		return true
	}
	emit := func(f *astiav.Frame) error {
		p.mu.Lock()
		speed := p.speed
		p.mu.Unlock()
		if graph == nil || graph.speed != speed || graph.inKey != audioKey(f) {
			resetGraph()
			g, err := newAudioGraph(f, rate, channels, speed)
			if err != nil {
				return err
			}
			graph = g
			graph.base = toDuration(frameTS(f), dec.tb) - p.origin
		}
		return graph.filter(f, rate, channels, func(data []float32, pts time.Duration) bool {
			return send(data, pts, graph.speed)
		})
	}
	failed := false
	for {
		it, ok := p.aq.get()
		if !ok {
			return
		}
		switch {
		case it.flush:
			serial, target, exact = it.serial, it.target, it.exact
			pending = nil
			if dec != nil {
				flushCodec(dec.ccPtr)
			}
			resetGraph()
		case it.eof:
			if dec != nil {
				if err := dec.cc.SendPacket(nil); err == nil {
					_ = dec.drain(emit)
				}
				flushCodec(dec.ccPtr)
			}
			if graph != nil {
				g := graph
				_ = g.filter(nil, rate, channels, func(data []float32, pts time.Duration) bool {
					return send(data, pts, g.speed)
				})
				resetGraph()
			}
			flush()
			p.sendAudio(&player.Samples{EOF: true, Serial: serial})
		default:
			if dec == nil || dec.stream.Index() != it.pkt.StreamIndex() {
				if dec != nil {
					dec.Close()
					dec = nil
				}
				resetGraph()
				d, err := openDecoder(p.in.fc.Streams()[it.pkt.StreamIndex()], decodeOptions{threads: 1})
				if err != nil {
					if !failed {
						failed = true
						p.fail(fmt.Errorf("sound: %w", err))
					}
					it.pkt.Free()
					continue
				}
				dec = d
			}
			err := decodePacket(dec, it.pkt, emit)
			it.pkt.Free()
			if err != nil && !errors.Is(err, errStop) {
				slog.Debug("audio decode", "err", err)
			}
		}
	}
}
