package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/assistant/ollama"
)

// ModelChoice is which Ollama models the companion uses, and what it may send them.
type ModelChoice struct {
	Chat     string // "" for the first installed model that can chat
	Vision   string // "" for none: pictures are not sent
	Embed    string // "" for the first that makes embeddings, or TF-IDF without one
	SendPlot bool   // the .nfo plot goes into questions (it can give away the ending)
	// SendFrames lets pictures from the film go to a vision model (notes, and the picture on
	// screen with a question). Off, no picture is sent, whatever the models can do.
	SendFrames bool
	// Context caps the context asked of the chat model (num_ctx, tokens); 0 for 8,192.
	Context int
}

// Models is the model side of the companion's settings. A Companion that also implements it
// gets a Models… button on the Ask tab.
type Models interface {
	Installed(ctx context.Context) ([]ollama.Model, error)
	Choice() ModelChoice
	SetChoice(ModelChoice) error
	Pull(ctx context.Context, name string, progress func(ollama.PullProgress)) error
}

func automatic() string { return tr("(automatic)") }
func noModel() string   { return tr("(none)") }

// showModels opens the models dialog: pick the chat, vision and embedding models, allow the
// plot, and pull a model with a progress bar.
func showModels(jobs *Jobs, m Models, win fyne.Window, changed func()) {
	chat := widget.NewSelect(nil, nil)
	vision := widget.NewSelect(nil, nil)
	embed := widget.NewSelect(nil, nil)
	status := widget.NewLabel(tr("Asking Ollama for its models…"))
	status.Wrapping = fyne.TextWrapWord
	pullName := widget.NewEntry()
	pullName.SetPlaceHolder(tr("a model to pull, e.g. llama3.2 or nomic-embed-text"))
	bar := widget.NewProgressBar()
	bar.Hide()
	pullBtn := widget.NewButton(tr("Pull"), nil)

	choice := m.Choice()
	fill := func(models []ollama.Model) {
		opts := func(capability string, none string) []string {
			out := []string{none}
			for _, md := range models {
				if slices.Contains(md.Capabilities, capability) {
					out = append(out, md.Name)
				}
			}
			return out
		}
		set := func(s *widget.Select, options []string, current, none string) {
			s.Options = options
			if current == "" || !slices.Contains(options, current) {
				current = none
			}
			s.SetSelected(current)
		}
		set(chat, opts("completion", automatic()), choice.Chat, automatic())
		set(vision, opts("vision", noModel()), choice.Vision, noModel())
		set(embed, opts("embedding", automatic()), choice.Embed, automatic())
		var names []string
		for _, md := range models {
			names = append(names, fmt.Sprintf("%s (%s)", md.Name, strings.Join(md.Capabilities, ", ")))
		}
		if len(names) == 0 {
			status.SetText(tr("Ollama has no models yet: pull one below."))
		} else {
			status.SetText(tr("Installed: %s", strings.Join(names, "; ")))
		}
	}
	load := func() {
		jobs.Go(func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			models, err := m.Installed(ctx)
			onUI(func() {
				if err != nil {
					status.SetText(problemText(err))
					return
				}
				fill(models)
			})
		})
	}
	pullBtn.OnTapped = func() {
		name := strings.TrimSpace(pullName.Text)
		if name == "" {
			return
		}
		pullBtn.Disable()
		bar.SetValue(0)
		bar.Show()
		progress := newCoalescer(func(p ollama.PullProgress) {
			if p.Total > 0 {
				bar.SetValue(float64(p.Completed) / float64(p.Total))
			}
			status.SetText(tr("Pulling %[1]s: %[2]s", name, p.Status))
		})
		jobs.Go(func(ctx context.Context) {
			err := m.Pull(ctx, name, progress.Set)
			onUI(func() {
				pullBtn.Enable()
				bar.Hide()
				if err != nil {
					status.SetText(tr("Could not pull %[1]s: %[2]s", name, problemText(err)))
					return
				}
				status.SetText(tr("%s is ready.", name))
				load()
			})
		})
	}
	// The most context asked of the chat model: a model's own, when smaller, is the limit.
	sizes := []string{"2048", "4096", "8192", "16384", "32768"}
	ctxSel := widget.NewSelect(sizes, nil)
	ctxSel.SetSelected(strconv.Itoa(cmp.Or(choice.Context, 8192)))
	form := widget.NewForm(
		widget.NewFormItem(tr("Chat"), chat),
		widget.NewFormItem(tr("Vision"), vision),
		widget.NewFormItem(tr("Embeddings"), embed),
		widget.NewFormItem(tr("Context (tokens)"), ctxSel),
	)
	content := container.NewVBox(status, form, widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, pullBtn, pullName), bar)
	d := dialog.NewCustomConfirm(tr("Models"), tr("Save"), tr("Cancel"), content, func(ok bool) {
		if !ok {
			return
		}
		pick := func(s *widget.Select, none string) string {
			if s.Selected == none {
				return ""
			}
			return s.Selected
		}
		c := ModelChoice{Chat: pick(chat, automatic()), Vision: pick(vision, noModel()), Embed: pick(embed, automatic()), SendPlot: choice.SendPlot, SendFrames: choice.SendFrames}
		c.Context, _ = strconv.Atoi(ctxSel.Selected)
		if err := m.SetChoice(c); err != nil {
			dialog.ShowError(err, win)
			return
		}
		if changed != nil {
			changed()
		}
	}, win)
	d.Resize(fyne.NewSize(560, 420))
	d.Show()
	load()
}
