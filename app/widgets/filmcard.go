package widgets

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PosterSize is the size a poster is drawn at in the library grid (2:3).
var PosterSize = fyne.NewSize(160, 240)

// FilmCard shows one film in the library grid: its poster (a placeholder until the poster is
// ready), its title and its year.
type FilmCard struct {
	widget.BaseWidget

	poster      *canvas.Image
	placeholder *canvas.Rectangle
	icon        *widget.Icon
	title       *widget.Label
	year        *widget.Label
	posterPath  string
}

// NewFilmCard returns an empty card, for a grid's template.
func NewFilmCard() *FilmCard {
	c := &FilmCard{
		poster:      &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
		placeholder: canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x30, B: 0x38, A: 0xff}),
		icon:        widget.NewIcon(theme.MediaVideoIcon()),
		title:       widget.NewLabel(""),
		year:        widget.NewLabel(""),
	}
	c.poster.SetMinSize(PosterSize)
	c.placeholder.SetMinSize(PosterSize)
	c.placeholder.CornerRadius = 4
	c.title.Truncation = fyne.TextTruncateEllipsis
	c.title.Alignment = fyne.TextAlignCenter
	c.title.TextStyle = fyne.TextStyle{Bold: true}
	c.year.Alignment = fyne.TextAlignCenter
	c.year.Importance = widget.LowImportance
	c.ExtendBaseWidget(c)
	return c
}

// Set shows a film; posterPath may be "" while the poster is being made.
func (c *FilmCard) Set(title string, year int, posterPath string) {
	c.title.SetText(title)
	if year > 0 {
		c.year.SetText(fmt.Sprint(year))
	} else {
		c.year.SetText(" ")
	}
	if posterPath != c.posterPath {
		c.posterPath = posterPath
		c.poster.File = posterPath
		c.poster.Resource = nil
		c.poster.Refresh()
	}
	has := posterPath != ""
	c.poster.Hidden = !has
	c.icon.Hidden = has
	c.placeholder.Hidden = has
	c.Refresh()
}

// Title returns the title shown (for tests and accessibility).
func (c *FilmCard) Title() string { return c.title.Text }

// PosterFile returns the poster file shown, "" for the placeholder.
func (c *FilmCard) PosterFile() string { return c.posterPath }

// CreateRenderer implements fyne.Widget.
func (c *FilmCard) CreateRenderer() fyne.WidgetRenderer {
	art := container.NewStack(c.placeholder, container.NewCenter(c.icon), c.poster)
	text := container.NewVBox(c.title, container.New(layout.NewCustomPaddedLayout(-12, 0, 0, 0), c.year))
	return widget.NewSimpleRenderer(container.NewBorder(nil, text, nil, nil, art))
}
