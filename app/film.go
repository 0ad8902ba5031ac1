package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
)

// filmPage shows one film: its poster, title, plot, people, genres, file facts and subtitles.
type filmPage struct {
	filmID    string
	content   *fyne.Container
	poster    *canvas.Image
	title     *widget.Label
	facts     *widget.Label
	note      *widget.Label
	plot      *widget.Label
	people    *widget.Label
	details   *widget.Label
	scenes    *fyne.Container // the scene strip
	strip     *container.Scroll
	picked    func(time.Duration)
	playBtn   *widget.Button
	play      func(at time.Duration) // nil: no player; at < 0 resumes
	sceneList []SceneThumb
	shotList  []SceneThumb  // for the seek bar's previews
	words     *widget.Label // keywords and mood
	arc       *widgets.SentimentArc
	arcBox    *fyne.Container
}

func newFilmPage(back func()) *filmPage {
	p := &filmPage{
		poster:  &canvas.Image{FillMode: canvas.ImageFillContain},
		title:   widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		facts:   widget.NewLabel(""),
		note:    widget.NewLabel(""),
		plot:    widget.NewLabel(""),
		people:  widget.NewLabel(""),
		details: widget.NewLabel(""),
	}
	p.poster.SetMinSize(fyne.NewSize(widgets.PosterSize.Width*1.5, widgets.PosterSize.Height*1.5))
	p.title.SizeName = theme.SizeNameHeadingText
	for _, l := range []*widget.Label{p.plot, p.people, p.details, p.note} {
		l.Wrapping = fyne.TextWrapWord
	}
	p.facts.Importance = widget.LowImportance
	p.note.Importance = widget.WarningImportance
	backBtn := widget.NewButtonWithIcon(tr("Library"), theme.NavigateBackIcon(), back)
	p.playBtn = widget.NewButtonWithIcon(tr("Play"), theme.MediaPlayIcon(), func() {
		if p.play != nil {
			p.play(-1)
		}
	})
	p.playBtn.Importance = widget.HighImportance
	p.playBtn.Hide()
	p.words = widget.NewLabel("")
	p.words.Wrapping = fyne.TextWrapWord
	p.arc = widgets.NewSentimentArc()
	arcTitle := widget.NewLabel(tr("Mood across the film"))
	arcTitle.Importance = widget.LowImportance
	p.arcBox = container.NewBorder(arcTitle, nil, nil, nil, p.arc)
	p.arcBox.Hide()
	text := container.NewVBox(p.title, p.facts, container.NewHBox(p.playBtn), p.note, p.plot, widget.NewSeparator(), p.people, p.details, p.words, p.arcBox)
	p.scenes = container.NewHBox()
	p.strip = container.NewHScroll(p.scenes)
	p.strip.SetMinSize(fyne.NewSize(0, sceneThumb.Height+40))
	p.strip.Hide()
	p.picked = func(at time.Duration) {
		if p.play != nil {
			p.play(at)
			return
		}
		p.showNote(at)
	}
	body := container.NewBorder(nil, p.strip, container.NewVBox(p.poster), nil, container.NewVScroll(text))
	p.content = container.NewBorder(container.NewHBox(backBtn), nil, nil, nil, container.NewPadded(body))
	return p
}

// show puts up what the grid already knows, at once; fill adds the details when they arrive.
func (p *filmPage) show(f index.Film, poster string, at time.Duration) {
	p.filmID = f.ID
	p.poster.File = poster
	p.poster.Refresh()
	if f.Year > 0 {
		p.title.SetText(fmt.Sprintf("%s (%d)", f.Title, f.Year))
	} else {
		p.title.SetText(f.Title)
	}
	p.facts.SetText(strings.Join(f.Genres, " · "))
	p.plot.SetText(f.Plot)
	p.people.SetText("")
	p.details.SetText("")
	p.words.SetText("")
	p.arcBox.Hide()
	p.scenes.RemoveAll()
	p.sceneList, p.shotList = nil, nil
	p.strip.Hide()
	if p.play != nil {
		p.playBtn.SetText(tr("Play"))
		if f.Played > 0.01 {
			p.playBtn.SetText(tr("Resume"))
		}
		p.playBtn.Show()
	}
	if at >= 0 && p.play == nil {
		p.note.SetText(tr("You picked the line at %s.", clock(at)))
		p.note.Show()
	} else {
		p.note.Hide()
	}
}

// sceneThumb is the size of a thumbnail on the scene strip.
var sceneThumb = fyne.NewSize(160, 90)

func (p *filmPage) showNote(at time.Duration) {
	p.note.SetText(tr("You picked the scene at %s.", clock(at)))
	p.note.Show()
}

// setScenes fills the scene strip; tapping a scene picks its start.
func (p *filmPage) setScenes(scenes []SceneThumb) {
	p.sceneList = scenes
	p.scenes.RemoveAll()
	for _, sc := range scenes {
		img := &canvas.Image{File: sc.Thumb, FillMode: canvas.ImageFillContain}
		img.SetMinSize(sceneThumb)
		at := sc.Start
		btn := widgets.NewTipButton(clock(at), nil, tr("Play from this scene"), func() { p.picked(at) })
		btn.Importance = widget.LowImportance
		p.scenes.Add(container.NewBorder(nil, btn, nil, nil, img))
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
	p.facts.SetText(strings.Join(facts, "   ·   "))
	plot := d.Film.Plot
	if d.Tagline != "" {
		plot = "“" + d.Tagline + "”\n\n" + plot
	}
	p.plot.SetText(plot)
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
	p.people.SetText(strings.Join(people, "\n"))
	var det []string
	if len(d.Subtitles) > 0 {
		det = append(det, tr("Subtitles: %s", strings.Join(d.Subtitles, ", ")))
	}
	if d.Lines > 0 {
		det = append(det, tr("%d lines of dialogue are searchable.", d.Lines))
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
	p.words.SetText(strings.Join(words, "\n"))
	if len(d.Arc) > 1 && d.Mood != "" {
		p.arc.SetValues(d.Arc)
		p.arcBox.Show()
	}
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
