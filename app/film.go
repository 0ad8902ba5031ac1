package app

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// filmPage shows one film: its poster, title, the user's verdict (stars, watched, review), plot,
// people, file facts, subtitles, mood and the strip of scenes.
type filmPage struct {
	filmID      string
	content     *fyne.Container
	poster      *canvas.Image
	placeholder *fyne.Container // instead of the poster, for a film that has none yet
	title       *widget.Label
	facts       *widget.Label
	note        *widget.Label
	plot        *widget.Label
	people      *widget.Label
	details     *widget.Label
	scenes      *fyne.Container // the scene strip
	strip       *container.Scroll
	picked      func(time.Duration)
	playBtn     *widget.Button
	startBtn    *widget.Button         // "Play from the start", beside Resume
	play        func(at time.Duration) // nil: no player; at < 0 resumes
	sceneList   []SceneThumb
	shotList    []SceneThumb  // for the seek bar's previews
	words       *widget.Label // keywords and mood
	arc         *widgets.SentimentArc
	arcBox      *fyne.Container
	played      float64 // how far the user got (the grid's listing), until the details say where

	// The user's verdict; verdictBox is hidden when the library keeps none (no Verdicts).
	verdictBox *fyne.Container
	stars      *widgets.Stars
	watched    *widget.Check
	review     *widget.Entry
	reviewMood *widget.Label
	filling    bool // the page is being filled: the widgets' callbacks are not the user's
	onRate     func(id string, stars int)
	onWatched  func(id string, watched bool)
	onReview   func(id, text string) // called as the user types (the screen waits for a pause)
}

func newFilmPage(back func()) *filmPage {
	p := &filmPage{
		poster:  &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth},
		title:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		facts:   widget.NewLabel(""),
		note:    widget.NewLabel(""),
		plot:    widget.NewLabel(""),
		people:  widget.NewLabel(""),
		details: widget.NewLabel(""),
	}
	size := fyne.NewSize(widgets.PosterSize.Width*1.25, widgets.PosterSize.Height*1.25)
	p.poster.SetMinSize(size)
	bg := canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x30, B: 0x38, A: 0xff})
	bg.CornerRadius = 4
	bg.SetMinSize(size)
	p.placeholder = container.NewStack(bg, container.NewCenter(widget.NewIcon(theme.MediaVideoIcon())))
	p.title.SizeName = theme.SizeNameHeadingText
	p.title.Wrapping = fyne.TextWrapWord
	for _, l := range []*widget.Label{p.plot, p.people, p.note, p.facts} {
		l.Wrapping = fyne.TextWrapWord
	}
	// A path has no spaces to wrap at: it breaks anywhere rather than widen the window.
	p.details.Wrapping = fyne.TextWrapBreak
	p.note.Importance = widget.WarningImportance
	backBtn := widget.NewButtonWithIcon(tr("Library"), theme.NavigateBackIcon(), back)
	p.playBtn = widget.NewButtonWithIcon(tr("Play"), theme.MediaPlayIcon(), func() {
		if p.play != nil {
			p.play(-1)
		}
	})
	p.playBtn.Importance = widget.HighImportance
	p.playBtn.Hide()
	p.startBtn = widget.NewButtonWithIcon(tr("Play from the start"), theme.MediaReplayIcon(), func() {
		if p.play != nil {
			p.play(0)
		}
	})
	p.startBtn.Hide()
	p.words = widget.NewLabel("")
	p.words.Wrapping = fyne.TextWrapWord
	p.arc = widgets.NewSentimentArc()
	arcTitle := widget.NewLabelWithStyle(tr("Mood across the film"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	small := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.SizeName = theme.SizeNameCaptionText
		l.Importance = widget.LowImportance
		return l
	}
	up, down := small(tr("brighter")), small(tr("darker"))
	begin, end := small(tr("start")), small(tr("end"))
	axis := container.NewVBox(up, layout.NewSpacer(), down)
	tight := layout.NewCustomPaddedLayout(-theme.Padding(), -theme.Padding(), 0, 0)
	p.arcBox = container.NewBorder(arcTitle, container.New(tight, container.NewBorder(nil, nil, begin, end)), axis, nil, p.arc)
	p.arcBox.Hide()

	p.stars = widgets.NewStars(0, func(n int) {
		if !p.filling && p.onRate != nil {
			p.onRate(p.filmID, n)
		}
	})
	p.watched = widget.NewCheck(tr("Watched"), func(on bool) {
		if !p.filling && p.onWatched != nil {
			p.onWatched(p.filmID, on)
		}
	})
	p.review = widget.NewMultiLineEntry()
	p.review.Wrapping = fyne.TextWrapWord
	p.review.SetMinRowsVisible(3)
	p.review.SetPlaceHolder(tr("Your review: a few lines, saved as you type"))
	p.review.OnChanged = func(text string) {
		if !p.filling && p.onReview != nil {
			p.onReview(p.filmID, text)
		}
	}
	p.reviewMood = widget.NewLabel("")
	p.reviewMood.Hide()
	rating := container.NewHBox(widget.NewLabel(tr("Your rating")), p.stars, layout.NewSpacer(), p.watched)
	p.verdictBox = container.NewVBox(rating, p.review, p.reviewMood)
	p.verdictBox.Hide()

	buttons := container.NewHBox(p.playBtn, p.startBtn)
	text := container.NewVBox(p.title, p.facts, buttons, p.note, p.verdictBox, p.plot, p.arcBox, p.people, p.words, p.details)
	p.scenes = container.NewHBox()
	p.strip = container.NewHScroll(p.scenes)
	p.strip.Hide()
	p.picked = func(at time.Duration) {
		if p.play != nil {
			p.play(at)
			return
		}
		p.showNote(at)
	}
	// The poster scrolls with the text: the page needs no more height than a window has.
	art := container.NewVBox(container.NewStack(p.placeholder, p.poster))
	body := container.NewVScroll(container.NewBorder(nil, nil, art, nil, text))
	p.content = container.NewBorder(container.NewHBox(backBtn), p.strip, nil, nil, container.NewPadded(body))
	return p
}

// show puts up what the grid already knows, at once; fill adds the details when they arrive.
func (p *filmPage) show(f index.Film, poster string, at time.Duration) {
	p.filmID = f.ID
	p.setPoster(poster)
	if f.Year > 0 {
		p.title.SetText(fmt.Sprintf("%s (%d)", f.Title, f.Year))
	} else {
		p.title.SetText(f.Title)
	}
	setOrHide(p.facts, strings.Join(f.Genres, " · "))
	setOrHide(p.plot, f.Plot)
	setOrHide(p.people, "")
	setOrHide(p.words, "")
	p.details.SetText("")
	p.arcBox.Hide()
	p.scenes.RemoveAll()
	p.sceneList, p.shotList = nil, nil
	p.strip.Hide()
	p.played = f.Played
	p.setPlay(f.Played > 0.01, 0)
	p.setVerdict(Verdict{Rating: f.Rating, Watched: f.Watched}, true)
	if at >= 0 && p.play == nil {
		p.note.SetText(tr("You picked the line at %s.", clock(at)))
		p.note.Show()
	} else {
		p.note.Hide()
	}
}

// setPoster shows the film's poster, or the placeholder when it has none yet: never the poster
// of the film shown before.
func (p *filmPage) setPoster(file string) {
	p.poster.File = file
	p.poster.Resource = nil
	p.poster.Image = nil
	p.poster.Hidden = file == ""
	p.placeholder.Hidden = file != ""
	p.poster.Refresh()
}

// PosterFile is the poster the page shows, "" for the placeholder (for tests).
func (p *filmPage) PosterFile() string {
	if p.poster.Hidden {
		return ""
	}
	return p.poster.File
}

// setPlay labels the play buttons: Play, or "Resume from 0:41:12" with "Play from the start"
// beside it.
func (p *filmPage) setPlay(started bool, at time.Duration) {
	if p.play == nil {
		return
	}
	p.playBtn.Show()
	switch {
	case started && at > 0:
		p.playBtn.SetText(tr("Resume from %s", clock(at)))
		p.startBtn.Show()
	case started:
		p.playBtn.SetText(tr("Resume"))
		p.startBtn.Show()
	default:
		p.playBtn.SetText(tr("Play"))
		p.startBtn.Hide()
	}
}

// setVerdict shows the user's verdict. The review box is set only when the page is filled
// (all), never while the user may be typing in it.
func (p *filmPage) setVerdict(v Verdict, all bool) {
	p.filling = true
	defer func() { p.filling = false }()
	p.stars.SetValue(v.Rating)
	p.watched.SetChecked(v.Watched)
	if all {
		p.review.SetText(v.Review)
	}
	if v.ReviewMood != "" && strings.TrimSpace(v.Review) != "" {
		p.reviewMood.SetText(tr("Your review reads %s.", MoodWord(v.ReviewMood)))
		p.reviewMood.Show()
	} else {
		p.reviewMood.Hide()
	}
}

// setOrHide sets a label's text, and hides it when there is none: an empty label would leave
// a gap in the page.
func setOrHide(l *widget.Label, text string) {
	l.Text, l.Hidden = text, text == ""
	l.Refresh()
}

// sceneThumb is the size of a thumbnail on the scene strip.
var sceneThumb = fyne.NewSize(160, 90)

func (p *filmPage) showNote(at time.Duration) {
	p.note.SetText(tr("You picked the scene at %s.", clock(at)))
	p.note.Show()
}

// setScenes fills the scene strip; clicking a scene picks its start.
func (p *filmPage) setScenes(scenes []SceneThumb) {
	p.sceneList = scenes
	p.scenes.RemoveAll()
	for _, sc := range scenes {
		at := sc.Start
		p.scenes.Add(widgets.NewThumb(sc.Thumb, clock(at), sceneThumb, func() { p.picked(at) }))
	}
	if len(scenes) > 0 {
		p.strip.Show()
	}
	p.scenes.Refresh()
}

func (p *filmPage) fill(d Details) {
	var facts []string
	if d.Film.Edition != "" {
		facts = append(facts, d.Film.Edition)
	}
	if len(d.Film.Genres) > 0 {
		facts = append(facts, strings.Join(d.Film.Genres, " · "))
	}
	if d.Duration > 0 {
		facts = append(facts, length(d.Duration))
	}
	if d.Picture != "" {
		facts = append(facts, d.Picture)
	}
	setOrHide(p.facts, strings.Join(facts, "   ·   "))
	plot := d.Film.Plot
	if d.Tagline != "" {
		plot = "“" + d.Tagline + "”\n\n" + plot
	}
	setOrHide(p.plot, strings.TrimSpace(plot))
	var people []string
	if d.Original != "" && d.Original != d.Film.Title {
		people = append(people, tr("Original title: %s", d.Original))
	}
	if len(d.Directors) > 0 {
		people = append(people, tr("Directed by %s", strings.Join(d.Directors, ", ")))
	}
	if len(d.Cast) > 0 {
		people = append(people, tr("With %s", strings.Join(d.Cast, ", ")))
	}
	setOrHide(p.people, strings.Join(people, "\n"))
	var det []string
	if len(d.Subtitles) > 0 {
		det = append(det, tr("Subtitles: %s", strings.Join(d.Subtitles, ", ")))
	}
	if d.Lines > 0 {
		det = append(det, trn("%d lines of dialogue are searchable.", d.Lines))
	}
	det = append(det, tr("File: %s", d.Film.Path))
	for _, w := range d.Warnings {
		det = append(det, tr("Warning: %s", w))
	}
	if len(d.Scenes) == 0 {
		det = append(det, tr("Scenes appear here once Reel has looked through the film (it does, in the background)."))
	}
	p.details.SetText(strings.Join(det, "\n"))
	var words []string
	if len(d.Keywords) > 0 {
		words = append(words, tr("Keywords: %s", strings.Join(d.Keywords, ", ")))
	}
	if d.Mood != "" {
		words = append(words, tr("Mood of the dialogue: %s", d.Mood))
	}
	setOrHide(p.words, strings.Join(words, "\n"))
	if len(d.Arc) > 1 && d.Mood != "" {
		p.arc.SetValues(d.Arc)
		p.arcBox.Show()
	}
	p.setPlay(d.Verdict.Position > 0 || p.played > 0.01, d.Verdict.Position)
	p.setVerdict(d.Verdict, true)
	p.setScenes(d.Scenes)
	p.shotList = d.Shots
}

func (p *filmPage) fail(err error) {
	p.details.SetText(tr("Could not read the film's details: %v", err))
}

// length says how long a film is, as people say it: "1 h 52 min", "24 min", "30 s".
func length(d time.Duration) string {
	switch {
	case d < time.Minute:
		return tr("%d s", int(d.Seconds()+0.5))
	case d < time.Hour:
		return tr("%d min", int(d.Minutes()+0.5))
	default:
		m := int(d.Minutes() + 0.5)
		return tr("%d h %02d min", m/60, m%60)
	}
}
