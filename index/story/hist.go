package story

import (
	"fmt"
	"image"
	"image/jpeg"
	"os"
)

// Hist is a colour histogram: 4×4×4 bins of RGB, and 8 of brightness, each part summing to 1.
type Hist []float32

const rgbBins = 64

// Histogram counts an image's colours (every other pixel each way: a thumbnail has plenty).
func Histogram(img image.Image) Hist {
	h := make(Hist, rgbBins+8)
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			h[(r>>6)<<4|(g>>6)<<2|bl>>6]++
			luma := (299*r + 587*g + 114*bl) / 1000
			h[rgbBins+int(luma>>5)]++
			n++
		}
	}
	if n == 0 {
		return nil
	}
	for i := range h {
		h[i] /= float32(n)
	}
	return h
}

// HistogramFile reads a JPEG thumbnail and counts its colours.
func HistogramFile(path string) (Hist, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := jpeg.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("read thumbnail %s: %w", path, err)
	}
	return Histogram(img), nil
}

// Distance is how unlike two histograms are, 0 (the same) to 1: one less their intersection,
// colour and brightness weighed alike.
func Distance(a, b Hist) float64 {
	if len(a) != len(b) || len(a) < rgbBins {
		return 1
	}
	var c, l float64
	for i := 0; i < rgbBins; i++ {
		c += float64(min(a[i], b[i]))
	}
	for i := rgbBins; i < len(a); i++ {
		l += float64(min(a[i], b[i]))
	}
	return max(0, 1-(c+l)/2)
}
