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
// engine already applies pixel aspect and rotation when it scales). The picture object is laid
// out at the picture's own size, centred, and the engine is asked for pictures of exactly the
// view's pixel size (OnResized): Fyne then uploads the frame as it is. A canvas.Image whose
// pixels do not match its size is rescaled by Fyne in Go (CatmullRom) on every frame, which a
// film cannot afford. Fyne has no video widget;
// this one draws the RGBA frames it is handed.
type VideoView struct {
	widget.BaseWidget

	// OnResized hears the view's size in device pixels, so pictures can be scaled to it.
	OnResized func(w, h int)
	// OnTapped and OnDoubleTapped let a click pause and a double click go full screen.
	OnTapped, OnDoubleTapped func()
	// OnPointer hears the pointer move over the view (to bring the controls back).
	OnPointer func()

	img         *canvas.Image
	overlay     *canvas.Image // picture subtitles, drawn at the picture's size over it
	bg          *canvas.Rectangle
	playing     bool
	hidePointer bool
}

// NewVideoView makes an empty (black) view.
func NewVideoView() *VideoView {
	v := &VideoView{
		img:     &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleFastest},
		overlay: &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth},
		bg:      canvas.NewRectangle(color.Black),
	}
	v.overlay.Hide()
	v.ExtendBaseWidget(v)
	return v
}

// SetFrame shows img. Call it on the Fyne goroutine; img must stay unchanged until the next
// SetFrame after this one (the engine's frame ring guarantees that).
func (v *VideoView) SetFrame(img *image.RGBA) {
	resized := v.img.Image == nil || v.img.Image.Bounds().Size() != img.Bounds().Size()
	v.img.Image = img
	if resized {
		v.layoutPicture(v.Size())
	}
	v.img.Refresh()
}

// layoutPicture centres the picture at the largest size with its aspect that fits.
func (v *VideoView) layoutPicture(size fyne.Size) {
	if v.img.Image == nil {
		v.img.Resize(size)
		v.img.Move(fyne.NewPos(0, 0))
		return
	}
	b := v.img.Image.Bounds()
	w, h := size.Width, size.Height
	if iw, ih := float32(b.Dx()), float32(b.Dy()); iw > 0 && ih > 0 {
		if w/h > iw/ih {
			w = h * iw / ih
		} else {
			h = w * ih / iw
		}
	}
	v.img.Resize(fyne.NewSize(w, h))
	v.img.Move(fyne.NewPos((size.Width-w)/2, (size.Height-h)/2))
	v.overlay.Resize(v.img.Size())
	v.overlay.Move(v.img.Position())
}

// SetOverlay draws img (transparent but for the subtitles) over the picture, stretched onto
// it: drawn at the picture's pixel size, it is not rescaled. nil takes it away. Call it on the
// Fyne goroutine.
func (v *VideoView) SetOverlay(img *image.RGBA) {
	if img == nil {
		v.overlay.Image = nil
		v.overlay.Hide()
		return
	}
	v.overlay.Image = img
	v.overlay.Resize(v.img.Size())
	v.overlay.Move(v.img.Position())
	v.overlay.Show()
	v.overlay.Refresh()
}

// Overlay is the subtitle picture over the film, nil when none shows.
func (v *VideoView) Overlay() *image.RGBA {
	if !v.overlay.Visible() {
		return nil
	}
	img, _ := v.overlay.Image.(*image.RGBA)
	return img
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

// SetPlaying tells the view whether a film is playing.
func (v *VideoView) SetPlaying(on bool) { v.playing = on }

// HidePointer hides the pointer over the view (the screen does, once it has rested).
func (v *VideoView) HidePointer(hide bool) { v.hidePointer = hide }

// PointerHidden says whether the pointer is hidden over the view.
func (v *VideoView) PointerHidden() bool { return v.hidePointer }

// Cursor implements desktop.Cursorable: hidden once the pointer has rested over a film.
func (v *VideoView) Cursor() desktop.Cursor {
	if v.hidePointer {
		return desktop.HiddenCursor
	}
	return desktop.DefaultCursor
}

// MouseIn implements desktop.Hoverable.
func (v *VideoView) MouseIn(*desktop.MouseEvent) { v.moved() }

// MouseMoved implements desktop.Hoverable.
func (v *VideoView) MouseMoved(*desktop.MouseEvent) { v.moved() }

// MouseOut implements desktop.Hoverable.
func (v *VideoView) MouseOut() {}

func (v *VideoView) moved() {
	if v.OnPointer != nil {
		v.OnPointer()
	}
}

// PictureSize is the size the picture is drawn at in the view (the view's size before the
// first picture).
func (v *VideoView) PictureSize() fyne.Size { return v.img.Size() }

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
	return &videoRenderer{v: v, objects: []fyne.CanvasObject{v.bg, v.img, v.overlay}}
}

type videoRenderer struct {
	v       *VideoView
	objects []fyne.CanvasObject
	last    [2]int
}

func (r *videoRenderer) Layout(size fyne.Size) {
	r.v.bg.Resize(size)
	r.v.layoutPicture(size)
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
func (r *videoRenderer) Refresh()                     { r.v.bg.Refresh(); r.v.img.Refresh(); r.v.overlay.Refresh() }
func (r *videoRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *videoRenderer) Destroy()                     {}
