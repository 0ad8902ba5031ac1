package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Thumb is a picture with a caption under it that the user clicks: a scene on the film page,
// a suggestion. The pointer over it lights its frame and shows a hand.
type Thumb struct {
	widget.BaseWidget
	OnTapped func()

	img     *canvas.Image
	caption *widget.Label
	frame   *canvas.Rectangle
	hover   bool
	size    fyne.Size
}

// NewThumb shows file at size with caption under it.
func NewThumb(file, caption string, size fyne.Size, tapped func()) *Thumb {
	t := &Thumb{OnTapped: tapped, size: size,
		img:     &canvas.Image{File: file, FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
		caption: widget.NewLabel(caption),
		frame:   canvas.NewRectangle(color.Transparent),
	}
	t.img.SetMinSize(size)
	t.caption.Alignment = fyne.TextAlignCenter
	t.caption.Truncation = fyne.TextTruncateEllipsis
	t.frame.StrokeWidth = 2
	t.frame.CornerRadius = 4
	t.ExtendBaseWidget(t)
	return t
}

// Caption is the text under the picture.
func (t *Thumb) Caption() string { return t.caption.Text }

// Hovered says whether the pointer is over it (for tests).
func (t *Thumb) Hovered() bool { return t.hover }

// Tapped implements fyne.Tappable.
func (t *Thumb) Tapped(*fyne.PointEvent) {
	if t.OnTapped != nil {
		t.OnTapped()
	}
}

// MouseIn implements desktop.Hoverable.
func (t *Thumb) MouseIn(*desktop.MouseEvent) { t.hover = true; t.Refresh() }

// MouseMoved implements desktop.Hoverable.
func (t *Thumb) MouseMoved(*desktop.MouseEvent) {}

// MouseOut implements desktop.Hoverable.
func (t *Thumb) MouseOut() { t.hover = false; t.Refresh() }

// Cursor implements desktop.Cursorable.
func (t *Thumb) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer implements fyne.Widget.
func (t *Thumb) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x30, B: 0x38, A: 0xff})
	bg.SetMinSize(t.size)
	art := container.NewStack(bg, t.img, t.frame)
	return &thumbRenderer{t: t, root: container.NewBorder(nil, t.caption, nil, nil, art)}
}

type thumbRenderer struct {
	t    *Thumb
	root *fyne.Container
}

func (r *thumbRenderer) Layout(size fyne.Size)        { r.root.Resize(size) }
func (r *thumbRenderer) MinSize() fyne.Size           { return r.root.MinSize() }
func (r *thumbRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.root} }
func (r *thumbRenderer) Destroy()                     {}
func (r *thumbRenderer) Refresh() {
	if r.t.hover {
		r.t.frame.StrokeColor = theme.Color(theme.ColorNamePrimary)
	} else {
		r.t.frame.StrokeColor = color.Transparent
	}
	r.t.frame.Refresh()
	r.t.caption.Refresh()
}
