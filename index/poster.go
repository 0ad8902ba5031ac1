package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	xdraw "golang.org/x/image/draw"

	"github.com/reel-app/reel/index/atomicfile"
	"github.com/reel-app/reel/player/regularfile"
)

// Framer takes a picture from a film: the keyframe nearest a third of the way in, scaled to the
// given height with the film's display aspect. player/ffmpeg provides it.
type Framer interface {
	PosterFrame(ctx context.Context, path string, height int) (image.Image, error)
}

// Posters finds or makes film posters and caches them as JPEG files in Dir, at the size the
// grid shows: artwork beside a film is read once (within MaxArtworkPixels), scaled and kept,
// so the window never decodes a large picture and a replaced picture is read again.
type Posters struct {
	Dir    string
	Framer Framer

	mu     sync.Mutex
	failed map[string]bool // artwork versions that could not be read: not read again
}

// MaxArtworkPixels is the largest artwork read: 50 megapixels (a 4K poster is 8). A picture's
// size is read from its header before any of it is decoded, so a small file that claims
// 30000×30000 pixels (a decompression bomb) costs nothing.
const MaxArtworkPixels = 50_000_000

// maxArtworkBytes bounds the decoded picture too: 50 megapixels of JPEG are 75 MB, of 8-bit
// RGBA PNG 200 MB, of 16-bit 400 MB.
const maxArtworkBytes = 100 << 20

// PosterSize is the size of a made poster: 2:3, like a one-sheet.
const (
	PosterWidth  = 240
	PosterHeight = 360
)

// Path returns a poster image file for the film: the artwork beside it (poster.jpg,
// folder.jpg, <file>-poster.jpg, in Kodi's order of preference), else a poster made from the
// film's own keyframe, cached by the film's path, size and modification time.
func (p *Posters) Path(ctx context.Context, f Film) (string, error) {
	// Artwork that cannot be used (the scan warned of it: CheckArtwork) gives way to the next,
	// then to the film's own picture.
	for _, art := range artworks(f.Path) {
		if out, err := p.fromArtwork(art); err == nil {
			return out, nil
		}
	}
	key := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", f.Path, f.Size, f.ModTime.UnixNano())))
	out := filepath.Join(p.Dir, hex.EncodeToString(key[:10])+".jpg")
	if exists(out) {
		return out, nil
	}
	img, err := p.Framer.PosterFrame(ctx, f.Path, PosterHeight)
	if err != nil {
		return "", fmt.Errorf("poster for %s: %w", f.Path, err)
	}
	if err := os.MkdirAll(p.Dir, 0o755); err != nil {
		return "", err
	}
	err = atomicfile.Write(out, 0o644, func(w io.Writer) error {
		return jpeg.Encode(w, CropPoster(img), &jpeg.Options{Quality: 85})
	})
	if err != nil {
		return "", fmt.Errorf("poster for %s: %w", f.Path, err)
	}
	return out, nil
}

// fromArtwork scales the artwork at art into the cache (once for each version of the file).
func (p *Posters) fromArtwork(art string) (string, error) {
	file, info, err := regularfile.Open(art)
	if err != nil {
		return "", errors.New(regularfile.Reason(err))
	}
	defer file.Close()
	key := sha256.Sum256([]byte(fmt.Sprintf("art\x00%s\x00%d\x00%d", art, info.Size(), info.ModTime().UnixNano())))
	name := hex.EncodeToString(key[:10])
	for _, ext := range []string{".jpg", ".png"} {
		if out := filepath.Join(p.Dir, name+ext); exists(out) {
			return out, nil
		}
	}
	p.mu.Lock()
	failed := p.failed[name]
	p.mu.Unlock()
	if failed {
		return "", errors.New("unreadable (tried before)")
	}
	img, err := DecodeBounded(file, MaxArtworkPixels)
	if err != nil {
		// A picture that is not one, or too large, stays so until the file changes (a new
		// name); a read error (a network share that dropped) may not, and is tried again.
		var pe *fs.PathError
		if !errors.As(err, &pe) {
			p.mu.Lock()
			if p.failed == nil {
				p.failed = map[string]bool{}
			}
			p.failed[name] = true
			p.mu.Unlock()
		}
		return "", err
	}
	if err := os.MkdirAll(p.Dir, 0o755); err != nil {
		return "", err
	}
	// A picture with transparency stays a PNG (a JPEG would turn it black).
	out, encode := filepath.Join(p.Dir, name+".jpg"), func(w io.Writer, m image.Image) error {
		return jpeg.Encode(w, m, &jpeg.Options{Quality: 85})
	}
	if o, ok := img.(interface{ Opaque() bool }); ok && !o.Opaque() {
		out, encode = filepath.Join(p.Dir, name+".png"), png.Encode
	}
	if err := atomicfile.Write(out, 0o644, func(w io.Writer) error { return encode(w, FitPoster(img)) }); err != nil {
		return "", err
	}
	return out, nil
}

// CheckArtwork says why the artwork beside a film cannot be its poster, and what is the poster
// instead, or "" when the first can (or there is none). Only the pictures' headers are read.
func CheckArtwork(film string) (path, reason string) {
	for _, art := range artworks(film) {
		why := checkArtwork(art)
		switch {
		case why == "" && path == "":
			return "", ""
		case why == "":
			return path, fmt.Sprintf("%s (%s is the poster)", reason, filepath.Base(art))
		case path == "":
			path, reason = art, why
		}
	}
	if path != "" {
		reason += " (the film's own picture is the poster)"
	}
	return path, reason
}

func checkArtwork(art string) string {
	f, _, err := regularfile.Open(art)
	if err != nil {
		return regularfile.Reason(err)
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return fmt.Sprintf("not a picture Reel reads (JPEG or PNG): %v", err)
	}
	if err := checkPixels(cfg, MaxArtworkPixels); err != nil {
		return err.Error()
	}
	return ""
}

func checkPixels(cfg image.Config, maxPixels int) error {
	px := int64(cfg.Width) * int64(cfg.Height)
	if px > int64(maxPixels) || cfg.Width <= 0 || cfg.Height <= 0 {
		return fmt.Errorf("the picture is %d×%d (%.0f megapixels), more than the %d a poster may have: not read",
			cfg.Width, cfg.Height, float64(px)/1e6, maxPixels/1_000_000)
	}
	if b := px * bytesPerPixel(cfg.ColorModel); b > maxArtworkBytes {
		return fmt.Errorf("the picture is %d×%d in %d bytes a pixel (%d MB decoded), more than a poster may take: not read",
			cfg.Width, cfg.Height, bytesPerPixel(cfg.ColorModel), b>>20)
	}
	return nil
}

// bytesPerPixel is what a decoded picture of the colour model takes.
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model:
		return 8
	case color.Gray16Model:
		return 2
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.YCbCrModel:
		return 2 // 4:2:0 is 1.5, 4:4:4 is 3: about 2
	case color.CMYKModel:
		return 4
	default:
		return 4
	}
}

// DecodeBounded decodes a JPEG or PNG picture whose header says it has at most maxPixels
// pixels; a larger one is refused before anything is allocated for it.
func DecodeBounded(r io.ReadSeeker, maxPixels int) (image.Image, error) {
	cfg, format, err := image.DecodeConfig(r)
	if err != nil {
		return nil, fmt.Errorf("not a picture Reel reads (JPEG or PNG): %w", err)
	}
	if err := checkPixels(cfg, maxPixels); err != nil {
		return nil, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("the %s picture is damaged: %w", format, err)
	}
	return img, nil
}

// FitPoster scales a picture to fit within a poster (PosterWidth×PosterHeight), keeping its
// shape; a picture already that small is kept as it is.
func FitPoster(img image.Image) image.Image {
	b := img.Bounds()
	if b.Dx() <= PosterWidth && b.Dy() <= PosterHeight {
		return img
	}
	scale := min(float64(PosterWidth)/float64(b.Dx()), float64(PosterHeight)/float64(b.Dy()))
	w, h := max(int(float64(b.Dx())*scale+0.5), 1), max(int(float64(b.Dy())*scale+0.5), 1)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.ApproxBiLinear.Scale(out, out.Bounds(), img, b, xdraw.Src, nil)
	return out
}

// artworks are the pictures beside a film that can be its poster, in Kodi's order of
// preference.
func artworks(film string) []string {
	dir := filepath.Dir(film)
	base := strings.TrimSuffix(film, filepath.Ext(film))
	var out []string
	for _, c := range []string{base + "-poster.jpg", base + "-poster.png", filepath.Join(dir, "poster.jpg"),
		filepath.Join(dir, "poster.png"), filepath.Join(dir, "folder.jpg")} {
		if exists(c) {
			out = append(out, c)
		}
	}
	return out
}

// CropPoster cuts the middle 2:3 of a picture (all of it, if it is already narrower). An RGBA
// picture is cut in place (the result shares its pixels: a library's posters are made dozens a
// second, and the copy was most of what each one allocated).
func CropPoster(img image.Image) image.Image {
	b := img.Bounds()
	w := min(b.Dx(), b.Dy()*2/3)
	x0 := b.Min.X + (b.Dx()-w)/2
	r := image.Rect(x0, b.Min.Y, x0+w, b.Max.Y)
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba.SubImage(r)
	}
	out := image.NewRGBA(image.Rect(0, 0, w, b.Dy()))
	draw.Draw(out, out.Bounds(), img, r.Min, draw.Src)
	return out
}
