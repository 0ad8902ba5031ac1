package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-app/reel/index/atomicfile"
)

// Framer takes a picture from a film: the keyframe nearest a third of the way in, scaled to the
// given height with the film's display aspect. player/ffmpeg provides it.
type Framer interface {
	PosterFrame(ctx context.Context, path string, height int) (image.Image, error)
}

// Posters finds or makes film posters and caches the made ones as JPEG files in Dir.
type Posters struct {
	Dir    string
	Framer Framer
}

// PosterSize is the size of a made poster: 2:3, like a one-sheet.
const (
	PosterWidth  = 240
	PosterHeight = 360
)

// Path returns a poster image file for the film: the artwork beside it (poster.jpg,
// folder.jpg, <file>-poster.jpg, in Kodi's order of preference), else a poster made from the
// film's own keyframe, cached by the film's path, size and modification time.
func (p *Posters) Path(ctx context.Context, f Film) (string, error) {
	if art := artwork(f.Path); art != "" {
		return art, nil
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

func artwork(film string) string {
	dir := filepath.Dir(film)
	base := strings.TrimSuffix(film, filepath.Ext(film))
	for _, c := range []string{base + "-poster.jpg", base + "-poster.png", filepath.Join(dir, "poster.jpg"),
		filepath.Join(dir, "poster.png"), filepath.Join(dir, "folder.jpg")} {
		if exists(c) {
			return c
		}
	}
	return ""
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
