package scenecut

import "time"

// Picker chooses the representative frame of a scene from the decisions about its frames: the
// sharpest frame that is neither near black nor blown out, away from the scene's first moments
// (where a fade-in or a cut's motion blur lives), and not mid-change (a fade or a whip pan).
type Picker struct {
	sceneStart time.Duration
	best       float64
	bestFrame  int64
	lumaHist   [4]float64 // mean luma of recent frames, for fade detection
	seen       int
}

// PickerSettle is how long after a cut the picker waits before it prefers frames.
const PickerSettle = 250 * time.Millisecond

// Reset starts a new scene.
func (p *Picker) Reset(start time.Duration) {
	*p = Picker{sceneStart: start, best: -1, bestFrame: -1}
}

// Consider reports whether the frame is the best of the scene so far; the caller then keeps a
// full-size copy of it.
func (p *Picker) Consider(d Decision) bool {
	luma := d.Stats.MeanLuma
	fading := false
	if p.seen >= len(p.lumaHist) {
		old := p.lumaHist[p.seen%len(p.lumaHist)]
		fading = abs(luma-old) > 6
	}
	p.lumaHist[p.seen%len(p.lumaHist)] = luma
	p.seen++

	q := d.Stats.Sharpness + 1
	switch {
	case luma < 24 || luma > 236:
		q *= 0.01 // black or a flash: only if nothing better exists
	case fading || d.Score > 10:
		q *= 0.1
	}
	if d.PTS-p.sceneStart < PickerSettle {
		q *= 0.2
	}
	if p.best < 0 || q > p.best*1.1 {
		p.best = q
		p.bestFrame = d.Frame
		return true
	}
	return false
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
