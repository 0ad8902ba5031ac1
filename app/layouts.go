package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// headerLayout lays out the library's header in one row at any width: the title and count,
// the search box (which takes the room left, up to a comfortable width), the filters, and the
// tool buttons. When the filters do not fit, they fold into their menu button. Its objects
// are: title, search, filters, filter button, tools.
type headerLayout struct{}

const (
	searchMin  = 180 // the narrowest the search box gets
	searchBest = 420 // wider than this it does not help
)

func (l *headerLayout) parts(objs []fyne.CanvasObject) (title, search, filters, btn, tools fyne.CanvasObject) {
	return objs[0], objs[1], objs[2], objs[3], objs[4]
}

// inline says whether the filters fit beside the rest at width w.
func (l *headerLayout) inline(objs []fyne.CanvasObject, w float32) bool {
	title, _, filters, _, tools := l.parts(objs)
	pad := theme.Padding()
	return title.MinSize().Width+searchMin+filters.MinSize().Width+tools.MinSize().Width+4*pad <= w
}

func (l *headerLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	title, search, filters, btn, tools := l.parts(objs)
	pad := theme.Padding()
	h := fyne.Max(fyne.Max(title.MinSize().Height, search.MinSize().Height), fyne.Max(filters.MinSize().Height, tools.MinSize().Height))
	h = fyne.Max(h, btn.MinSize().Height)
	return fyne.NewSize(title.MinSize().Width+searchMin+btn.MinSize().Width+tools.MinSize().Width+4*pad, h)
}

func (l *headerLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	title, search, filters, btn, tools := l.parts(objs)
	pad := theme.Padding()
	inline := l.inline(objs, size.Width)
	if inline != filters.Visible() || inline == btn.Visible() {
		if inline {
			filters.Show()
			btn.Hide()
		} else {
			filters.Hide()
			btn.Show()
		}
	}
	middle := btn
	if inline {
		middle = filters
	}
	place := func(o fyne.CanvasObject, x, w float32) {
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
	}
	tw, mw, ow := title.MinSize().Width, middle.MinSize().Width, tools.MinSize().Width
	room := size.Width - tw - mw - ow - 4*pad
	sw := fyne.Max(searchMin, fyne.Min(searchBest, room))
	x := float32(0)
	place(title, x, tw)
	x += tw + pad
	// The search box sits after the title; the filters and tools keep to the right.
	place(search, x+pad, sw)
	place(tools, size.Width-ow, ow)
	place(middle, size.Width-ow-pad-mw, mw)
}

// centredGrid lays out the poster grid as wide as whole columns of cards take (no more columns
// than there are cards), centred in the width it has: no empty band on one side.
type centredGrid struct {
	cell  float32    // a card's width, read from the grid's template once
	count func() int // how many cards there are
}

func (l *centredGrid) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (l *centredGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	grid := objs[0]
	if l.cell == 0 {
		l.cell = grid.MinSize().Width
	}
	pad := theme.Padding()
	// GridWrap fits floor((w+pad)/(cell+pad)) columns; room for a scroll bar is kept.
	bar := theme.ScrollBarSize()
	cols := int((size.Width - bar + pad) / (l.cell + pad))
	if l.count != nil {
		cols = min(cols, l.count())
	}
	if cols < 1 {
		grid.Resize(size)
		grid.Move(fyne.NewPos(0, 0))
		return
	}
	used := float32(cols)*(l.cell+pad) - pad
	w := used + bar
	x := (size.Width - used) / 2
	grid.Resize(fyne.NewSize(fyne.Min(w, size.Width-x), size.Height))
	grid.Move(fyne.NewPos(x, 0))
}
