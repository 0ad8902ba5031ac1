package app

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
	"github.com/reel-app/reel/assistant/ollama"
)

// Settings is what the settings window reads and changes; main.go keeps it in settings.json.
type Settings interface {
	Folders
	Preferences() Preferences
	// SetPreferences saves the preferences; a new Ollama address is used from the next request.
	SetPreferences(Preferences) error
	// Places are the folders Reel keeps its files in.
	Places() []Place
	// ClearCaches deletes what Reel can make again (posters, scene thumbnails) and returns the
	// bytes freed. The scenes are found again in the background.
	ClearCaches(ctx context.Context) (int64, error)
	// ExportUserData writes the user's ratings, reviews, history and scene notes to a JSON file.
	ExportUserData(ctx context.Context, path string) (films int, err error)
	// ImportUserData takes them back from such a file.
	ImportUserData(ctx context.Context, path string) (ImportResult, error)
}

// Preferences are the choices on the settings window besides the folders and models.
type Preferences struct {
	Ollama     string // the Ollama server's address; "" for OLLAMA_HOST or http://127.0.0.1:11434
	SendPlot   bool   // the .nfo plot may go to the model with questions (it can give away the ending)
	SendFrames bool   // pictures from the film may go to a vision model
	Language   string // "en", "zh", or "" for the system's
}

// Place is one of Reel's folders.
type Place struct {
	Name string // "Settings", "Library data", "Caches", "Logs"
	Path string
}

// ImportResult says what an import did.
type ImportResult struct {
	Films   int      // films whose data was taken back
	Skipped []string // titles of films not in this library
}

// EnableSettings adds the settings button. models, when not nil, adds the model choice;
// restart closes and reopens Reel (for a new language).
func (s *LibraryScreen) EnableSettings(st Settings, models Models, restart func(), win fyne.Window) {
	s.settings, s.folders, s.models, s.restart, s.win = st, st, models, restart, win
	s.settingsBtn.OnTapped = s.ShowSettings
	s.settingsBtn.Show()
}

// ShowSettings opens the settings window (Ctrl+, from the library).
func (s *LibraryScreen) ShowSettings() {
	if s.settings == nil {
		return
	}
	tabs := container.NewAppTabs(
		container.NewTabItemWithIcon(tr("Library"), theme.FolderIcon(), s.foldersTab()),
		container.NewTabItemWithIcon(tr("Assistant"), theme.ComputerIcon(), s.assistantTab()),
		container.NewTabItemWithIcon(tr("Privacy"), theme.VisibilityIcon(), s.privacyTab()),
		container.NewTabItemWithIcon(tr("Data"), theme.StorageIcon(), s.dataTab()),
		container.NewTabItemWithIcon(tr("Language"), theme.SettingsIcon(), s.languageTab()),
	)
	d := dialog.NewCustom(tr("Settings"), tr("Close"), tabs, s.win)
	d.Resize(fyne.NewSize(760, 520))
	s.settingsDialog = d
	d.SetOnClosed(func() { s.settingsDialog = nil })
	d.Show()
}

// SettingsOpen says whether the settings window is showing (for tests).
func (s *LibraryScreen) SettingsOpen() bool { return s.settingsDialog != nil }

func (s *LibraryScreen) savePrefs(change func(*Preferences)) bool {
	p := s.settings.Preferences()
	change(&p)
	if err := s.settings.SetPreferences(p); err != nil {
		dialog.ShowError(err, s.win)
		return false
	}
	return true
}

func (s *LibraryScreen) foldersTab() fyne.CanvasObject {
	intro := wrapped(tr("Reel finds every film under these folders, and watches them for new ones."))
	return container.NewBorder(intro, nil, nil, nil, s.foldersEditor())
}

func (s *LibraryScreen) assistantTab() fyne.CanvasObject {
	intro := wrapped(tr("The companion's notes, answers and recaps come from an Ollama server. Everything else works without it."))
	addr := widget.NewEntry()
	addr.SetPlaceHolder("http://127.0.0.1:11434")
	addr.SetText(s.settings.Preferences().Ollama)
	status := wrapped("")
	check := func() {
		if s.models == nil {
			return
		}
		status.SetText(tr("Asking Ollama for its models…"))
		s.jobs.Go(func(ctx context.Context) {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			ms, err := s.models.Installed(ctx)
			onUI(func() {
				if err != nil {
					status.SetText(problemText(err))
					return
				}
				status.SetText(trn("Connected: the server has %d models.", len(ms)))
			})
		})
	}
	save := widgets.NewTipButton(tr("Save and check"), theme.ConfirmIcon(), tr("Save the address and ask the server for its models"), func() {
		a := strings.TrimSpace(addr.Text)
		if _, err := ollama.ParseAddress(a); a != "" && err != nil {
			status.SetText(tr("That is not an address like http://127.0.0.1:11434"))
			return
		}
		if s.savePrefs(func(p *Preferences) { p.Ollama = a }) {
			check()
		}
	})
	addr.OnSubmitted = func(string) { save.OnTapped() }
	items := []fyne.CanvasObject{intro, widget.NewForm(widget.NewFormItem(tr("Ollama address"), addr)), container.NewHBox(save), status}
	if s.models != nil {
		models := widgets.NewTipButton(tr("Models…"), theme.ListIcon(), tr("Choose the chat, vision and embedding models, or pull one"), func() {
			showModels(s.jobs, s.models, s.win, nil)
		})
		items = append(items, widget.NewSeparator(), container.NewHBox(models))
	}
	items = append(items, wrapped(tr("Ollama not installed? See https://ollama.com, then run: ollama serve, and ollama pull llama3.2")))
	check()
	return container.NewVScroll(container.NewVBox(items...))
}

func (s *LibraryScreen) privacyTab() fyne.CanvasObject {
	p := s.settings.Preferences()
	intro := wrapped(tr("Nothing leaves this machine except requests to your Ollama server. Choose what those requests may carry."))
	plot := widget.NewCheck(tr("Send the film's plot from its .nfo with questions (it can give away the ending)"), func(on bool) {
		s.savePrefs(func(p *Preferences) { p.SendPlot = on })
	})
	plot.SetChecked(p.SendPlot)
	frames := widget.NewCheck(tr("Send pictures from the film to a vision model (scene notes, and questions about the picture)"), func(on bool) {
		s.savePrefs(func(p *Preferences) { p.SendFrames = on })
	})
	frames.SetChecked(p.SendFrames)
	always := wrapped(tr("Always sent: the lines of dialogue up to where you are, the title and year, your question."))
	items := []fyne.CanvasObject{intro, plot, frames, always}
	if s.requests != nil {
		view := widgets.NewTipButton(tr("Network requests this session…"), theme.VisibilityIcon(), tr("Every network request Reel made since it started"), func() {
			showPrivacy(s.requests(), s.win)
		})
		items = append(items, widget.NewSeparator(), container.NewHBox(view))
	}
	return container.NewVBox(items...)
}

func (s *LibraryScreen) dataTab() fyne.CanvasObject {
	rows := container.NewVBox()
	names := map[string]string{"Settings": tr("Settings"), "Library data": tr("Library data"), "Caches": tr("Caches"), "Logs": tr("Logs")}
	for _, pl := range s.settings.Places() {
		name := names[pl.Name]
		if name == "" {
			name = pl.Name
		}
		path := widget.NewLabel(pl.Path)
		path.Truncation = fyne.TextTruncateEllipsis
		path.Selectable = true
		dir := pl.Path
		open := widgets.NewTipButton(tr("Open folder"), theme.FolderOpenIcon(), tr("Show this folder in the file manager"), func() {
			u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
			if err := fyne.CurrentApp().OpenURL(u); err != nil {
				dialog.ShowError(err, s.win)
			}
		})
		label := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(140, label.MinSize().Height), label), open, path))
	}
	result := wrapped("")
	clearBtn := widgets.NewTipButton(tr("Clear caches"), theme.DeleteIcon(), tr("Delete posters and scene thumbnails; Reel makes them again"), nil)
	clearBtn.OnTapped = func() {
		d := dialog.NewConfirm(tr("Clear caches"), tr("Delete the posters and scene thumbnails Reel has made? Your films, ratings and notes are kept, and Reel makes the pictures again in the background."), func(ok bool) {
			if !ok {
				return
			}
			clearBtn.Disable()
			s.jobs.Go(func(ctx context.Context) {
				freed, err := s.settings.ClearCaches(ctx)
				onUI(func() {
					clearBtn.Enable()
					if err != nil {
						result.SetText(tr("Could not clear the caches: %v", err))
						return
					}
					result.SetText(tr("Freed %s. Posters and scenes are being made again.", sizeText(freed)))
					s.forgetPosters()
					s.Refresh()
				})
			})
		}, s.win)
		d.SetConfirmText(tr("Clear"))
		d.SetDismissText(tr("Cancel"))
		d.Show()
	}
	export := widgets.NewTipButton(tr("Export my data…"), theme.DocumentSaveIcon(), tr("Write your ratings, reviews, history and scene notes to a JSON file"), func() {
		dialog.ShowFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			s.jobs.Go(func(ctx context.Context) {
				n, err := s.settings.ExportUserData(ctx, path)
				onUI(func() {
					if err != nil {
						result.SetText(tr("Could not export: %v", err))
						return
					}
					result.SetText(tr("Exported your data for %[1]d films to %[2]s", n, path))
				})
			})
		}, s.win)
	})
	imp := widgets.NewTipButton(tr("Import my data…"), theme.DownloadIcon(), tr("Take back ratings, reviews, history and notes from an export"), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			r.Close()
			s.jobs.Go(func(ctx context.Context) {
				res, err := s.settings.ImportUserData(ctx, path)
				onUI(func() {
					if err != nil {
						result.SetText(tr("Could not import: %v", err))
						return
					}
					text := trn("Imported your data for %d films.", res.Films)
					if len(res.Skipped) > 0 {
						text += " " + tr("Not in this library: %s", strings.Join(res.Skipped, ", "))
					}
					result.SetText(text)
					s.Refresh()
				})
			})
		}, s.win)
	})
	return container.NewVScroll(container.NewVBox(rows, widget.NewSeparator(),
		wrapped(tr("Your ratings, reviews, history and notes are yours: take them to another machine as a JSON file.")),
		container.NewHBox(export, imp, clearBtn), result))
}

func (s *LibraryScreen) languageTab() fyne.CanvasObject {
	names := make([]string, len(Languages))
	current := 0
	for i, l := range Languages {
		names[i] = l.Name
		if l.Code == "" {
			names[i] = tr("System language")
		}
		if l.Code == s.settings.Preferences().Language {
			current = i
		}
	}
	sel := widget.NewSelect(names, nil)
	sel.SetSelectedIndex(current)
	sel.OnChanged = func(string) {
		code := Languages[sel.SelectedIndex()].Code
		if code == s.settings.Preferences().Language || !s.savePrefs(func(p *Preferences) { p.Language = code }) {
			return
		}
		if s.restart == nil {
			return
		}
		d := dialog.NewConfirm(tr("Language"), tr("Reel shows the new language after it restarts. Restart now?"), func(ok bool) {
			if ok {
				s.restart()
			}
		}, s.win)
		d.SetConfirmText(tr("Restart now"))
		d.SetDismissText(tr("Later"))
		d.Show()
	}
	return container.NewVBox(wrapped(tr("The language of Reel's windows. Dialogue and subtitles stay in the film's language.")),
		widget.NewForm(widget.NewFormItem(tr("Language"), sel)))
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// sizeText says a number of bytes as people read it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
