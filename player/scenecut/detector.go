package scenecut

import (
	"errors"
	"time"
)

// Frame is one small picture in planar YUV 4:2:0, luma W×H, chroma CW×CH.
type Frame struct {
	PTS    time.Duration
	W, H   int
	CW, CH int
	Y      []byte
	U, V   []byte
}

// Options tune the detector. The zero value of a field means its default.
type Options struct {
	// Threshold is the least content change, on a 0–255 scale, that can be a cut (default 14).
	Threshold float64
	// Ratio is how many times a cut's change must exceed the mean change of the frames around
	// it (default 3).
	Ratio float64
	// Window is how many frames on each side make up "around" (default 2).
	Window int
	// FlashFrames is how long a flash may last and still not be a cut (default 3).
	FlashFrames int
	// HistDistance is the least histogram distance (0–1) that confirms a cut whose change is
	// under twice Threshold (default 0.25).
	HistDistance float64
	// MinSceneFrames is the shortest scene; a cut closer than this to the previous one is
	// ignored (default 15, as PySceneDetect).
	MinSceneFrames int64
}

func (o Options) withDefaults() Options {
	if o.Threshold <= 0 {
		o.Threshold = 14
	}
	if o.Ratio <= 0 {
		o.Ratio = 3
	}
	if o.Window <= 0 {
		o.Window = 2
	}
	if o.FlashFrames <= 0 {
		o.FlashFrames = 3
	}
	if o.HistDistance <= 0 {
		o.HistDistance = 0.25
	}
	if o.MinSceneFrames <= 0 {
		o.MinSceneFrames = 15
	}
	return o
}

// Delay is how many frames the detector holds back before it decides about a frame. A caller
// that keeps full-size frames alongside (for thumbnails) keeps this many plus one.
func (o Options) Delay() int {
	o = o.withDefaults()
	return max(o.Window, o.FlashFrames)
}

// Decision is the detector's verdict on one frame, given in presentation order.
type Decision struct {
	Frame int64 // index of the frame, counted from 0
	PTS   time.Duration
	Cut   bool    // the frame starts a new scene (never true for frame 0)
	Score float64 // content change from the previous frame, 0–255
	Stats Stats   // measures of the frame itself, for picking thumbnails
	Small *Frame  // the frame as pushed; valid until the next Push
}

// Stats are cheap measures of one small frame.
type Stats struct {
	MeanLuma  float64 // 0–255
	Sharpness float64 // variance of the luma Laplacian: higher is sharper
}

// ErrSize is returned when frames change size mid-stream; the caller should start a new
// Detector (a resolution change is a cut in its own right).
var ErrSize = errors.New("scenecut: frame size changed")

// Detector decides cuts frame by frame. It is not safe for concurrent use.
type Detector struct {
	opt     Options
	delay   int
	ring    []slot
	n       int64 // frames pushed
	decided int64 // frames decided
	lastCut int64
	// The frames decided last were black (inBlack), the darkest of them floor bright: the first
	// frame after them that rises above it is where a fade in (or a cut out of black) starts.
	inBlack   bool
	floor     int
	blackFrom int64 // the first of those black frames
}

type slot struct {
	f     Frame
	hist  []float32 // luma and chroma histograms
	score float64   // change from the previous frame
	stats Stats
	// bright is the luma under which 99.5 % of the frame lies: a black frame's is its black
	// level plus noise, and the first frame of a fade in lifts it at once.
	bright int
}

// New returns a detector with the given options.
func New(opt Options) *Detector {
	opt = opt.withDefaults()
	d := &Detector{opt: opt, delay: opt.Delay()}
	// Deciding frame c needs c-max(Window, FlashFrames+1) … c+delay.
	d.ring = make([]slot, d.delay+max(opt.Window, opt.FlashFrames+1)+2)
	return d
}

// Push adds the next frame, copying its planes, and returns the decision on the frame Delay
// frames back, if there is one yet.
func (d *Detector) Push(f *Frame) (Decision, bool, error) {
	s := &d.ring[d.n%int64(len(d.ring))]
	if d.n > 0 {
		prev := &d.ring[(d.n-1)%int64(len(d.ring))]
		if prev.f.W != f.W || prev.f.H != f.H || prev.f.CW != f.CW || prev.f.CH != f.CH {
			return Decision{}, false, ErrSize
		}
	}
	s.f.PTS, s.f.W, s.f.H, s.f.CW, s.f.CH = f.PTS, f.W, f.H, f.CW, f.CH
	s.f.Y = append(s.f.Y[:0], f.Y...)
	s.f.U = append(s.f.U[:0], f.U...)
	s.f.V = append(s.f.V[:0], f.V...)
	s.stats = measure(&s.f)
	s.hist = histogram(&s.f, s.hist[:0])
	s.bright = brightLevel(s.f.Y)
	s.score = 0
	if d.n > 0 {
		s.score = Change(&d.ring[(d.n-1)%int64(len(d.ring))].f, &s.f)
	}
	d.n++
	if d.n-1-d.decided < int64(d.delay) {
		return Decision{}, false, nil
	}
	return d.decide(), true, nil
}

// Flush returns the decisions on the frames still held back, at the end of the stream.
func (d *Detector) Flush() []Decision {
	var out []Decision
	for d.decided < d.n {
		out = append(out, d.decide())
	}
	return out
}

func (d *Detector) at(i int64) *slot { return &d.ring[i%int64(len(d.ring))] }

// decide rules on frame d.decided, using the frames after it that have arrived.
func (d *Detector) decide() Decision {
	c := d.decided
	d.decided++
	s := d.at(c)
	dec := Decision{Frame: c, PTS: s.f.PTS, Score: s.score, Stats: s.stats, Small: &s.f}
	out := c > 0 && d.outOfBlack(c)
	if out || (c > 0 && d.isCut(c)) {
		dec.Cut = true
		d.lastCut = c
	}
	switch {
	case d.inBlack && (out || s.bright > d.floor+riseAboveBlack):
		d.inBlack = false
	case d.inBlack:
		d.floor = min(d.floor, s.bright)
	case d.black(c):
		d.inBlack, d.floor, d.blackFrom = true, s.bright, c
	}
	return dec
}

// Black frames: a mean luma under blackMean (video black is 16) with 99.5 % of the picture
// under blackBright. A night scene has its lights and highlights, so it is not black.
const (
	blackMean   = 24
	blackBright = 40
	// riseAboveBlack is how far the brightest part of a frame must rise over the black before
	// it for the frame to be the first of a new picture.
	riseAboveBlack = 6
)

func (d *Detector) black(i int64) bool {
	s := d.at(i)
	return s.stats.MeanLuma < blackMean && s.bright <= blackBright
}

// outOfBlack says whether frame c is the first of a picture coming out of black: a fade in
// (slow or fast), or a cut from a black screen. The boundary of a fade out and back in is
// there too, at the first frame of the new picture, not at the first black frame. A frame lit
// for a moment in the black (a flash, a match struck) that falls back into it is not one.
func (d *Detector) outOfBlack(c int64) bool {
	if !d.inBlack || c-d.lastCut < d.opt.MinSceneFrames {
		return false
	}
	// The first frame lit at all, when the frames after it confirm the rise: a fade in over
	// two seconds lifts the picture by a few levels a frame, which noise alone does not keep up.
	s := d.at(c)
	first := s.bright - d.floor
	if first < 2 {
		return false
	}
	peak, last := first, first
	for k := int64(1); k <= int64(d.opt.FlashFrames) && c+k < d.n; k++ {
		last = d.at(c+k).bright - d.floor
		peak = max(peak, last)
	}
	if peak <= riseAboveBlack || last < first || last <= riseAboveBlack/2 {
		return false
	}
	// A blink of black inside a shot: the picture after it is the one before it.
	if run := c - d.blackFrom; run <= int64(d.opt.FlashFrames) && d.blackFrom > 0 {
		if Change(&d.at(d.blackFrom-1).f, &s.f) < d.opt.Threshold {
			return false
		}
	}
	return true
}

// intoBlack says whether frame c goes dark towards a black frame within the next frames: a
// cut to black or a fast fade out, which ends a scene but does not start one.
func (d *Detector) intoBlack(c int64) bool {
	if d.black(c) {
		return true
	}
	if d.at(c).stats.MeanLuma >= d.at(c-1).stats.MeanLuma {
		return false
	}
	for k := int64(1); k <= int64(d.opt.FlashFrames) && c+k < d.n; k++ {
		if d.black(c + k) {
			return true
		}
	}
	return false
}

// brightLevel is the luma value under which 99.5 % of p lies.
func brightLevel(p []byte) int {
	var counts [256]int
	for _, v := range p {
		counts[v]++
	}
	limit := len(p) - len(p)/200
	n := 0
	for v, c := range counts {
		n += c
		if n >= limit {
			return v
		}
	}
	return 255
}

func (d *Detector) isCut(c int64) bool {
	o := d.opt
	s := d.at(c)
	if s.score < o.Threshold || c-d.lastCut < o.MinSceneFrames || d.intoBlack(c) {
		return false
	}
	// A moderate change must be confirmed by the picture's tones and colours. A keyframe that
	// sharpens a starved, blocky picture changes many pixels a little but keeps the histogram;
	// a cut to another shot rarely does.
	if s.score < 2*o.Threshold && histDistance(d.at(c-1).hist, s.hist) < o.HistDistance {
		return false
	}
	// Stands out from its neighbours.
	var sum float64
	var cnt int
	for i := c - int64(o.Window); i <= c+int64(o.Window); i++ {
		if i == c || i < 1 || i >= d.n {
			continue
		}
		sum += d.at(i).score
		cnt++
	}
	if cnt > 0 {
		mean := sum / float64(cnt)
		if s.score < o.Ratio*mean {
			return false
		}
	}
	// Persists: the frames after it stay about as different from the frame before it as the
	// cut frame itself is. After a flash, or a corrupt frame, the picture returns to the old
	// one (give or take motion) within FlashFrames.
	bar := max(o.Threshold*0.5, s.score*0.4)
	before := &d.at(c - 1).f
	for k := int64(1); k <= int64(o.FlashFrames) && c+k < d.n; k++ {
		if Change(before, &d.at(c+k).f) < bar {
			return false
		}
	}
	// Not a return: the end of a flash goes back to the picture from before it.
	for j := int64(2); j <= int64(o.FlashFrames)+1 && c-j >= d.lastCut; j++ {
		if Change(&d.at(c-j).f, &s.f) < bar {
			return false
		}
	}
	return true
}

// Change is the content change between two frames of the same size on a 0–255 scale: the mean
// absolute difference of luma plus half that of each chroma plane, so a luma-only change (black
// and white film) scores its full amount and a pure colour change still counts.
func Change(a, b *Frame) float64 {
	y := meanAbsDiff(a.Y, b.Y)
	u := meanAbsDiff(a.U, b.U)
	v := meanAbsDiff(a.V, b.V)
	return y + (u+v)/2
}

func meanAbsDiff(a, b []byte) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	var sum int
	for i := 0; i < n; i++ {
		d := int(a[i]) - int(b[i])
		if d < 0 {
			d = -d
		}
		sum += d
	}
	return float64(sum) / float64(n)
}

func measure(f *Frame) Stats {
	var st Stats
	n := f.W * f.H
	if n == 0 || len(f.Y) < n {
		return st
	}
	var sum int
	for _, v := range f.Y[:n] {
		sum += int(v)
	}
	st.MeanLuma = float64(sum) / float64(n)
	// Laplacian variance over the interior.
	var lsum, lsq float64
	var cnt int
	for y := 1; y < f.H-1; y++ {
		row := y * f.W
		for x := 1; x < f.W-1; x++ {
			i := row + x
			l := 4*int(f.Y[i]) - int(f.Y[i-1]) - int(f.Y[i+1]) - int(f.Y[i-f.W]) - int(f.Y[i+f.W])
			lf := float64(l)
			lsum += lf
			lsq += lf * lf
			cnt++
		}
	}
	if cnt > 0 {
		mean := lsum / float64(cnt)
		st.Sharpness = lsq/float64(cnt) - mean*mean
	}
	return st
}

// Histogram bins: luma in 32 bins, each chroma plane in 16.
const (
	lumaBins   = 32
	chromaBins = 16
)

// histogram appends the frame's normalised luma and chroma histograms to dst.
func histogram(f *Frame, dst []float32) []float32 {
	dst = hist(f.Y, lumaBins, dst)
	dst = hist(f.U, chromaBins, dst)
	return hist(f.V, chromaBins, dst)
}

func hist(p []byte, bins int, dst []float32) []float32 {
	var counts [256]int
	for _, v := range p {
		counts[v]++
	}
	start := len(dst)
	for i := 0; i < bins; i++ {
		dst = append(dst, 0)
	}
	if len(p) == 0 {
		return dst
	}
	for v, c := range counts {
		dst[start+v*bins/256] += float32(c)
	}
	for i := start; i < len(dst); i++ {
		dst[i] /= float32(len(p))
	}
	return dst
}

// histDistance is 1 minus the histogram intersection, averaged over the three planes: 0 for
// pictures with the same tones and colours, 1 for pictures with none in common.
func histDistance(a, b []float32) float64 {
	n := min(len(a), len(b))
	var inter float64
	for i := 0; i < n; i++ {
		inter += float64(min(a[i], b[i]))
	}
	return 1 - inter/3
}
