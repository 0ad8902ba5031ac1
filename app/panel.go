package app

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/index/store"
)

// Companion is what the side panel needs from the assistant.
type Companion interface {
	// Text is a film's keywords and sentiment, per film and per scene (no model needed).
	Text(ctx context.Context, filmID string) (assistant.FilmText, error)
	// Seen is the same over what was seen by at, and nothing after it: the panel shows this.
	Seen(ctx context.Context, filmID string, at time.Duration) (assistant.FilmText, error)
	// Ready is nil when the language model can answer, else why not and how to fix it.
	Ready(ctx context.Context) error
	// Ask and Recap answer from what was seen up to at, streaming to onToken; frame is the
	// picture on screen (JPEG) when the viewer attached it, for a vision model. Without a
	// model they answer from the seen lines (their times are links).
	Ask(ctx context.Context, filmID string, at time.Duration, question string, frame []byte, onToken func(string)) (string, error)
	Recap(ctx context.Context, filmID string, at time.Duration, onToken func(string)) (string, error)
	// MoreLike suggests unwatched films like this one, with reasons.
	MoreLike(ctx context.Context, filmID string, n int) ([]assistant.Recommendation, error)
	// ForYou suggests unwatched films from the user's history, ratings and reviews.
	ForYou(ctx context.Context, n int) ([]assistant.Recommendation, error)
	// Note is the model's note on scene i: the stored one at once, or with write, one it writes
	// now (made says so). ok is false when there is none and none was written.
	Note(ctx context.Context, filmID string, i int, write bool) (note store.SceneNote, ok bool, err error)
	// WriteNotes writes the notes of every scene that has none, reporting progress.
	WriteNotes(ctx context.Context, filmID string, progress func(done, total int)) error
}

// panel is the watch screen's side panel: Scene (keywords and mood of the scene on screen),
// Ask (questions and "catch me up", answered from what was seen), For you (films like this
// one). Every call runs on its own goroutine; playback never waits for it.
type panel struct {
	jobs    *Jobs
	c       Companion
	seek    func(time.Duration)
	content *fyne.Container
	tabs    *container.AppTabs

	scene     *widget.Label
	allNotes  *widget.Button
	status    *widget.Label
	question  *widget.Entry
	askBtn    *widget.Button
	recapBtn  *widget.Button
	attach    *widget.Check // send the picture on screen with the question
	modelsBtn *widget.Button
	win       fyne.Window
	picture   func() *image.RGBA
	answer    *widget.Label
	cites     *fyne.Container
	forYou    *fyne.Container        // the suggestions: each title opens the film's page
	forYouTxt string                 // what it says, as text (for tests and the clipboard)
	openFilm  func(id string)        // nil: titles are not links
	posterOf  func(id string) string // a film's poster file, "" for none yet (nil: no pictures)

	// Owned by the Fyne goroutine.
	filmID string
	text   assistant.FilmText // what was seen by text.At
	// textGen numbers the reads of the seen text: a late one for an earlier moment is dropped.
	textGen     int
	textReading bool
	ready       bool                    // the model can write
	notes       map[int]store.SceneNote // the notes read or written this session
	looked      map[int]bool            // scenes whose stored note was looked for: none is kept
	lookup      map[int]bool            // stored notes being looked for
	// One note at a time is written by the model, for the scene on screen or the next one; a
	// write for a scene the viewer has scrubbed away from is cancelled.
	writingIdx  int // -1 for none
	writeCancel context.CancelFunc
	writeGen    int
	writingAll  bool // Write notes for the whole film is under way
	sceneIdx    int
	reading     bool // the Scene tab says the lines are being read: the next tick fills it
	position    func() time.Duration
	ctx         context.Context // the film's: cancelled by close
	cancel      context.CancelFunc
	session     int
	// The question being answered: a new one cancels it.
	askCancel context.CancelFunc
	askGen    int
	stream    *coalescer[streamed]
	mu        sync.Mutex // guards streamed and streamGen
	streamed  strings.Builder
	streamGen int
}

func newPanel(jobs *Jobs, c Companion, win fyne.Window, seek func(time.Duration), position func() time.Duration) *panel {
	p := &panel{jobs: jobs, c: c, win: win, seek: seek, position: position, sceneIdx: -1, writingIdx: -1}
	p.scene = widget.NewLabel("")
	p.scene.Wrapping = fyne.TextWrapWord
	p.allNotes = widget.NewButton(tr("Write notes for the whole film"), p.writeAll)
	p.allNotes.Hide()
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.status.Importance = widget.WarningImportance
	p.status.Hide()
	p.question = widget.NewEntry()
	p.question.SetPlaceHolder(tr("Ask about what you have seen…"))
	p.question.OnSubmitted = func(string) { p.ask(false) }
	p.askBtn = widget.NewButton(tr("Ask"), func() { p.ask(false) })
	p.recapBtn = widget.NewButton(tr("Catch me up"), func() { p.ask(true) })
	p.attach = widget.NewCheck(tr("Send the picture on screen (for a vision model)"), nil)
	p.modelsBtn = widget.NewButton(tr("Models…"), nil)
	p.modelsBtn.Hide()
	if m, ok := c.(Models); ok {
		p.modelsBtn.OnTapped = func() {
			showModels(p.jobs, m, p.win, func() {
				if p.filmID != "" {
					p.ready = false
					p.recheck(p.ctx, p.session)
				}
			})
		}
		p.modelsBtn.Show()
	}
	p.answer = widget.NewLabel("")
	p.answer.Wrapping = fyne.TextWrapWord
	p.cites = container.NewGridWrap(fyne.NewSize(96, 32))
	p.forYou = container.NewVBox()
	p.stream = newCoalescer(func(s streamed) {
		if s.gen == p.askGen { // not the rest of a question the viewer has replaced
			p.answer.SetText(s.text)
		}
	})

	ask := container.NewBorder(
		container.NewVBox(p.status, p.question, container.NewHBox(p.askBtn, p.recapBtn, p.modelsBtn), p.attach),
		p.cites, nil, nil, container.NewVScroll(p.answer))
	p.tabs = container.NewAppTabs(
		container.NewTabItem(tr("Scene"), container.NewBorder(nil, p.allNotes, nil, nil, container.NewVScroll(p.scene))),
		container.NewTabItem(tr("Ask"), ask),
		container.NewTabItem(tr("For you"), container.NewVScroll(p.forYou)),
	)
	p.content = container.NewStack(p.tabs)
	return p
}

// open loads what the panel shows for a film (on the Fyne goroutine).
func (p *panel) open(filmID string) {
	p.close()
	p.session++
	session := p.session
	p.filmID, p.sceneIdx = filmID, -1
	p.text = assistant.FilmText{}
	p.ready = false
	p.resetNotes()
	if p.writingAll { // the last film's "Write notes for the whole film" was left unfinished
		p.writingAll = false
		p.allNotes.Enable()
		p.allNotes.SetText(tr("Write notes for the whole film"))
	}
	p.answer.SetText("")
	p.cites.RemoveAll()
	p.allNotes.Hide()
	p.allNotes.Enable()
	if m, ok := p.c.(Models); ok && !m.Choice().SendFrames {
		p.attach.SetChecked(false)
		p.attach.Hide() // Settings › Privacy keeps the film's pictures on this machine
	} else {
		p.attach.Show()
	}
	if filmID == "" {
		p.scene.SetText(tr("This file is not in your library: add its folder to see its keywords, mood and suggestions."))
		p.reading = false
		p.setForYou(nil)
		p.setAsk(false, tr("The companion works on films in your library."))
		return
	}
	p.scene.SetText(tr("Reading the film's lines…"))
	p.reading = true
	p.setForYou([]suggestions{{title: tr("Looking through your shelf…")}})
	ctx, cancel := context.WithCancel(p.jobs.Context())
	p.ctx, p.cancel = ctx, cancel
	p.readSeen(p.position())
	p.jobs.GoWith(ctx, func(ctx context.Context) {
		mine, errMine := p.c.ForYou(ctx, 6)
		// The film on screen is unwatched until it is saved: it is not a suggestion for itself.
		mine = slices.DeleteFunc(mine, func(r assistant.Recommendation) bool { return r.Film.ID == filmID })
		if len(mine) > 5 {
			mine = mine[:5]
		}
		like, errLike := p.c.MoreLike(ctx, filmID, 5)
		onUI(func() {
			if p.session != session {
				return
			}
			var lists []suggestions
			if len(mine) > 0 || errMine != nil {
				lists = append(lists, suggestions{tr("For you, from what you watched and rated:"), mine, errMine})
			}
			lists = append(lists, suggestions{tr("More like this, from your shelf:"), like, errLike})
			p.setForYou(lists)
		})
	})
	p.recheck(ctx, session)
}

// readSeen reads what was seen by at (keywords, mood, the scenes so far), off the Fyne
// goroutine; the newest read wins.
func (p *panel) readSeen(at time.Duration) {
	p.textGen++
	gen, session, id := p.textGen, p.session, p.filmID
	p.textReading = true
	p.jobs.GoWith(p.ctx, func(ctx context.Context) {
		t, err := p.c.Seen(ctx, id, at)
		onUI(func() {
			if p.session != session || p.textGen != gen {
				return
			}
			p.textReading = false
			if err != nil {
				p.scene.SetText(tr("Could not read the film's lines: %v", err))
				p.reading = false
				return
			}
			p.text = t
			if p.ready && len(t.Starts) > 0 {
				p.allNotes.Show()
			}
			p.sceneIdx = -1
			p.tick(p.position())
		})
	})
}

// seenEvery is how far the playhead may move before the seen text is read again, new line
// or not.
const seenEvery = 15 * time.Second

// recheck asks whether the model can answer, and enables Ask accordingly.
func (p *panel) recheck(ctx context.Context, session int) {
	p.jobs.GoWith(ctx, func(ctx context.Context) {
		err := p.c.Ready(ctx)
		onUI(func() {
			if p.session != session {
				return
			}
			if err != nil {
				// Ask still answers, from the lines seen so far; notes need the model.
				p.setAsk(true, problemText(err)+"\n"+tr("Without a model, Ask finds the lines you have seen, and Catch me up lists the scenes so far; keywords, mood and suggestions work too."))
			} else {
				p.ready = true
				p.setAsk(true, "")
				if len(p.text.Starts) > 0 {
					p.allNotes.Show()
				}
				p.sceneIdx = -1 // show the scene again, now with notes
				p.tick(p.position())
			}
		})
	})
}

func (p *panel) setAsk(on bool, why string) {
	if on {
		p.askBtn.Enable()
		p.recapBtn.Enable()
		p.question.Enable()
		if why == "" {
			p.status.Hide()
		} else {
			p.status.SetText(why)
			p.status.Show()
		}
		return
	}
	p.askBtn.Disable()
	p.recapBtn.Disable()
	p.question.Disable()
	p.status.SetText(why)
	p.status.Show()
}

// close stops the panel's work for the film: its lookups, its note being written, and the
// question being answered, whose late tokens are then dropped.
func (p *panel) close() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.stopWrite()
	if p.askCancel != nil {
		p.askCancel()
		p.askCancel = nil
	}
	p.askGen++
	p.mu.Lock()
	p.streamGen = p.askGen
	p.mu.Unlock()
	p.session++
}

// tick updates the Scene tab when the playhead enters another scene (on the Fyne goroutine).
func (p *panel) tick(at time.Duration) {
	if p.filmID == "" {
		return
	}
	idx := -1
	for i, s := range p.text.Starts {
		if s <= at {
			idx = i
		}
	}
	// What was seen grows as the film plays, and shrinks on a seek back: read it again when
	// the playhead is in another scene, a new line has been spoken, or it has moved on a while.
	stale := at < p.text.At || at-p.text.At >= seenEvery || p.text.Next > 0 && at >= p.text.Next
	if !p.textReading && (idx != p.sceneIdx && p.sceneIdx >= 0 || stale) {
		p.readSeen(at)
	}
	if idx == p.sceneIdx && p.scene.Text != "" && !p.reading {
		return
	}
	p.sceneIdx = idx
	if idx >= 0 {
		for _, i := range p.wanted() {
			p.loadNote(i) // the next scene's note is made ahead of the playhead
		}
		p.writeNext()
	}
	p.showScene()
}

// showScene fills the Scene tab for the scene on screen, with nothing after the playhead: of
// the scene going on, what its lines have said so far (names, words, mood); the note of the
// scene before, now that it is over; and the keywords and mood of the film so far. A note
// written ahead stays hidden until its scene is over.
func (p *panel) showScene() {
	idx := p.sceneIdx
	var b strings.Builder
	if idx >= 0 {
		b.WriteString(tr("Scene %[1]d, from %[2]s", idx+1, clock(p.text.Starts[idx])) + "\n")
		if p.writingIdx == idx {
			b.WriteString(tr("(Writing its note, to show when the scene is over.)") + "\n")
		}
		if s, ok := p.seenScene(idx); ok {
			if s.Lines == 0 {
				b.WriteString(tr("No dialogue in this scene so far.") + "\n")
			} else {
				b.WriteString("\n" + tr("So far in this scene:") + "\n")
				if len(s.Names) > 0 {
					b.WriteString(tr("Names: %s", strings.Join(s.Names, ", ")) + "\n")
				}
				if len(s.Keywords) > 0 {
					b.WriteString(tr("Keywords: %s", strings.Join(s.Keywords, ", ")) + "\n")
				}
				mood, score := MoodWord(sentiment.Score{Compound: s.Sentiment}.Label()), fmt.Sprintf("%+.2f", s.Sentiment)
				if s.Lines == 1 {
					b.WriteString(tr("Mood: %[1]s (%[2]s, from one line)", mood, score) + "\n")
				} else {
					b.WriteString(tr("Mood: %[1]s (%[2]s over %[3]d lines)", mood, score, s.Lines) + "\n")
				}
			}
		}
		if idx > 0 {
			if n, ok := p.notes[idx-1]; ok && n.Summary != "" {
				b.WriteString("\n" + tr("The scene before (from %s):", clock(p.text.Starts[idx-1])) + "\n" + n.Summary + "\n")
				if len(n.Who) > 0 {
					b.WriteString(tr("On screen: %s", strings.Join(n.Who, ", ")) + "\n")
				}
				if n.Mood != "" {
					b.WriteString(tr("Feels: %s", n.Mood) + "\n")
				}
				for _, d := range n.Details {
					fmt.Fprintf(&b, "• %s\n", d)
				}
			} else if p.writingIdx == idx-1 {
				b.WriteString("\n" + tr("Writing a note on the scene before…") + "\n")
			}
		}
	} else if len(p.text.Starts) == 0 {
		b.WriteString(tr("Scenes appear once Reel has looked through the film.") + "\n")
	}
	if len(p.text.Keywords) > 0 {
		var words []string
		for _, k := range p.text.Keywords {
			words = append(words, k.Word)
		}
		b.WriteString("\n" + tr("The film so far: %s", strings.Join(words, ", ")) + "\n" + tr("Mood of the dialogue so far: %s", fmt.Sprintf("%s (%+.2f)", MoodWord(p.text.Mood), p.text.Sentiment)))
	}
	p.scene.SetText(b.String())
	p.reading = false
}

// seenScene is what was seen of scene idx (its lines up to the playhead), when the seen text
// has it.
func (p *panel) seenScene(idx int) (assistant.SceneText, bool) {
	if idx < 0 || idx >= len(p.text.Starts) {
		return assistant.SceneText{}, false
	}
	for _, s := range p.text.Scenes {
		if s.Start == p.text.Starts[idx] {
			return s, true
		}
	}
	return assistant.SceneText{}, false
}

// writeAll has the model write every missing note of the film, in the background.
func (p *panel) writeAll() {
	session, id := p.session, p.filmID
	p.allNotes.Disable()
	p.stopWrite() // the whole film's notes are written in order, one at a time, instead
	p.writingAll = true
	progress := newCoalescer(func(d [2]int) {
		if p.session == session {
			p.allNotes.SetText(tr("Writing notes: %[1]d of %[2]d…", d[0], d[1]))
		}
	})
	p.jobs.GoWith(p.ctx, func(ctx context.Context) {
		err := p.c.WriteNotes(ctx, id, func(done, total int) { progress.Set([2]int{done, total}) })
		onUI(func() {
			if p.session != session {
				return
			}
			p.writingAll = false
			p.allNotes.Enable()
			p.allNotes.SetText(tr("Write notes for the whole film"))
			if err != nil {
				p.allNotes.SetText(tr("Some notes could not be written: try again"))
			}
			p.resetNotes()
			p.sceneIdx = -1
			p.tick(p.position())
		})
	})
}

// resetNotes forgets the notes of this session (a new film, or after Write notes for the whole
// film), cancelling the note being written.
func (p *panel) resetNotes() {
	p.stopWrite()
	p.notes, p.looked, p.lookup = map[int]store.SceneNote{}, map[int]bool{}, map[int]bool{}
}

// wanted are the scenes whose notes the viewer needs next: the one on screen (shown when it
// ends) and the next, written ahead of the playhead; then the one just over (shown now,
// and only missing after a seek).
func (p *panel) wanted() []int {
	var w []int
	for _, i := range []int{p.sceneIdx, p.sceneIdx + 1, p.sceneIdx - 1} {
		if i >= 0 && i < len(p.text.Starts) {
			w = append(w, i)
		}
	}
	return w
}

// loadNote looks for the stored note of scene i (a read from the library, no model) once per
// session, off the Fyne goroutine; then the model may write what is missing.
func (p *panel) loadNote(i int) {
	if _, ok := p.notes[i]; ok || p.looked[i] || p.lookup[i] {
		return
	}
	p.lookup[i] = true
	session, id := p.session, p.filmID
	p.jobs.GoWith(p.ctx, func(ctx context.Context) {
		n, ok, err := p.c.Note(ctx, id, i, false)
		onUI(func() {
			if p.session != session {
				return
			}
			delete(p.lookup, i)
			if ok && err == nil {
				p.notes[i] = n
			} else {
				p.looked[i] = true // none kept (or the library could not say): the model may write it
			}
			if p.sceneIdx == i || p.sceneIdx == i+1 {
				p.showScene()
			}
			p.writeNext()
		})
	})
}

// writeNext has the model write the first wanted note that is missing, one at a time: a write
// under way for a scene still wanted goes on, one for a scene the viewer left is cancelled, so
// scrubbing across ten scenes leaves one request at the model, not ten.
func (p *panel) writeNext() {
	if p.writingAll {
		return
	}
	want := p.wanted()
	if p.writingIdx >= 0 {
		if slices.Contains(want, p.writingIdx) {
			return
		}
		p.stopWrite()
	}
	if !p.ready {
		return
	}
	for _, i := range want { // in order: the scene on screen before the one ahead
		if _, ok := p.notes[i]; ok {
			continue
		}
		if p.looked[i] {
			p.startWrite(i)
		}
		return // or wait for its stored note to be looked for
	}
}

func (p *panel) stopWrite() {
	if p.writeCancel != nil {
		p.writeCancel()
		p.writeCancel = nil
	}
	p.writingIdx = -1
	p.writeGen++
}

func (p *panel) startWrite(i int) {
	ctx, cancel := context.WithCancel(p.ctx)
	p.writeGen++
	gen, session, id := p.writeGen, p.session, p.filmID
	p.writingIdx, p.writeCancel = i, cancel
	if p.sceneIdx == i || p.sceneIdx == i+1 {
		p.showScene() // "Writing a note…"
	}
	p.jobs.GoWith(ctx, func(ctx context.Context) {
		n, ok, err := p.c.Note(ctx, id, i, true)
		onUI(func() {
			if p.session != session || p.writeGen != gen {
				return // cancelled: the scene may be written when it is wanted again
			}
			cancel()
			p.writingIdx, p.writeCancel = -1, nil
			if ok && err == nil {
				p.notes[i] = n
			} else {
				p.notes[i] = store.SceneNote{Summary: tr("(The model could not write a note for this scene.)")}
			}
			if p.sceneIdx == i || p.sceneIdx == i+1 {
				p.showScene()
			}
			p.writeNext()
		})
	})
}

// ask sends the question (or a recap) with the playhead as the bound and streams the answer.
func (p *panel) ask(recap bool) {
	q := strings.TrimSpace(p.question.Text)
	if !recap && q == "" || p.filmID == "" {
		return
	}
	at := p.position()
	session := p.session
	id := p.filmID
	// The frame buffer is the player's and is reused: copy it here, encode it off this goroutine.
	var shot *image.RGBA
	if p.attach.Checked && !recap && p.picture != nil {
		if img := p.picture(); img != nil {
			shot = image.NewRGBA(img.Rect)
			copy(shot.Pix, img.Pix)
		}
	}
	p.answer.SetText("…")
	p.cites.RemoveAll()
	p.askBtn.Disable()
	p.recapBtn.Disable()
	// A question asked while an answer streams (Enter in the box) replaces it: the first is
	// cancelled, and what it still sends is dropped.
	if p.askCancel != nil {
		p.askCancel()
	}
	p.askGen++
	gen := p.askGen
	ctx, cancel := context.WithCancel(p.ctx)
	p.askCancel = cancel
	p.mu.Lock()
	p.streamed.Reset()
	p.streamGen = gen
	p.mu.Unlock()
	p.jobs.GoWith(ctx, func(ctx context.Context) {
		defer cancel()
		onToken := func(s string) {
			p.mu.Lock()
			if p.streamGen != gen {
				p.mu.Unlock()
				return
			}
			p.streamed.WriteString(s)
			text := p.streamed.String()
			p.mu.Unlock()
			p.stream.Set(streamed{gen, text})
		}
		var frame []byte
		if shot != nil {
			var buf bytes.Buffer
			if jpeg.Encode(&buf, shot, &jpeg.Options{Quality: 85}) == nil {
				frame = buf.Bytes()
			}
		}
		var answer string
		var err error
		if recap {
			answer, err = p.c.Recap(ctx, id, at, onToken)
		} else {
			answer, err = p.c.Ask(ctx, id, at, q, frame, onToken)
		}
		onUI(func() {
			if p.session != session || p.askGen != gen {
				return
			}
			p.askBtn.Enable()
			p.recapBtn.Enable()
			if err != nil {
				p.answer.SetText(strings.TrimSpace(answer + "\n\n" + problemText(err)))
				return
			}
			p.answer.SetText(answer)
			for _, c := range assistant.Citations(answer, at) {
				t := c.At
				p.cites.Add(widget.NewButton("["+assistant.Stamp(t)+"]", func() { p.seek(t) }))
			}
			p.cites.Refresh()
		})
	})
}

// streamed is the answer so far of question gen.
type streamed struct {
	gen  int
	text string
}

// Answer is the answer on the Ask tab (for tests).
func (p *panel) Answer() string { return p.answer.Text }

// suggestions are one list on the For you tab: its title, and the films or why there are none.
type suggestions struct {
	title string
	recs  []assistant.Recommendation
	err   error
}

// setForYou shows the lists of suggestions: each film's title is a button that opens its page
// in the library, with its reasons under it (on the Fyne goroutine).
func (p *panel) setForYou(lists []suggestions) {
	p.forYou.RemoveAll()
	var texts []string
	for _, l := range lists {
		if l.recs == nil && l.err == nil {
			p.forYou.Add(wrapped(l.title))
			texts = append(texts, l.title)
			continue
		}
		texts = append(texts, recommendationsText(l.title, l.recs, l.err))
		if l.err != nil || len(l.recs) == 0 {
			p.forYou.Add(wrapped(recommendationsText(l.title, l.recs, l.err)))
			continue
		}
		p.forYou.Add(widget.NewLabelWithStyle(l.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		for _, r := range l.recs {
			id := r.Film.ID
			openIt := func() {
				if p.openFilm != nil {
					p.openFilm(id)
				}
			}
			open := widget.NewButtonWithIcon(filmTitle(r.Film.Title, r.Film.Year), theme.NavigateNextIcon(), openIt)
			open.Alignment = widget.ButtonAlignLeading
			open.Importance = widget.LowImportance
			if p.openFilm == nil {
				open.Disable()
			}
			why := wrapped(strings.Join(reasonTexts(r), tr("; ")))
			if p.posterOf == nil {
				p.forYou.Add(open)
				p.forYou.Add(why)
				continue
			}
			// Each suggestion with its poster (the placeholder until it is made), which opens it too.
			poster := widgets.NewThumb(p.posterOf(id), "", suggestionPoster, openIt)
			p.forYou.Add(container.NewBorder(nil, nil, poster, nil, container.NewVBox(open, why)))
		}
	}
	p.forYouTxt = strings.Join(texts, "\n")
	p.forYou.Refresh()
}

// suggestionPoster is the size of a suggestion's poster on the For you tab.
var suggestionPoster = fyne.NewSize(48, 72)

// ForYouText is what the For you tab says (for tests).
func (p *panel) ForYouText() string { return p.forYouTxt }

// filmTitle is "Title (1963)", or the title alone.
func filmTitle(title string, year int) string {
	if year > 0 {
		return fmt.Sprintf("%s (%d)", title, year)
	}
	return title
}

// reasonTexts are a suggestion's reasons in the UI language.
func reasonTexts(r assistant.Recommendation) []string {
	why := make([]string, 0, len(r.Why))
	for _, w := range r.Why {
		why = append(why, reasonText(w))
	}
	if len(why) == 0 {
		why = r.Reasons
	}
	return why
}

func recommendationsText(title string, recs []assistant.Recommendation, err error) string {
	if err != nil {
		return tr("Could not look through your shelf: %v", err)
	}
	if len(recs) == 0 {
		return tr("Nothing unwatched like this one on your shelf.")
	}
	var b strings.Builder
	b.WriteString(title + "\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "\n• %s\n  %s\n", filmTitle(r.Film.Title, r.Film.Year), strings.Join(reasonTexts(r), tr("; ")))
	}
	return b.String()
}

// reasonText says why a film is suggested, in the UI language.
func reasonText(r assistant.Reason) string {
	names := strings.Join(r.Names, tr(", "))
	switch r.Kind {
	case assistant.SameDirector:
		if r.Rating > 0 {
			return tr("same director as %[1]s (%[2]s), which you rated %[3]d", r.Film, names, r.Rating)
		}
		return tr("same director as %[1]s (%[2]s)", r.Film, names)
	case assistant.SharedThemes:
		switch {
		case r.Film != "" && r.Rating > 0:
			return tr("shares themes with %[1]s, which you rated %[2]d: %[3]s", r.Film, r.Rating, names)
		case r.Film != "":
			return tr("shares themes with %[1]s: %[2]s", r.Film, names)
		}
		return tr("shares themes: %s", names)
	case assistant.SameGenres:
		return tr("also %s", names)
	case assistant.SameActor:
		return tr("with %[1]s, as in %[2]s", names, r.Film)
	case assistant.SameWriter:
		if r.Rating > 0 {
			return tr("written by %[1]s, as %[2]s was, which you rated %[3]d", names, r.Film, r.Rating)
		}
		return tr("written by %[1]s, as %[2]s was", names, r.Film)
	case assistant.SameSet:
		if r.Rating > 0 {
			return tr("from the %[1]s collection, as %[2]s, which you rated %[3]d", names, r.Film, r.Rating)
		}
		return tr("from the %[1]s collection, as %[2]s", names, r.Film)
	case assistant.SameTags:
		return tr("%[1]s, as %[2]s", names, r.Film)
	case assistant.WellRated:
		if r.Votes > 0 {
			return trn("rated %[1].1f by %[2]s viewers", r.Votes, r.Score, assistant.CountWord(r.Votes))
		}
		return tr("rated %.1f", r.Score)
	case assistant.YouLike:
		return tr("you like %s", names)
	case assistant.LikeFilm:
		if r.Rating > 0 {
			return tr("much like %[1]s, which you rated %[2]d", r.Film, r.Rating)
		}
		return tr("much like %s", r.Film)
	}
	return tr("a change from the rest of the list")
}
