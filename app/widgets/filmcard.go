package widgets

import (
	"fmt"
	"image/color"
	"strings"

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
	played      *widget.ProgressBar
	posterPath  string
	fullTitle   string
	watchedMark *fyne.Container // a tick over the poster's corner
	ratedMark   *fyne.Container // the user's stars, over the poster's other corner
	ratedText   *canvas.Text
	watched     bool
	rating      int

	// OnTapped is called on a click; OnMenu on a right click, with where it was (absolute).
	// The card takes both: the window gives a click to the deepest object that takes either.
	OnTapped func()
	OnMenu   func(at fyne.Position)
}

// BadgeBackground is the dark round behind a badge on a poster: white on it reads at 9:1 or
// better over any poster.
var BadgeBackground = color.NRGBA{R: 0x10, G: 0x10, B: 0x14, A: 0xe0}

func badge(content fyne.CanvasObject) *fyne.Container {
	bg := canvas.NewRectangle(BadgeBackground)
	bg.CornerRadius = 10
	return container.NewStack(bg, container.New(layout.NewCustomPaddedLayout(2, 2, 5, 5), content))
}

// NewFilmCard returns an empty card, for a grid's template.
func NewFilmCard() *FilmCard {
	c := &FilmCard{
		poster:      &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
		placeholder: canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x30, B: 0x38, A: 0xff}),
		icon:        widget.NewIcon(theme.MediaVideoIcon()),
		title:       widget.NewLabel(""),
		year:        widget.NewLabel(""),
		played:      widget.NewProgressBar(),
	}
	tick := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	c.watchedMark = badge(tick)
	c.watchedMark.Hide()
	c.ratedText = canvas.NewText("", color.White)
	c.ratedText.TextStyle = fyne.TextStyle{Bold: true}
	star := canvas.NewImageFromResource(StarIcon())
	star.SetMinSize(fyne.NewSquareSize(16))
	c.ratedMark = badge(container.NewHBox(star, container.NewCenter(c.ratedText)))
	c.ratedMark.Hide()
	c.played.TextFormatter = func() string { return "" }
	c.played.Hide()
	c.poster.SetMinSize(PosterSize)
	c.placeholder.SetMinSize(PosterSize)
	c.placeholder.CornerRadius = 4
	// Two lines of title (see twoLines), so most titles show whole.
	c.title.Wrapping = fyne.TextWrapWord
	c.title.Alignment = fyne.TextAlignCenter
	c.title.TextStyle = fyne.TextStyle{Bold: true}
	c.year.Alignment = fyne.TextAlignCenter
	c.year.Importance = widget.LowImportance
	c.ExtendBaseWidget(c)
	return c
}

// SetPlayed shows how far the user got: a bar under the poster for a film started and not
// finished (0 < played < 0.9), nothing otherwise.
func (c *FilmCard) SetPlayed(played float64) {
	if played > 0 && played < 0.9 {
		c.played.SetValue(played)
		c.played.Show()
	} else {
		c.played.Hide()
	}
}

// SetVerdict shows what the user made of the film: a tick when watched, their stars (1–5) in
// the corner when rated.
func (c *FilmCard) SetVerdict(watched bool, rating int) {
	if watched == c.watched && rating == c.rating {
		return
	}
	c.watched, c.rating = watched, rating
	c.watchedMark.Hidden = !watched
	c.ratedMark.Hidden = rating <= 0
	c.ratedText.Text = fmt.Sprint(rating)
	c.ratedText.Refresh()
	c.Refresh()
}

// Verdict is what the card shows of the user's verdict (for tests).
func (c *FilmCard) Verdict() (watched bool, rating int) {
	if !c.ratedMark.Hidden {
		rating = c.rating
	}
	return !c.watchedMark.Hidden, rating
}

// Tapped implements fyne.Tappable.
func (c *FilmCard) Tapped(*fyne.PointEvent) {
	if c.OnTapped != nil {
		c.OnTapped()
	}
}

// TappedSecondary implements fyne.SecondaryTappable: the card's menu.
func (c *FilmCard) TappedSecondary(e *fyne.PointEvent) {
	if c.OnMenu != nil {
		c.OnMenu(e.AbsolutePosition)
	}
}

// Played reports the bar's value, -1 when it is hidden (for tests).
func (c *FilmCard) Played() float64 {
	if !c.played.Visible() {
		return -1
	}
	return c.played.Value
}

// Set shows a film; posterPath may be "" while the poster is being made.
func (c *FilmCard) Set(title string, year int, posterPath string) {
	// The grid sets its visible cards on every refresh (dozens a second while posters are
	// made): the title is measured into two lines, and the labels set, only when they change.
	if title != c.fullTitle || c.title.Text == "" {
		c.fullTitle = title
		c.title.Text = twoLines(title, PosterSize.Width-2*theme.InnerPadding(), c.title.TextStyle)
	}
	yearText := " "
	if year > 0 {
		yearText = fmt.Sprint(year)
	}
	c.year.Text = yearText
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
func (c *FilmCard) Title() string { return c.fullTitle }

// twoLines shortens title with an ellipsis so that, wrapped at width, it takes at most two lines.
func twoLines(title string, width float32, style fyne.TextStyle) string {
	fits := func(s string) bool { return fyne.MeasureText(s, theme.TextSize(), style).Width <= width }
	words := strings.Fields(title)
	var lines []string
	line := ""
	for _, w := range words {
		next := strings.TrimSpace(line + " " + w)
		if fits(next) || line == "" {
			line = next
			continue
		}
		lines = append(lines, line)
		line = w
		if len(lines) == 2 {
			// A third line is needed: end the second with an ellipsis.
			last := lines[1]
			for last != "" && !fits(last+"…") {
				r := []rune(last)
				last = strings.TrimSpace(string(r[:len(r)-1]))
			}
			return lines[0] + " " + last + "…"
		}
	}
	return title
}

// PosterFile returns the poster file shown, "" for the placeholder.
func (c *FilmCard) PosterFile() string { return c.posterPath }

// CreateRenderer implements fyne.Widget.
func (c *FilmCard) CreateRenderer() fyne.WidgetRenderer {
	bar := container.New(&fixedHeight{h: 6}, c.played)
	marks := container.NewBorder(
		container.NewBorder(nil, nil, c.ratedMark, c.watchedMark), nil, nil, nil)
	art := container.NewBorder(nil, bar, nil, nil, container.NewStack(c.placeholder, container.NewCenter(c.icon), c.poster,
		container.New(layout.NewCustomPaddedLayout(6, 6, 6, 6), marks)))
	twoLine := widget.NewLabelWithStyle("Ag\nAg", fyne.TextAlignCenter, c.title.TextStyle)
	title := container.New(&fixedHeight{h: twoLine.MinSize().Height}, c.title)
	text := container.NewVBox(title, container.New(layout.NewCustomPaddedLayout(-2*theme.InnerPadding(), 0, 0, 0), c.year))
	return &filmCardRenderer{c: c, root: container.NewBorder(nil, text, nil, nil, art)}
}

// filmCardRenderer refreshes everything on the card but its poster: a canvas.Image reads,
// decodes and rescales its file on every Refresh, and the grid refreshes its cards each time a
// poster is made (dozens a second while a library's posters are made). Set refreshes the poster
// itself, when its file changes.
type filmCardRenderer struct {
	c    *FilmCard
	root *fyne.Container
}

func (r *filmCardRenderer) Layout(size fyne.Size)        { r.root.Resize(size) }
func (r *filmCardRenderer) MinSize() fyne.Size           { return r.root.MinSize() }
func (r *filmCardRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.root} }
func (r *filmCardRenderer) Destroy()                     {}

func (r *filmCardRenderer) Refresh() {
	r.root.Layout.Layout(r.root.Objects, r.root.Size())
	r.c.title.Refresh()
	r.c.year.Refresh()
	r.c.played.Refresh()
	r.c.icon.Refresh()
	r.c.watchedMark.Refresh()
	r.c.ratedMark.Refresh()
	canvas.Refresh(r.c.placeholder)
	canvas.Refresh(r.root) // repaints the card; its poster's texture is kept
}

// fixedHeight lays its one object out at a fixed height: room for two lines of title whatever
// the title, so every card in the grid lines up.
type fixedHeight struct{ h float32 }

func (l *fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(objs[0].MinSize().Width, l.h)
}

func (l *fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
}
