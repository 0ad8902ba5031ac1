package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/reel-app/reel/app/widgets"
)

// EnableFolders adds the Folders button, which lets the user add and remove library folders;
// every change rescans. win is the window dialogs open over.
func (s *LibraryScreen) EnableFolders(f Folders, win fyne.Window) {
	s.folders, s.win = f, win
	s.foldersBtn.OnTapped = s.showFolders
	s.foldersBtn.Show()
}

// Refresh rescans the library folders and shows what changed (from any goroutine). It ends
// with the first Load's context.
func (s *LibraryScreen) Refresh() { s.Load(nil) }

func (s *LibraryScreen) showFolders() {
	d := dialog.NewCustom(tr("Library folders"), tr("Done"), s.foldersEditor(), s.win)
	d.Resize(fyne.NewSize(620, 360))
	d.Show()
}

// foldersEditor lists the library folders, each with a remove button, and an add button;
// every change is saved and rescans.
func (s *LibraryScreen) foldersEditor() fyne.CanvasObject {
	roots := s.folders.Roots()
	list := container.NewVBox()
	var render func()
	save := func(next []string) {
		if err := s.folders.SetRoots(next); err != nil {
			dialog.ShowError(err, s.win)
			return
		}
		roots = next
		render()
		s.Refresh()
	}
	render = func() {
		list.RemoveAll()
		if len(roots) == 0 {
			list.Add(widget.NewLabel(tr("No folders yet: add the folders where your films live.")))
		}
		for i, r := range roots {
			remove := widgets.NewTipButton(tr("Remove"), theme.DeleteIcon(), tr("Stop looking in this folder (the films stay on disk)"), func() {
				next := append(append([]string{}, roots[:i]...), roots[i+1:]...)
				save(next)
			})
			remove.Importance = widget.LowImportance
			label := widget.NewLabel(r)
			label.Truncation = fyne.TextTruncateEllipsis
			list.Add(container.NewBorder(nil, nil, nil, remove, label))
		}
		list.Refresh()
	}
	render()
	add := widget.NewButtonWithIcon(tr("Add folder…"), theme.FolderNewIcon(), func() {
		dialog.ShowFolderOpen(func(uri fyne.ListableURI, err error) {
			if err != nil || uri == nil {
				return
			}
			for _, r := range roots {
				if r == uri.Path() {
					return
				}
			}
			save(append(append([]string{}, roots...), uri.Path()))
		}, s.win)
	})
	// A path can be typed (or pasted) too: a NAS mount the picker does not show, a long path.
	typed := widget.NewEntry()
	typed.SetPlaceHolder(tr("or type a folder's path, then Enter"))
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()
	addTyped := func(string) {
		path, err := folderPath(typed.Text)
		if err != nil {
			problem.SetText(err.Error())
			problem.Show()
			return
		}
		problem.Hide()
		typed.SetText("")
		for _, r := range roots {
			if r == path {
				return
			}
		}
		save(append(append([]string{}, roots...), path))
	}
	typed.OnSubmitted = addTyped
	addBtn := widget.NewButton(tr("Add"), func() { addTyped(typed.Text) })
	bottom := container.NewVBox(container.NewBorder(nil, nil, add, addBtn, typed), problem)
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(list))
}

// folderPath reads a typed folder path ("~/Films", "/mnt/nas/films/"): it must be a folder
// that exists. The error says what is wrong, in the UI language.
func folderPath(typed string) (string, error) {
	p := strings.TrimSpace(typed)
	if p == "" {
		return "", errors.New(tr("Type the path of a folder."))
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	if !filepath.IsAbs(p) {
		return "", errors.New(tr("%s is not a full path: start it with / (or ~/ for your home folder).", p))
	}
	p = filepath.Clean(p)
	info, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", errors.New(tr("There is no folder %s.", p))
	case err != nil:
		return "", errors.New(tr("Reel cannot open %[1]s: %[2]v", p, err))
	case !info.IsDir():
		return "", errors.New(tr("%s is a file, not a folder.", p))
	}
	return p, nil
}

// Welcome greets a first run: the demo library is open, and the user is asked where their own
// films are. A folder chosen here replaces the demo.
func (s *LibraryScreen) Welcome() {
	if s.folders == nil || s.win == nil {
		return
	}
	msg := widget.NewLabel(tr("Reel has made a small demo library so you can look around.") + "\n\n" +
		tr("Where are your films? Choose a folder and Reel will find every film under it, with its posters, scenes and dialogue. You can add more folders later with Folders."))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	choose := widget.NewButtonWithIcon(tr("Choose my film folder…"), theme.FolderOpenIcon(), func() {
		d.Hide()
		dialog.ShowFolderOpen(func(uri fyne.ListableURI, err error) {
			if err != nil || uri == nil {
				return
			}
			if err := s.folders.SetRoots([]string{uri.Path()}); err != nil {
				dialog.ShowError(err, s.win)
				return
			}
			s.Refresh()
		}, s.win)
	})
	choose.Importance = widget.HighImportance
	keep := widget.NewButton(tr("Keep the demo for now"), func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(tr("Welcome to Reel"), container.NewVBox(msg, container.NewHBox(keep, choose)), s.win)
	d.Resize(fyne.NewSize(520, 240))
	d.Show()
}
