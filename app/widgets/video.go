package widgets

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// VideoView shows the player's pictures: letterboxed on black, the picture's aspect kept (the
// engine already applies pixel aspect and rotation when it scales). Fyne has no video widget;
// this one draws the RGBA frames it is handed.
type VideoView struct {
	widget.BaseWidget

	// OnResized hears the view's size in device pixels, so pictures can be scaled to it.
	OnResized func(w, h int)
	// OnTapped and OnDoubleTapped let a click pause and a double click go full screen.
	OnTapped, OnDoubleTapped func()

	img     *canvas.Image
	bg      *canvas.Rectangle
	playing bool
}

// NewVideoView makes an empty (black) view.
func NewVideoView() *VideoView {
	v := &VideoView{
		img: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest},
		bg:  canvas.NewRectangle(color.Black),
	}
	v.ExtendBaseWidget(v)
	return v
}

// SetFrame shows img. Call it on the Fyne goroutine; img must stay unchanged until the next
// SetFrame after this one (the engine's frame ring guarantees that).
func (v *VideoView) SetFrame(img *image.RGBA) {
	v.img.Image = img
	v.img.Refresh()
}

// Frame is the picture on screen, nil before the first.
func (v *VideoView) Frame() *image.RGBA {
	img, _ := v.img.Image.(*image.RGBA)
	return img
}

// Clear blanks the view.
func (v *VideoView) Clear() {
	v.img.Image = nil
	v.img.Refresh()
}

// SetPlaying tells the view whether a film is playing: the pointer hides over a playing film.
func (v *VideoView) SetPlaying(on bool) { v.playing = on }

// Cursor hides the pointer while the film plays.
func (v *VideoView) Cursor() desktop.Cursor {
	if v.playing {
		return desktop.HiddenCursor
	}
	return desktop.DefaultCursor
}

func (v *VideoView) Tapped(*fyne.PointEvent) {
	if v.OnTapped != nil {
		v.OnTapped()
	}
}

func (v *VideoView) DoubleTapped(*fyne.PointEvent) {
	if v.OnDoubleTapped != nil {
		v.OnDoubleTapped()
	}
}

func (v *VideoView) MinSize() fyne.Size { return fyne.NewSize(160, 90) }

func (v *VideoView) CreateRenderer() fyne.WidgetRenderer {
	return &videoRenderer{v: v, objects: []fyne.CanvasObject{v.bg, v.img}}
}

type videoRenderer struct {
	v       *VideoView
	objects []fyne.CanvasObject
	last    [2]int
}

func (r *videoRenderer) Layout(size fyne.Size) {
	r.v.bg.Resize(size)
	r.v.img.Resize(size)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.v); c != nil {
		scale = c.Scale()
	}
	px := [2]int{int(size.Width * scale), int(size.Height * scale)}
	if px != r.last && px[0] > 0 && px[1] > 0 {
		r.last = px
		if r.v.OnResized != nil {
			r.v.OnResized(px[0], px[1])
		}
	}
}

func (r *videoRenderer) MinSize() fyne.Size           { return r.v.MinSize() }
func (r *videoRenderer) Refresh()                     { r.v.bg.Refresh(); r.v.img.Refresh() }
func (r *videoRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *videoRenderer) Destroy()                     {}
