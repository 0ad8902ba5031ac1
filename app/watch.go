package app

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
)

// Watching is what the watch screen needs from the rest of Reel.
type Watching interface {
	// Open starts playing path into sink.
	Open(ctx context.Context, path string, sink player.VideoSink, opt player.Options) (*player.Engine, error)
	// Subtitles are the film's text subtitle tracks: files beside it and embedded text tracks
	// (filmID "" for a file outside the library). The screen asks for them while the film
	// already plays: the first picture never waits for them.
	Subtitles(ctx context.Context, filmID, path string) []SubtitleTrack
	// PictureTracks reads the film's picture subtitle tracks (PGS, VobSub, DVB) while it plays:
	// ready hears them as soon as the file is open, and they fill in as the read goes on; it
	// returns when the read is done (or ctx ends). A film without any returns at once.
	PictureTracks(ctx context.Context, path string, ready func([]SubtitleTrack))
	// Resume is where the viewer stopped last time (0 for the start).
	Resume(filmID string) time.Duration
	// SavePosition keeps where the viewer is; near the end it marks the film watched.
	SavePosition(filmID string, pos, dur time.Duration) error
}

// SubtitleTrack is one subtitle track the viewer can pick: lines of text (Cues), or pictures
// drawn over the film (Pictures).
type SubtitleTrack struct {
	Label    string
	Language string // as the file or the film names it ("en", "chi", "zh-Hans"), "" when unknown
	Cues     []subtitle.Cue
	Pictures PictureSubs
	Forced   bool // forced subtitles only: shown when subtitles are off
}

// PictureSubs is a subtitle track of pictures.
type PictureSubs interface {
	// CueAt is the cue showing at t (-1 for none); with forcedOnly, only forced ones count.
	CueAt(t time.Duration, forcedOnly bool) int
	// Draw draws cue i for a picture of w×h pixels: transparent but for the subtitles, placed
	// and scaled as the track's author placed them on the film.
	Draw(i, w, h int) (*image.RGBA, error)
}

// WatchRequest is what to play.
type WatchRequest struct {
	FilmID string // "" for a file outside the library: nothing is remembered
	Path   string
	Title  string
	At     time.Duration // where to start; negative: where the viewer stopped
	Scenes []SceneThumb  // the shots, for the seek bar's preview
	// Chapters are when the narrative scenes start, for PgUp/PgDn when the file has no
	// chapters of its own.
	Chapters []time.Duration
}

// saveEvery is how often the position is saved while playing.
const saveEvery = 5 * time.Second

// WatchScreen plays a film: the picture with subtitles over it, a transport bar, mpv's keys.
type WatchScreen struct {
	w    Watching
	win  fyne.Window
	back func()

	content  *fyne.Container
	view     *widgets.VideoView
	subLines *fyne.Container
	subBox   *fyne.Container
	message  *widget.Label
	title    *widget.Label
	playBtn  *widgets.TipButton
	timeLbl  *widget.Label
	seek     *widgets.SeekBar
	volume   *widget.Slider
	speedBtn *widgets.TipButton
	trackBtn *widgets.TipButton
	fullBtn  *widgets.TipButton
	preview  *fyne.Container // over the picture; plain canvas objects, so it takes no events
	prevBg   *canvas.Rectangle
	prevImg  *canvas.Image
	prevLbl  *canvas.Text
	picture  *fyne.Container

	// Owned by the Fyne goroutine.
	req        WatchRequest
	eng        *player.Engine
	cancel     context.CancelFunc
	session    int
	subs       []SubtitleTrack
	subIdx     int  // -1: off
	subPicked  bool // the viewer chose a track (or none) before the tracks were read
	textSubs   []SubtitleTrack
	picSubs    []SubtitleTrack
	overlayKey [4]int // the picture subtitle drawn: track, cue, width, height (track -1: none)
	drawing    bool   // a picture subtitle is being drawn: the next waits for it
	lastCue    string
	dragging   time.Time // when the viewer last moved the seek bar
	lastSave   time.Time
	state      player.State
	flashUntil time.Time // a note from a key stands over the subtitles until then

	frames   *frameSink
	panel    *panel // nil until EnableCompanion
	body     *fyne.Container
	bodyLay  *watchBody
	panelBtn *widgets.TipButton
	top      *fyne.Container // the title bar (and the message under it)
	bar      *fyne.Container // the transport bar
	muteBtn  *widgets.TipButton
	speed    float64 // the speed asked for last: keys compound on it, not on the engine's lag

	// Full screen is a film mode: the picture only, with the controls over it while the
	// pointer moves (restGen numbers the moves: a rest timer for an older one does nothing).
	filmMode bool
	chromeUp bool
	restGen  int
	openFilm func(id string) // a suggestion was clicked: its page in the library
	lastMove time.Time
	mu       sync.Mutex     // guards running
	run      sync.WaitGroup // the film playing now: its engine and its tick (also counted in jobs)
	jobs     *Jobs
}

// NewWatchScreen builds the screen; back returns to the library.
func NewWatchScreen(jobs *Jobs, w Watching, win fyne.Window, back func()) *WatchScreen {
	s := &WatchScreen{jobs: jobs, w: w, win: win, back: back, subIdx: -1}
	s.view = widgets.NewVideoView()
	s.frames = newFrameSink(s.view)
	s.view.OnResized = s.resized
	s.view.OnTapped = func() { s.togglePause() }
	s.view.OnDoubleTapped = s.toggleFullScreen
	s.subLines = container.NewVBox()
	s.subBox = container.NewVBox(layout.NewSpacer(), container.NewCenter(s.subLines), widget.NewLabel(""))
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.WarningImportance
	s.message.Hide()
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.Truncation = fyne.TextTruncateEllipsis

	s.playBtn = widgets.NewTipButton("", theme.MediaPauseIcon(), tr("Play or pause (Space)"), s.togglePause)
	s.timeLbl = widget.NewLabel("0:00:00 / 0:00:00")
	s.seek = widgets.NewSeekBar()
	s.seek.OnChanged = func(v float64) {
		s.dragging = time.Now()
		if s.eng != nil {
			s.eng.Seek(s.fracTime(v), false) // keyframes while scrubbing: fast
		}
	}
	s.seek.OnChangeEnded = func(v float64) {
		s.dragging = time.Now()
		if s.eng != nil {
			s.eng.Seek(s.fracTime(v), true) // exact where the viewer let go
		}
	}
	s.prevImg = &canvas.Image{FillMode: canvas.ImageFillContain}
	s.prevLbl = canvas.NewText("", color.White)
	s.prevLbl.Alignment = fyne.TextAlignCenter
	s.prevLbl.TextStyle = fyne.TextStyle{Bold: true}
	s.prevBg = canvas.NewRectangle(color.NRGBA{A: 200})
	s.preview = container.NewWithoutLayout(s.prevBg, s.prevImg, s.prevLbl)
	s.preview.Hide()
	s.seek.OnHover = s.showPreview
	s.seek.OnHoverEnd = s.hidePreview
	s.volume = widget.NewSlider(0, 100)
	s.volume.Value = 100
	s.volume.OnChanged = func(v float64) {
		if s.eng != nil {
			s.eng.SetVolume(v)
		}
	}
	s.speedBtn = widgets.NewTipButton("1.00×", nil, tr("Speed ([ and ] change it, Backspace resets it)"), s.showSpeedMenu)
	s.trackBtn = widgets.NewTipButton("", theme.ListIcon(), tr("Sound and subtitle tracks (# and j switch them)"), s.showTrackMenu)
	s.fullBtn = widgets.NewTipButton("", theme.ViewFullScreenIcon(), tr("Full screen (f)"), s.toggleFullScreen)
	backBtn := widgets.NewTipButton(tr("Back"), theme.NavigateBackIcon(), tr("Back to where you came from (q); Reel remembers where you were"), s.Leave)
	s.muteBtn = widgets.NewTipButton("", theme.VolumeUpIcon(), tr("Mute (m)"), s.toggleMute)
	s.muteBtn.Importance = widget.LowImportance
	volBox := container.NewBorder(nil, nil, s.muteBtn, nil, s.volume)
	right := container.NewHBox(container.NewGridWrap(fyne.NewSize(130, s.volume.MinSize().Height), volBox), s.speedBtn, s.trackBtn, s.fullBtn)
	s.bar = container.NewBorder(nil, nil, container.NewHBox(s.playBtn, s.timeLbl), right, s.seek)
	s.panelBtn = widgets.NewTipButton(tr("Companion"), theme.InfoIcon(), tr("Show or hide the companion panel (c)"), s.togglePanel)
	s.panelBtn.Hide()
	s.top = container.NewVBox(container.NewBorder(nil, nil, backBtn, s.panelBtn, s.title), s.message)
	s.picture = container.NewStack(s.view, s.subBox, s.preview)
	s.bodyLay = &watchBody{}
	s.body = container.New(s.bodyLay, s.picture)
	s.content = container.NewStack()
	s.view.OnPointer = s.pointerMoved
	s.arrange()
	return s
}

// EnableCompanion adds the side panel (Scene, Ask, For you), beside the picture in a wide
// window and over it in a narrow one or in full screen; the Companion button (c) folds it.
func (s *WatchScreen) EnableCompanion(c Companion) {
	s.panel = newPanel(s.jobs, c, s.win, func(t time.Duration) {
		if s.eng != nil {
			s.eng.Seek(t, true)
		}
	}, func() time.Duration { return s.state.Position })
	s.panel.picture = s.view.Frame
	s.panel.openFilm = func(id string) {
		if s.openFilm != nil {
			s.stop()
			if s.win.FullScreen() {
				s.win.SetFullScreen(false)
				s.setFilmMode(false)
			}
			s.openFilm(id)
		}
	}
	s.body.Objects = []fyne.CanvasObject{s.picture, newPanelBackdrop(), s.panel.content}
	s.body.Refresh()
	s.panelBtn.Show()
}

// OnOpenFilm makes the suggestions links: fn leaves the film (its position saved) and shows
// the film id's page.
func (s *WatchScreen) OnOpenFilm(fn func(id string)) { s.openFilm = fn }

// PostersFrom shows each suggestion with its poster: poster(id) is the film's poster file,
// "" while there is none (called on the Fyne goroutine).
func (s *WatchScreen) PostersFrom(poster func(id string) string) {
	if s.panel != nil {
		s.panel.posterOf = poster
	}
}

func (s *WatchScreen) togglePanel() {
	if s.panel == nil {
		return
	}
	s.bodyLay.toggle(s.body.Size().Width, s.filmMode)
	s.body.Refresh()
	if s.filmMode {
		s.showChrome()
	}
}

// PanelShown says whether the companion panel is on screen, and whether over the picture.
func (s *WatchScreen) PanelShown() (shown, over bool) {
	if s.panel == nil {
		return false, false
	}
	return s.panel.content.Visible(), s.bodyLay.overlaid
}

// Panel is the side panel (for tests), nil without a companion.
func (s *WatchScreen) Panel() *panel { return s.panel }

// Content is the screen's root object.
func (s *WatchScreen) Content() fyne.CanvasObject { return s.content }

// View is the video view (for tests and screenshots).
func (s *WatchScreen) View() *widgets.VideoView { return s.view }

// Engine is the engine playing now, nil when none.
func (s *WatchScreen) Engine() *player.Engine { return s.eng }

// Message is the problem shown over the picture, "" when none.
func (s *WatchScreen) Message() string {
	if !s.message.Visible() {
		return ""
	}
	return s.message.Text
}

// Subtitle is the subtitle text on screen.
func (s *WatchScreen) Subtitle() string { return s.lastCue }

// Play starts req (on the Fyne goroutine): the screen should be the window's content.
func (s *WatchScreen) Play(req WatchRequest) {
	s.stop()
	s.session++
	session := s.session
	s.req = req
	s.title.SetText(req.Title)
	s.message.Hide()
	s.view.Clear()
	s.subs, s.subIdx, s.lastCue, s.subPicked = nil, -1, "", false
	s.textSubs, s.picSubs = nil, nil
	s.overlayKey = [4]int{-1}
	s.view.SetOverlay(nil)
	s.showCue("")
	s.seek.SetPosition(0)
	s.speed = 1
	s.installKeys()
	s.showChrome()
	if s.panel != nil {
		s.panel.open(req.FilmID)
	}
	at := req.At
	if at < 0 {
		at = 0
		if req.FilmID != "" {
			at = s.w.Resume(req.FilmID)
		}
	}
	ctx, cancel := context.WithCancel(s.jobs.Context())
	s.cancel = cancel
	volume := s.volume.Value // read here, on the Fyne goroutine: the slider is the UI's
	s.goRun(ctx, func(ctx context.Context) {
		events := func(ev player.Event) { onUI(func() { s.event(session, ev) }) }
		eng, err := s.w.Open(ctx, req.Path, s.frames, player.Options{Start: at, Volume: volume, OnEvent: events})
		if err != nil {
			onUI(func() {
				if s.session == session {
					s.showMessage(tr("Reel cannot play this film: %v", err))
				}
			})
			return
		}
		started := make(chan struct{})
		onUI(func() {
			defer close(started)
			if s.session != session {
				return
			}
			s.eng = eng
			s.resizedNow()
		})
		select {
		case <-started:
		case <-ctx.Done(): // the window closed before the UI took the engine
		}
		if ctx.Err() != nil {
			_ = eng.Close()
			return
		}
		s.goRun(ctx, func(ctx context.Context) { s.tick(ctx, session, eng) })
		s.goRun(ctx, func(ctx context.Context) {
			subs := s.w.Subtitles(ctx, req.FilmID, req.Path)
			onUI(func() {
				if s.session == session {
					s.setTracks(subs, s.picSubs)
				}
			})
		})
		s.goRun(ctx, func(ctx context.Context) {
			s.w.PictureTracks(ctx, req.Path, func(pics []SubtitleTrack) {
				onUI(func() {
					if s.session == session {
						s.setTracks(s.textSubs, pics)
					}
				})
			})
		})
		shown0, painted0 := s.frames.shown.Load(), s.frames.painted.Load()
		_ = eng.Run(ctx)
		st := eng.Stats()
		_ = eng.Close()
		offs := append([]time.Duration(nil), st.Offsets...)
		slices.Sort(offs)
		var p95 time.Duration
		if len(offs) > 0 {
			p95 = max(offs[len(offs)*95/100].Abs(), offs[len(offs)*5/100].Abs())
		}
		size := s.frames.size.Load()
		picture := fmt.Sprintf("%dx%d", size>>32, size&0xffffffff)
		slog.Info("played", "path", req.Path, "picture", picture, "first_frame", st.FirstFrame, "presented", st.Presented,
			"dropped", st.Dropped, "painted", s.frames.painted.Load()-painted0, "handed", s.frames.shown.Load()-shown0, "av_offset_p95", p95)
	})
}

// setTracks lists the text tracks, then the picture tracks, keeping the viewer's choice; until
// the viewer picks, the track in the UI's language is shown.
func (s *WatchScreen) setTracks(text, pics []SubtitleTrack) {
	chosen := ""
	if s.subIdx >= 0 && s.subIdx < len(s.subs) {
		chosen = s.subs[s.subIdx].Label
	}
	s.textSubs, s.picSubs = text, pics
	s.subs = append(append([]SubtitleTrack(nil), text...), pics...)
	switch {
	case !s.subPicked:
		s.subIdx = preferredTrack(s.subs, UILanguage())
	case chosen != "":
		s.subIdx = -1
		for i, t := range s.subs {
			if t.Label == chosen {
				s.subIdx = i
			}
		}
	}
	s.showCue(s.cueAt(s.state.Position))
	s.drawPictures(s.state.Position)
}

// drawPictures puts the picture subtitle showing at t over the film: the chosen track's, or,
// with subtitles off, the forced ones of a picture track in the UI's language. A new picture
// is drawn off the Fyne goroutine; the view takes it if it is still the one to show.
func (s *WatchScreen) drawPictures(t time.Duration) {
	track, forcedOnly := s.subIdx, false
	if track < 0 || track >= len(s.subs) || s.subs[track].Pictures == nil {
		track, forcedOnly = -1, true
		if s.subIdx < 0 {
			for i, sub := range s.subs {
				if sub.Pictures != nil && (sub.Forced || index.BaseLanguage(sub.Language) == UILanguage()) {
					track = i
					break
				}
			}
		}
	}
	size := s.frames.size.Load()
	w, h := int(size>>32), int(size&0xffffffff)
	key := [4]int{-1}
	var pics PictureSubs
	if track >= 0 && w > 0 && h > 0 {
		pics = s.subs[track].Pictures
		// A track of forced subtitles shows all its pictures; another, only those marked.
		if cue := pics.CueAt(t, forcedOnly && !s.subs[track].Forced); cue >= 0 {
			key = [4]int{track, cue, w, h}
		}
	}
	if key == s.overlayKey || s.drawing {
		return
	}
	s.overlayKey = key
	if key[0] < 0 {
		s.view.SetOverlay(nil)
		return
	}
	session := s.session
	s.drawing = true
	s.goRun(s.jobs.Context(), func(context.Context) {
		defer onUI(func() { s.drawing = false })
		img, err := pics.Draw(key[1], key[2], key[3])
		if err != nil {
			slog.Warn("subtitle picture not drawn", "cue", key[1], "err", err)
			img = nil
		}
		onUI(func() {
			if s.session == session && s.overlayKey == key {
				s.view.SetOverlay(img)
			}
		})
	})
}

// PictureSubtitle is the picture subtitle over the film, nil when none shows (for tests).
func (s *WatchScreen) PictureSubtitle() *image.RGBA { return s.view.Overlay() }

// goRun runs fn as part of the film playing now: one of the window's jobs that Wait waits for.
func (s *WatchScreen) goRun(ctx context.Context, fn func(ctx context.Context)) {
	s.run.Add(1)
	if !s.jobs.GoWith(ctx, func(ctx context.Context) {
		defer s.run.Done()
		fn(ctx)
	}) {
		s.run.Done() // the window is closing
	}
}

// tick updates the transport bar and subtitles five times a second and saves the position; in
// between, twenty times a second, it lets the side panel notice a cut, so the note of the new
// scene is up within 100 ms of it.
func (s *WatchScreen) tick(ctx context.Context, session int, eng *player.Engine) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st := eng.State()
		full := n%4 == 0
		onUI(func() {
			if s.session != session {
				return
			}
			if full {
				s.update(st)
				return
			}
			s.drawPictures(st.Position)
			if s.panel != nil {
				s.panel.tick(st.Position)
			}
		})
	}
}

// update shows st (on the Fyne goroutine).
func (s *WatchScreen) update(st player.State) {
	s.state = st
	s.timeLbl.SetText(clock(st.Position) + " / " + clock(st.Duration))
	if time.Since(s.dragging) > 500*time.Millisecond && st.Duration > 0 {
		s.seek.SetPosition(st.Position.Seconds() / st.Duration.Seconds())
	}
	icon := theme.MediaPauseIcon()
	if st.Paused {
		icon = theme.MediaPlayIcon()
	}
	if s.playBtn.Icon != icon {
		s.playBtn.SetIcon(icon)
	}
	s.view.SetPlaying(!st.Paused)
	if s.eng != nil {
		// The engine's state now, not the tick's: a mute since the tick read it must not be undone.
		s.setMuteIcon(s.eng.State().Muted)
	}
	speed := speedText(st.Speed)
	if s.speedBtn.Text != speed {
		s.speedBtn.SetText(speed)
	}
	if time.Now().After(s.flashUntil) {
		s.showCue(s.cueAt(st.Position))
	}
	s.drawPictures(st.Position)
	if s.panel != nil {
		s.panel.tick(st.Position)
	}
	if s.req.FilmID != "" && !st.Paused && time.Since(s.lastSave) >= saveEvery {
		s.save(st)
	}
}

func (s *WatchScreen) save(st player.State) {
	s.lastSave = time.Now()
	id, pos, dur := s.req.FilmID, st.Position, st.Duration
	s.jobs.Go(func(context.Context) { _ = s.w.SavePosition(id, pos, dur) })
}

func (s *WatchScreen) event(session int, ev player.Event) {
	if s.session != session {
		return
	}
	switch ev.Kind {
	case player.EventError:
		s.showMessage(tr("Part of this film cannot be played: %v. Reel plays what it can.", ev.Err))
	case player.EventEnded:
		if s.eng != nil {
			s.update(s.eng.State())
			if s.req.FilmID != "" {
				s.save(s.eng.State())
			}
		}
	}
}

func (s *WatchScreen) showMessage(text string) {
	s.message.SetText(text)
	s.message.Show()
}

// cueAt is the text of the chosen subtitle track at t.
func (s *WatchScreen) cueAt(t time.Duration) string {
	if s.subIdx < 0 || s.subIdx >= len(s.subs) || s.subs[s.subIdx].Pictures != nil {
		return "" // none, or drawn as pictures
	}
	var lines []string
	for _, c := range s.subs[s.subIdx].Cues {
		if c.Start > t {
			break
		}
		if t < c.End {
			lines = append(lines, c.Text)
		}
	}
	return strings.Join(lines, "\n")
}

// showCue draws text over the picture: white with a dark outline, line by line, each line
// wrapped to the picture's width.
func (s *WatchScreen) showCue(text string) {
	if text == s.lastCue && (text != "" || len(s.subLines.Objects) == 0) {
		return
	}
	s.lastCue = text
	s.subLines.RemoveAll()
	if text == "" {
		s.subLines.Refresh()
		return
	}
	pic := s.view.PictureSize()
	if pic.Width <= 0 || pic.Height <= 0 {
		pic = s.view.Size()
	}
	size := subtitleSize(pic.Height)
	style := fyne.TextStyle{Bold: true}
	for _, line := range strings.Split(text, "\n") {
		for _, l := range wrapLine(line, pic.Width*0.9, size, style) {
			s.subLines.Add(container.NewCenter(subtitleLine(l, size)))
		}
	}
	s.subLines.Refresh()
}

// SubtitleLines are the lines drawn over the picture, after wrapping (for tests).
func (s *WatchScreen) SubtitleLines() []string {
	var out []string
	for _, o := range s.subLines.Objects {
		line := o.(*fyne.Container).Objects[0].(*fyne.Container)
		out = append(out, line.Objects[8].(*canvas.Text).Text)
	}
	return out
}

// resized asks the engine for pictures that fit the view.
func (s *WatchScreen) resized(int, int) { s.resizedNow() }

func (s *WatchScreen) resizedNow() {
	if s.eng == nil {
		return
	}
	scale := float32(1)
	if c := s.win.Canvas(); c != nil {
		scale = c.Scale()
	}
	size := s.view.Size()
	w, h := int(size.Width*scale), int(size.Height*scale)
	if v, ok := s.eng.Info().Video(); ok && w > 0 && h > 0 {
		fw, fh := v.Fit(w, h)
		s.eng.SetVideoSize(fw, fh)
	}
}

func (s *WatchScreen) fracTime(v float64) time.Duration {
	return time.Duration(v * float64(s.state.Duration))
}

func (s *WatchScreen) togglePause() {
	if s.eng != nil {
		s.eng.TogglePause()
		s.state.Paused = !s.state.Paused
		s.view.SetPlaying(!s.state.Paused)
		if s.state.Paused {
			s.flash(tr("Paused"))
			s.showChrome() // a paused film keeps its controls
		} else {
			s.flash(tr("Playing"))
			s.pointerMoved()
		}
	}
}

func (s *WatchScreen) toggleFullScreen() {
	full := !s.win.FullScreen()
	s.win.SetFullScreen(full)
	s.setFilmMode(full)
}

// speedText is a speed as the button and the notes show it: "1.21×".
func speedText(v float64) string { return fmt.Sprintf("%.2f×", v) }

// setSpeed asks for speed v (clamped as the engine clamps it) and says it over the picture.
func (s *WatchScreen) setSpeed(v float64) {
	v = math.Min(player.MaxSpeed, math.Max(player.MinSpeed, v))
	v = math.Round(v*1000) / 1000
	s.speed = v
	s.eng.SetSpeed(v)
	s.speedBtn.SetText(speedText(v))
	s.flash(tr("Speed %s", speedText(v)))
}

func (s *WatchScreen) toggleMute() {
	if s.eng == nil {
		return
	}
	muted := !s.eng.State().Muted
	s.eng.SetMuted(muted)
	s.state.Muted = muted
	s.setMuteIcon(muted)
	if muted {
		s.flash(tr("Muted"))
	} else {
		s.flash(tr("Sound on"))
	}
}

func (s *WatchScreen) setMuteIcon(muted bool) {
	icon := theme.VolumeUpIcon()
	if muted {
		icon = theme.VolumeMuteIcon()
	}
	if s.muteBtn.Icon != icon {
		s.muteBtn.SetIcon(icon)
	}
}

// MuteIcon is the mute button's icon (for tests).
func (s *WatchScreen) MuteIcon() fyne.Resource { return s.muteBtn.Icon }

// Leave stops the film, saves where the viewer is and goes back to the library.
func (s *WatchScreen) Leave() {
	s.stop()
	if s.win.FullScreen() {
		s.win.SetFullScreen(false)
	}
	s.setFilmMode(false)
	s.back()
}

// stop ends the playing film, saving its position.
func (s *WatchScreen) stop() {
	s.hidePreview()
	if s.panel != nil {
		s.panel.close()
	}
	s.removeKeys()
	if s.eng != nil && s.req.FilmID != "" {
		st := s.eng.State()
		_ = s.w.SavePosition(s.req.FilmID, st.Position, st.Duration)
	}
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.eng = nil
	s.session++
	// The goroutines end on their own: Run returns at once when its context ends, and the
	// closures they queue check the session.
}

// Stop ends the film without leaving the screen (at exit), saving where the viewer is.
func (s *WatchScreen) Stop() { s.stop() }

// Wait waits for the playing goroutines to end (after Leave, or at exit).
func (s *WatchScreen) Wait() { s.run.Wait() }

// Previews and menus.

func (s *WatchScreen) showPreview(frac float64, at fyne.Position) {
	if s.state.Duration <= 0 {
		return
	}
	t := time.Duration(frac * float64(s.state.Duration))
	thumb := ""
	for _, sc := range s.req.Scenes {
		if sc.Start <= t {
			thumb = sc.Thumb
		}
	}
	if s.prevImg.File != thumb {
		s.prevImg.File = thumb
		s.prevImg.Refresh()
	}
	s.prevLbl.Text = clock(t)
	s.prevLbl.Refresh()
	// A 192×108 thumbnail with its time under it, above the pointer, at the bottom of the picture.
	const pad = 4
	imgSize := fyne.NewSize(192, 108)
	if thumb == "" {
		imgSize = fyne.NewSize(0, 0)
	}
	textSize := s.prevLbl.MinSize()
	w := fyne.Max(imgSize.Width, textSize.Width+4*pad) + 2*pad
	h := imgSize.Height + textSize.Height + 3*pad
	d := fyne.CurrentApp().Driver()
	x := d.AbsolutePositionForObject(s.seek).X + at.X - d.AbsolutePositionForObject(s.picture).X - w/2
	x = fyne.Max(0, fyne.Min(x, s.picture.Size().Width-w))
	y := s.picture.Size().Height - h - pad
	s.prevBg.Resize(fyne.NewSize(w, h))
	s.prevBg.Move(fyne.NewPos(x, y))
	s.prevImg.Resize(imgSize)
	s.prevImg.Move(fyne.NewPos(x+pad, y+pad))
	s.prevLbl.Resize(fyne.NewSize(w, textSize.Height))
	s.prevLbl.Move(fyne.NewPos(x, y+imgSize.Height+2*pad))
	s.preview.Show()
	s.preview.Refresh()
}

// PreviewShown is the preview's time text when it is up (for tests).
func (s *WatchScreen) PreviewShown() string {
	if !s.preview.Visible() {
		return ""
	}
	return s.prevLbl.Text
}

func (s *WatchScreen) hidePreview() {
	s.preview.Hide()
}

var speeds = []float64{0.5, 0.75, 1, 1.25, 1.5, 2}

func (s *WatchScreen) showSpeedMenu() {
	var items []*fyne.MenuItem
	for _, v := range speeds {
		it := fyne.NewMenuItem(speedText(v), func() {
			if s.eng != nil {
				s.setSpeed(v)
			}
		})
		it.Checked = math.Abs(v-s.state.Speed) < 0.01
		items = append(items, it)
	}
	s.popMenu(fyne.NewMenu(tr("Speed"), items...), s.speedBtn)
}

func (s *WatchScreen) showTrackMenu() {
	if s.eng == nil {
		return
	}
	var items []*fyne.MenuItem
	items = append(items, fyne.NewMenuItem(tr("Sound"), nil))
	items[0].Disabled = true
	for _, a := range s.audioStreams() {
		it := fyne.NewMenuItem("   "+streamLabel(a), func() { s.eng.SelectAudio(a.Index) })
		it.Checked = a.Index == s.state.AudioStream
		items = append(items, it)
	}
	if len(s.audioStreams()) == 0 {
		none := fyne.NewMenuItem("   "+tr("This film has no sound"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	items = append(items, fyne.NewMenuItemSeparator())
	head := fyne.NewMenuItem(tr("Subtitles"), nil)
	head.Disabled = true
	off := fyne.NewMenuItem("   "+tr("Off"), func() { s.subIdx, s.subPicked = -1, true; s.showCue(""); s.drawPictures(s.state.Position) })
	off.Checked = s.subIdx < 0
	items = append(items, head, off)
	for i, sub := range s.subs {
		it := fyne.NewMenuItem("   "+sub.Label, func() {
			s.subIdx, s.subPicked = i, true
			s.showCue(s.cueAt(s.state.Position))
			s.drawPictures(s.state.Position)
		})
		it.Checked = i == s.subIdx
		items = append(items, it)
	}
	s.popMenu(fyne.NewMenu(tr("Tracks"), items...), s.trackBtn)
}

func (s *WatchScreen) popMenu(m *fyne.Menu, under fyne.CanvasObject) {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(under)
	pop := widget.NewPopUpMenu(m, s.win.Canvas())
	size := pop.MinSize()
	pop.ShowAtPosition(fyne.NewPos(pos.X+under.Size().Width-size.Width, pos.Y-size.Height))
}

func (s *WatchScreen) audioStreams() []player.Stream {
	var out []player.Stream
	for _, st := range s.eng.Info().Streams {
		if st.Type == player.StreamAudio {
			out = append(out, st)
		}
	}
	return out
}

func streamLabel(st player.Stream) string {
	parts := []string{}
	if st.Title != "" {
		parts = append(parts, st.Title)
	}
	if st.Language != "" {
		parts = append(parts, st.Language)
	}
	parts = append(parts, st.Codec)
	if st.Channels > 0 {
		parts = append(parts, tr("%d ch", st.Channels))
	}
	return fmt.Sprintf("#%d %s", st.Index, strings.Join(parts, " · "))
}

// frameSink is the bridge from the engine's goroutine to the view: it keeps the newest frame
// and schedules one repaint for it, however many frames arrive before the repaint runs.
type frameSink struct {
	c       *coalescer[*image.RGBA]
	shown   atomic.Int64 // frames the engine presented
	painted atomic.Int64 // frames that reached the view (the rest were replaced before a repaint)
	size    atomic.Int64 // the last frame's width<<32 | height
}

func newFrameSink(v *widgets.VideoView) *frameSink {
	f := &frameSink{}
	f.c = newCoalescer(func(img *image.RGBA) {
		f.painted.Add(1)
		v.SetFrame(img)
	})
	return f
}

// Show implements player.VideoSink.
func (f *frameSink) Show(fr *player.Frame) {
	f.shown.Add(1)
	b := fr.Image.Rect
	f.size.Store(int64(b.Dx())<<32 | int64(b.Dy()))
	f.c.Set(fr.Image)
}
