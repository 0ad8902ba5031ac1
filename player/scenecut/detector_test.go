package scenecut

import (
	"math"
	"math/rand"
	"testing"
	"time"
)

const w, h = 64, 36

// texture returns a deterministic smooth picture for a scene (a few sine waves whose
// frequencies and phases depend on seed), moved by dx tenths of a pixel to simulate motion and
// scaled in brightness by gain (for fades).
func texture(seed int64, dx int, gain float64) *Frame {
	r := rand.New(rand.NewSource(seed))
	fx, fy := 0.05+r.Float64()*0.2, 0.05+r.Float64()*0.2
	px, py := r.Float64()*6, r.Float64()*6
	f := &Frame{W: w, H: h, CW: w / 2, CH: h / 2}
	f.Y = make([]byte, w*h)
	shift := float64(dx) / 10
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 128 + 60*math.Sin(fx*(float64(x)+shift)+px) + 50*math.Sin(fy*float64(y)+py)
			f.Y[y*w+x] = byte(math.Max(0, math.Min(255, v*gain)))
		}
	}
	u, v := byte(128+seed*7%60), byte(128-seed*5%60)
	f.U = make([]byte, f.CW*f.CH)
	f.V = make([]byte, f.CW*f.CH)
	for i := range f.U {
		f.U[i], f.V[i] = u, v
	}
	return f
}

func solid(luma byte) *Frame {
	f := &Frame{W: w, H: h, CW: w / 2, CH: h / 2, Y: make([]byte, w*h), U: make([]byte, w*h/4), V: make([]byte, w*h/4)}
	for i := range f.Y {
		f.Y[i] = luma
	}
	for i := range f.U {
		f.U[i], f.V[i] = 128, 128
	}
	return f
}

type shot struct {
	frames int
	make   func(i int) *Frame
}

func run(t *testing.T, shots []shot) []int64 {
	t.Helper()
	d := New(Options{})
	var cuts []int64
	n := 0
	take := func(dec Decision) {
		if dec.Cut {
			cuts = append(cuts, dec.Frame)
		}
	}
	for _, s := range shots {
		for i := 0; i < s.frames; i++ {
			f := s.make(i)
			f.PTS = time.Duration(n) * time.Second / 24
			n++
			dec, ok, err := d.Push(f)
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				take(dec)
			}
		}
	}
	for _, dec := range d.Flush() {
		take(dec)
	}
	return cuts
}

func pan(seed int64) func(int) *Frame {
	return func(i int) *Frame { return texture(seed, i, 1) }
}

func TestDetector(t *testing.T) {
	tests := []struct {
		name  string
		shots []shot
		want  []int64
	}{
		{"one scene", []shot{{60, pan(1)}}, nil},
		{"two hard cuts", []shot{{40, pan(1)}, {40, pan(2)}, {40, pan(3)}}, []int64{40, 80}},
		{"white flash is not a cut", []shot{
			{30, pan(1)}, {2, func(int) *Frame { return solid(250) }}, {30, func(i int) *Frame { return texture(1, i+32, 1) }},
		}, nil},
		{"fade from black is not a cut", []shot{
			{30, func(i int) *Frame { return texture(4, 0, float64(i)/30) }}, {30, pan(4)},
		}, nil},
		{"fade out then cut in", []shot{
			{30, func(i int) *Frame { return texture(5, 0, 1-float64(i)/30) }}, {30, pan(6)},
		}, []int64{30}},
		{"fade out to black and in again: at the first frame of the new picture", []shot{
			{40, pan(1)},
			{12, func(i int) *Frame { return texture(1, 40+i, 1-float64(i+1)/12) }},
			{6, func(int) *Frame { return solid(0) }},
			{30, func(i int) *Frame { return texture(2, i, math.Min(1, float64(i+1)/20)) }},
		}, []int64{58}},
		{"fast fade in from black after a cut to black", []shot{
			{40, pan(3)}, {10, func(int) *Frame { return solid(16) }},
			{30, func(i int) *Frame { return texture(4, i, math.Min(1, float64(i+1)/4)) }},
		}, []int64{50}},
		{"slow fade in over two seconds from black", []shot{
			{40, pan(3)}, {8, func(int) *Frame { return solid(0) }},
			{80, func(i int) *Frame { return texture(5, i, math.Min(1, float64(i+1)/60)) }},
		}, []int64{48}},
		{"a dark shot that brightens slowly is one shot", []shot{
			{90, func(i int) *Frame { return texture(6, i, 0.35+0.5*float64(i)/90) }},
		}, nil},
		{"two black frames inside a shot are not a boundary", []shot{
			{40, pan(7)}, {2, func(int) *Frame { return solid(16) }}, {40, func(i int) *Frame { return texture(7, i+42, 1) }},
		}, nil},
		{"a match struck in the black is not a boundary", []shot{
			{40, pan(8)}, {20, func(int) *Frame { return solid(16) }}, {2, func(int) *Frame { return texture(9, 0, 0.5) }},
			{20, func(int) *Frame { return solid(16) }}, {30, pan(9)},
		}, []int64{40 + 20 + 2 + 20}},
		{"cut too soon after another is dropped", []shot{{30, pan(1)}, {5, pan(2)}, {30, pan(3)}}, []int64{30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, tt.shots)
			if len(got) != len(tt.want) {
				t.Fatalf("cuts = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("cuts = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestDetectorSizeChange(t *testing.T) {
	d := New(Options{})
	if _, _, err := d.Push(solid(10)); err != nil {
		t.Fatal(err)
	}
	other := solid(10)
	other.W = 32
	if _, _, err := d.Push(other); err != ErrSize {
		t.Fatalf("err = %v, want ErrSize", err)
	}
}

func TestPickerAvoidsBlackAndFlash(t *testing.T) {
	var p Picker
	p.Reset(0)
	frames := []struct {
		f      *Frame
		score  float64
		wantOK bool
	}{
		{solid(5), 0, true},             // first frame is always best so far
		{texture(1, 0, 1), 0, true},     // textured beats black
		{solid(250), 60, false},         // a flash never wins
		{texture(1, 1, 0.15), 0, false}, // dim and blurry-ish loses
	}
	for i, fr := range frames {
		fr.f.PTS = time.Second + time.Duration(i)*time.Second/24
		dec := Decision{Frame: int64(i), PTS: fr.f.PTS, Score: fr.score, Stats: measure(fr.f)}
		if got := p.Consider(dec); got != fr.wantOK {
			t.Errorf("frame %d: Consider = %v, want %v", i, got, fr.wantOK)
		}
	}
}

func TestAccuracy(t *testing.T) {
	tests := []struct {
		got, want []int64
		p, r      float64
	}{
		{nil, nil, 1, 1},
		{[]int64{10, 20}, []int64{10, 20}, 1, 1},
		{[]int64{11, 19}, []int64{10, 20}, 1, 1},
		{[]int64{12}, []int64{10, 20}, 0, 0},
		{[]int64{10, 11}, []int64{10}, 0.5, 1},
		{[]int64{10}, []int64{10, 50}, 1, 0.5},
	}
	for _, tt := range tests {
		p, r := Accuracy(tt.got, tt.want, 1)
		if p != tt.p || r != tt.r {
			t.Errorf("Accuracy(%v, %v) = %v, %v; want %v, %v", tt.got, tt.want, p, r, tt.p, tt.r)
		}
	}
}
