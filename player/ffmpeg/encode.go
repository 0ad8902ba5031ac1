package ffmpeg

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strings"
	"time"

	"github.com/asticode/go-astiav"
)

// FilmSpec describes a synthetic film: a sequence of scenes separated by hard cuts, each with its
// own moving picture and tone, and optional sync markers (a white frame with a 1 kHz beep on the
// same instant). The same spec always encodes the same pictures and sound.
type FilmSpec struct {
	Width, Height int // default 640×360
	FPS           int // default 30
	Scenes        []SceneSpec
	// FadeIn fades the first scene in from black over this long (not a cut).
	FadeIn time.Duration
	// Flashes are single white frames without a beep, inside scenes (not cuts).
	Flashes []time.Duration
	// Markers are the sync marker times: a white frame and a beep starting on that frame.
	Markers []time.Duration
	NoAudio bool
	Title   string // container title tag
	Preset  string // x264 preset (default "veryfast")
	CRF     int    // x264 quality (default 23)
	GOP     int    // maximum keyframe interval in frames (default 250, x264's)
	// Subtitles, when set, are written as an embedded SubRip track (Matroska files only).
	Subtitles []SubtitleLine
	// StyledHeader, when set, makes the subtitle track ASS with this script header ([Script
	// Info] and [V4+ Styles]); each line's Text is then an event's
	// "Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text".
	StyledHeader string
	// Attachments are written as Matroska attachments (fonts for styled subtitles).
	Attachments []Font
	// Rotation, when 90, 180 or 270, is written as the video's display matrix: the picture is
	// to be turned clockwise by that much to be shown (as a phone records it).
	Rotation int
	// Threads is x264's thread count; 0 lets x264 choose. x264's output depends on it, so a
	// caller that needs the same bytes on every machine sets it (to 1).
	Threads int
}

// SubtitleLine is one line of an embedded subtitle track.
type SubtitleLine struct {
	Start, End time.Duration
	Text       string
}

// SceneSpec is one scene of a FilmSpec.
type SceneSpec struct {
	Duration time.Duration
	Seed     int64   // picks the pattern, colours and motion
	ToneHz   float64 // default: derived from Seed
	// FadeIn and FadeOut fade the shot in from black and out to black over this long, the
	// way a film marks a change of scene.
	FadeIn, FadeOut time.Duration
}

func (s FilmSpec) withDefaults() FilmSpec {
	if s.Width <= 0 || s.Height <= 0 {
		s.Width, s.Height = 640, 360
	}
	s.Width, s.Height = s.Width&^1, s.Height&^1
	if s.FPS <= 0 {
		s.FPS = 30
	}
	if s.Preset == "" {
		s.Preset = "veryfast"
	}
	if s.CRF <= 0 {
		s.CRF = 23
	}
	if s.GOP <= 0 {
		s.GOP = 250
	}
	return s
}

// Frames is the number of video frames the spec encodes.
func (s FilmSpec) Frames() int64 {
	s = s.withDefaults()
	var n int64
	for _, sc := range s.Scenes {
		n += s.frames(sc.Duration)
	}
	return n
}

// Cuts returns the index of the first frame of every scene after the first: the ground truth
// for scene detection. A scene that fades in from black starts black, so its boundary is its
// second frame, the first with its picture in it.
func (s FilmSpec) Cuts() []int64 {
	s = s.withDefaults()
	var out []int64
	var n int64
	for i, sc := range s.Scenes {
		if i > 0 {
			first := n
			if sc.FadeIn > 0 {
				first++
			}
			out = append(out, first)
		}
		n += s.frames(sc.Duration)
	}
	return out
}

func (s FilmSpec) frames(d time.Duration) int64 {
	return int64(math.Round(d.Seconds() * float64(s.FPS)))
}

const (
	sampleRate  = 48000
	aacFrameLen = 1024
)

// Encode writes the film to path; the container follows the extension (.mp4, .mkv, …). A
// partly written file is removed when encoding fails or ctx ends.
func Encode(ctx context.Context, path string, spec FilmSpec) (err error) {
	spec = spec.withDefaults()
	if len(spec.Scenes) == 0 {
		return fmt.Errorf("encode %s: no scenes", path)
	}
	defer func() {
		if err != nil {
			os.Remove(path)
			err = fmt.Errorf("encode %s: %w", path, err)
		}
	}()
	m, err := newMuxer(path, spec)
	if err != nil {
		return err
	}
	defer m.close()
	return m.run(ctx)
}

type muxer struct {
	spec   FilmSpec
	fc     *astiav.FormatContext
	pb     *astiav.IOContext
	video  *encStream
	audio  *encStream
	subs   *astiav.Stream
	styled bool // the subtitle track is ASS
	// readOrder numbers the ASS events, as Matroska keeps them.
	readOrder int
	pkt       *astiav.Packet
	paint     painter
	closed    bool
}

type encStream struct {
	cc    *astiav.CodecContext
	st    *astiav.Stream
	frame *astiav.Frame
}

func (e *encStream) free() {
	if e == nil {
		return
	}
	e.frame.Free()
	e.cc.Free()
}

func newMuxer(path string, spec FilmSpec) (*muxer, error) {
	fc, err := astiav.AllocOutputFormatContext(nil, "", path)
	if err != nil {
		return nil, fmt.Errorf("output format: %w", err)
	}
	// Bit-exact output: no random Matroska segment UID, so the same spec writes the same bytes.
	fc.SetFlags(fc.Flags().Add(astiav.FormatContextFlagBitexact))
	m := &muxer{spec: spec, fc: fc, pkt: astiav.AllocPacket()}
	if m.video, err = m.addVideo(); err != nil {
		m.close()
		return nil, err
	}
	if !spec.NoAudio {
		if m.audio, err = m.addAudio(); err != nil {
			m.close()
			return nil, err
		}
	}
	if len(spec.Subtitles) > 0 {
		if !strings.Contains(fc.OutputFormat().Name(), "matroska") {
			m.close()
			return nil, errors.New("embedded subtitles are written to Matroska (.mkv) files only")
		}
		m.subs = fc.NewStream(nil)
		cp := m.subs.CodecParameters()
		cp.SetCodecType(astiav.MediaTypeSubtitle)
		cp.SetCodecID(astiav.CodecIDSubrip)
		if spec.StyledHeader != "" {
			cp.SetCodecID(astiav.CodecIDAss)
			if err := cp.SetExtraData([]byte(spec.StyledHeader)); err != nil {
				m.close()
				return nil, fmt.Errorf("subtitle header: %w", err)
			}
			m.styled = true
		}
		m.subs.SetTimeBase(astiav.NewRational(1, 1000))
	}
	for _, a := range spec.Attachments {
		if !strings.Contains(fc.OutputFormat().Name(), "matroska") {
			m.close()
			return nil, errors.New("attachments are written to Matroska (.mkv) files only")
		}
		st := fc.NewStream(nil)
		cp := st.CodecParameters()
		cp.SetCodecType(astiav.MediaTypeAttachment)
		cp.SetCodecID(astiav.CodecIDTtf)
		if err := cp.SetExtraData(a.Data); err != nil {
			m.close()
			return nil, fmt.Errorf("attachment %s: %w", a.Name, err)
		}
		for k, v := range map[string]string{"filename": a.Name, "mimetype": "font/ttf"} {
			if err := setStreamMetadata(st, k, v); err != nil {
				m.close()
				return nil, err
			}
		}
	}
	if spec.Title != "" {
		if err := setMetadata(fc, "title", spec.Title); err != nil {
			m.close()
			return nil, err
		}
	}
	if m.pb, err = astiav.OpenIOContext(path, astiav.NewIOContextFlags(astiav.IOContextFlagWrite)); err != nil {
		m.close()
		return nil, fmt.Errorf("create file: %w", err)
	}
	fc.SetPb(m.pb)
	if err := fc.WriteHeader(nil); err != nil {
		m.close()
		return nil, fmt.Errorf("write header: %w", err)
	}
	return m, nil
}

func (m *muxer) close() {
	m.video.free()
	m.audio.free()
	m.pkt.Free()
	if m.pb != nil {
		m.pb.Close()
	}
	m.fc.Free()
}

func (m *muxer) globalHeader(cc *astiav.CodecContext) {
	if m.fc.OutputFormat().Flags().Has(astiav.IOFormatFlagGlobalheader) {
		cc.SetFlags(cc.Flags().Add(astiav.CodecContextFlagGlobalHeader))
	}
}

func (m *muxer) addVideo() (*encStream, error) {
	s := m.spec
	codec := astiav.FindEncoderByName("libx264")
	if codec == nil {
		return nil, errors.New("FFmpeg has no libx264 encoder")
	}
	cc := astiav.AllocCodecContext(codec)
	cc.SetWidth(s.Width)
	cc.SetHeight(s.Height)
	cc.SetPixelFormat(astiav.PixelFormatYuv420P)
	cc.SetTimeBase(astiav.NewRational(1, s.FPS))
	cc.SetFramerate(astiav.NewRational(s.FPS, 1))
	cc.SetSampleAspectRatio(astiav.NewRational(1, 1))
	cc.SetGopSize(s.GOP)
	m.globalHeader(cc)
	d := astiav.NewDictionary()
	defer d.Free()
	_ = d.Set("preset", s.Preset, 0)
	_ = d.Set("crf", fmt.Sprint(s.CRF), 0)
	if s.Threads > 0 {
		_ = d.Set("threads", fmt.Sprint(s.Threads), 0)
	}
	if err := cc.Open(codec, d); err != nil {
		cc.Free()
		return nil, fmt.Errorf("open libx264: %w", err)
	}
	e := &encStream{cc: cc, frame: astiav.AllocFrame()}
	e.frame.SetWidth(s.Width)
	e.frame.SetHeight(s.Height)
	e.frame.SetPixelFormat(astiav.PixelFormatYuv420P)
	if err := e.frame.AllocBuffer(0); err != nil {
		e.free()
		return nil, fmt.Errorf("video frame: %w", err)
	}
	if err := m.addStream(e); err != nil {
		return e, err
	}
	if s.Rotation != 0 {
		dm := astiav.NewDisplayMatrixFromRotation(float64(-s.Rotation)) // its angle is counter-clockwise
		if err := e.st.AddSideData(astiav.PacketSideDataTypeDisplaymatrix, dm.Bytes()); err != nil {
			return e, fmt.Errorf("rotation: %w", err)
		}
	}
	return e, nil
}

func (m *muxer) addAudio() (*encStream, error) {
	codec := astiav.FindEncoder(astiav.CodecIDAac)
	if codec == nil {
		return nil, errors.New("FFmpeg has no AAC encoder")
	}
	cc := astiav.AllocCodecContext(codec)
	cc.SetSampleFormat(astiav.SampleFormatFltp)
	cc.SetSampleRate(sampleRate)
	cc.SetChannelLayout(astiav.ChannelLayoutStereo)
	cc.SetBitRate(128000)
	cc.SetTimeBase(astiav.NewRational(1, sampleRate))
	m.globalHeader(cc)
	if err := cc.Open(codec, nil); err != nil {
		cc.Free()
		return nil, fmt.Errorf("open aac: %w", err)
	}
	e := &encStream{cc: cc, frame: astiav.AllocFrame()}
	e.frame.SetNbSamples(aacFrameLen)
	e.frame.SetSampleFormat(astiav.SampleFormatFltp)
	e.frame.SetChannelLayout(astiav.ChannelLayoutStereo)
	e.frame.SetSampleRate(sampleRate)
	if err := e.frame.AllocBuffer(0); err != nil {
		e.free()
		return nil, fmt.Errorf("audio frame: %w", err)
	}
	return e, m.addStream(e)
}

func (m *muxer) addStream(e *encStream) error {
	e.st = m.fc.NewStream(nil)
	if e.st == nil {
		return errors.New("new stream")
	}
	if err := e.st.CodecParameters().FromCodecContext(e.cc); err != nil {
		return fmt.Errorf("stream parameters: %w", err)
	}
	e.st.SetTimeBase(e.cc.TimeBase())
	if fr := e.cc.Framerate(); fr.Num() > 0 {
		e.st.SetAvgFrameRate(fr)
		e.st.SetRFrameRate(fr)
	}
	return nil
}

func (m *muxer) run(ctx context.Context) error {
	s := m.spec
	nv := s.Frames()
	var na int64
	if m.audio != nil {
		na = (nv*sampleRate/int64(s.FPS) + aacFrameLen - 1) / aacFrameLen
	}
	m.paint = newPainter(s)
	var iv, ia int64
	is := 0
	for iv < nv || ia < na {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Subtitle lines go in as the video reaches them.
		for ; is < len(s.Subtitles) && s.Subtitles[is].Start <= time.Duration(iv)*time.Second/time.Duration(s.FPS); is++ {
			if err := m.subtitle(s.Subtitles[is]); err != nil {
				return err
			}
		}
		// Whichever stream is behind in time goes next.
		tv := float64(iv) / float64(s.FPS)
		ta := float64(ia*aacFrameLen) / sampleRate
		if iv < nv && (ia >= na || tv <= ta) {
			if err := m.videoFrame(iv); err != nil {
				return err
			}
			iv++
		} else {
			if err := m.audioFrame(ia); err != nil {
				return err
			}
			ia++
		}
	}
	for ; is < len(s.Subtitles); is++ {
		if err := m.subtitle(s.Subtitles[is]); err != nil {
			return err
		}
	}
	for _, e := range []*encStream{m.video, m.audio} {
		if e == nil {
			continue
		}
		if err := m.send(e, nil); err != nil {
			return err
		}
	}
	if err := m.fc.WriteTrailer(); err != nil {
		return fmt.Errorf("write trailer: %w", err)
	}
	return nil
}

func (m *muxer) videoFrame(i int64) error {
	f := m.video.frame
	h := m.spec.Height
	y, ys, err := writablePlane(f, 0, h)
	if err != nil {
		return err
	}
	u, us, _ := writablePlane(f, 1, h/2)
	v, vs, _ := writablePlane(f, 2, h/2)
	m.paint.frame(i, y, ys, u, us, v, vs)
	f.SetPts(i)
	return m.send(m.video, f)
}

func (m *muxer) audioFrame(i int64) error {
	f := m.audio.frame
	left, err := audioPlane(f, 0, aacFrameLen)
	if err != nil {
		return err
	}
	right, err := audioPlane(f, 1, aacFrameLen)
	if err != nil {
		return err
	}
	m.paint.audio(i*aacFrameLen, left, right)
	f.SetPts(i * aacFrameLen)
	return m.send(m.audio, f)
}

func (m *muxer) subtitle(l SubtitleLine) error {
	data := []byte(l.Text)
	if m.styled {
		data = []byte(fmt.Sprintf("%d,%s", m.readOrder, l.Text))
		m.readOrder++
	}
	if err := m.pkt.FromData(data); err != nil {
		return fmt.Errorf("subtitle packet: %w", err)
	}
	m.pkt.SetStreamIndex(m.subs.Index())
	m.pkt.SetPts(l.Start.Milliseconds())
	m.pkt.SetDts(l.Start.Milliseconds())
	m.pkt.SetDuration((l.End - l.Start).Milliseconds())
	m.pkt.SetFlags(astiav.NewPacketFlags(astiav.PacketFlagKey))
	if err := m.fc.WriteInterleavedFrame(m.pkt); err != nil {
		return fmt.Errorf("write subtitle: %w", err)
	}
	return nil
}

// send encodes f (nil flushes) and writes every packet the encoder has ready.
func (m *muxer) send(e *encStream, f *astiav.Frame) error {
	if err := e.cc.SendFrame(f); err != nil && !errors.Is(err, astiav.ErrEof) {
		return fmt.Errorf("encode: %w", err)
	}
	for {
		err := e.cc.ReceivePacket(m.pkt)
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("encode: %w", err)
		}
		m.pkt.SetStreamIndex(e.st.Index())
		m.pkt.RescaleTs(e.cc.TimeBase(), e.st.TimeBase())
		if err := m.fc.WriteInterleavedFrame(m.pkt); err != nil {
			return fmt.Errorf("write packet: %w", err)
		}
	}
}

// painter draws the spec's pictures and sound, deterministically.
type painter struct {
	spec    FilmSpec
	starts  []int64 // first frame of each scene
	looks   []look
	markers map[int64]bool
	flashes map[int64]bool
	colTab  []int
	rowTab  []int
}

// look is what a scene looks like: smooth waves of light over a tinted background, sharp
// stripes, and a few bright and dark boxes that move.
type look struct {
	base, amp     float64
	kx, ky, speed float64
	u, v          byte
	stripe        int
	boxes         []box
	tone          float64
}

type box struct {
	x, y, w, h, dx, dy float64
	luma               byte
}

func newPainter(s FilmSpec) painter {
	p := painter{spec: s, markers: map[int64]bool{}, flashes: map[int64]bool{},
		colTab: make([]int, s.Width), rowTab: make([]int, s.Height)}
	var n int64
	for _, sc := range s.Scenes {
		p.starts = append(p.starts, n)
		n += s.frames(sc.Duration)
		p.looks = append(p.looks, newLook(sc, s))
	}
	for _, t := range s.Markers {
		p.markers[s.frames(t)] = true
	}
	for _, t := range s.Flashes {
		p.flashes[s.frames(t)] = true
	}
	return p
}

func newLook(sc SceneSpec, s FilmSpec) look {
	r := rand.New(rand.NewSource(sc.Seed*7919 + 17))
	l := look{
		base:   50 + r.Float64()*120,
		amp:    20 + r.Float64()*40,
		kx:     (1 + r.Float64()*4) * 2 * math.Pi / float64(s.Width),
		ky:     (1 + r.Float64()*3) * 2 * math.Pi / float64(s.Height),
		speed:  0.5 + r.Float64()*1.5,
		u:      byte(64 + r.Intn(128)),
		v:      byte(64 + r.Intn(128)),
		stripe: 8 + r.Intn(24),
		tone:   sc.ToneHz,
	}
	if l.tone <= 0 {
		l.tone = 220 + float64(r.Intn(440))
	}
	for i := 0; i < 3+r.Intn(3); i++ {
		b := box{
			w: float64(s.Width) * (0.08 + r.Float64()*0.15), h: float64(s.Height) * (0.1 + r.Float64()*0.2),
			x: r.Float64() * float64(s.Width), y: r.Float64() * float64(s.Height),
			dx: (r.Float64() - 0.5) * float64(s.Width) / 200, dy: (r.Float64() - 0.5) * float64(s.Height) / 200,
			luma: byte(16 + r.Intn(2)*200),
		}
		l.boxes = append(l.boxes, b)
	}
	return l
}

func (p *painter) scene(i int64) (int, int64) {
	k := 0
	for k+1 < len(p.starts) && p.starts[k+1] <= i {
		k++
	}
	return k, i - p.starts[k]
}

func (p *painter) frame(i int64, y []byte, ys int, u []byte, us int, v []byte, vs int) {
	s := p.spec
	w, h := s.Width, s.Height
	if p.markers[i] || p.flashes[i] {
		fill(y, ys, w, h, 235)
		fill(u, us, w/2, h/2, 128)
		fill(v, vs, w/2, h/2, 128)
		return
	}
	k, local := p.scene(i)
	l := p.looks[k]
	t := float64(local) / float64(s.FPS)
	gain := 1.0
	sc := s.Scenes[k]
	if k == 0 && s.FadeIn > sc.FadeIn {
		sc.FadeIn = s.FadeIn
	}
	if sc.FadeIn > 0 && t < sc.FadeIn.Seconds() {
		gain = t / sc.FadeIn.Seconds()
	}
	if sc.FadeOut > 0 {
		left := float64(s.frames(sc.Duration)-local-1) / float64(s.FPS)
		if left < sc.FadeOut.Seconds() {
			gain = min(gain, max(0, left)/sc.FadeOut.Seconds())
		}
	}
	for x := range p.colTab {
		stripe := 0
		if (x+int(t*40))/l.stripe%2 == 0 {
			stripe = 18
		}
		p.colTab[x] = int(l.amp*math.Sin(l.kx*float64(x)+t*l.speed)) + stripe
	}
	for yy := range p.rowTab {
		p.rowTab[yy] = int(l.base + l.amp*0.6*math.Sin(l.ky*float64(yy)-t*l.speed*0.7))
	}
	for yy := 0; yy < h; yy++ {
		row := y[yy*ys : yy*ys+w]
		rv := p.rowTab[yy]
		for x := range row {
			row[x] = clampLuma(float64(rv+p.colTab[x]), gain)
		}
	}
	for _, b := range l.boxes {
		bx := math.Mod(b.x+b.dx*float64(local), float64(w)+b.w) - b.w
		by := math.Mod(b.y+b.dy*float64(local), float64(h)+b.h) - b.h
		if bx < -b.w {
			bx += float64(w) + b.w
		}
		if by < -b.h {
			by += float64(h) + b.h
		}
		for yy := max(0, int(by)); yy < min(h, int(by+b.h)); yy++ {
			row := y[yy*ys : yy*ys+w]
			for x := max(0, int(bx)); x < min(w, int(bx+b.w)); x++ {
				row[x] = clampLuma(float64(b.luma), gain)
			}
		}
	}
	cu := byte(128 + (float64(l.u)-128)*gain)
	cv := byte(128 + (float64(l.v)-128)*gain)
	for yy := 0; yy < h/2; yy++ {
		ru := u[yy*us : yy*us+w/2]
		rv := v[yy*vs : yy*vs+w/2]
		grad := byte(yy * 24 / (h / 2))
		for x := range ru {
			ru[x] = cu + grad
			rv[x] = cv - grad
		}
	}
}

func clampLuma(v, gain float64) byte {
	v = 16 + (v-16)*gain
	return byte(math.Max(16, math.Min(235, v)))
}

func fill(p []byte, stride, w, h int, val byte) {
	for y := 0; y < h; y++ {
		row := p[y*stride : y*stride+w]
		for x := range row {
			row[x] = val
		}
	}
}

// audio writes samples [from, from+len(left)) of the soundtrack: the scene's quiet tone, and a
// loud 1 kHz beep for one frame's length at each marker.
func (p *painter) audio(from int64, left, right []float32) {
	s := p.spec
	for j := range left {
		n := from + int64(j)
		frame := n * int64(s.FPS) / sampleRate
		var val float64
		if frame < s.Frames() {
			k, _ := p.scene(frame)
			val = 0.1 * math.Sin(2*math.Pi*p.looks[k].tone*float64(n)/sampleRate)
			if p.markers[frame] {
				val = 0.8 * math.Sin(2*math.Pi*1000*float64(n)/sampleRate)
			}
		}
		left[j], right[j] = float32(val), float32(val)
	}
}
