package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// EnableFolders adds the Folders button, which lets the user add and remove library folders;
// every change rescans. win is the window dialogs open over.
func (s *LibraryScreen) EnableFolders(f Folders, win fyne.Window) {
	s.folders, s.win = f, win
	s.foldersBtn.OnTapped = s.showFolders
	s.foldersBtn.Show()
}

// Refresh rescans the library folders and shows what changed (on the Fyne goroutine or any).
func (s *LibraryScreen) Refresh() {
	s.Load(context.Background(), nil)
}

func (s *LibraryScreen) showFolders() {
	roots := s.folders.Roots()
	list := container.NewVBox()
	var d dialog.Dialog
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
			list.Add(widget.NewLabel("No folders yet: add the folders where your films live."))
		}
		for i, r := range roots {
			i := i
			remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
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
	add := widget.NewButtonWithIcon("Add folder…", theme.FolderNewIcon(), func() {
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
	body := container.NewBorder(nil, add, nil, nil, container.NewVScroll(list))
	d = dialog.NewCustom("Library folders", "Done", body, s.win)
	d.Resize(fyne.NewSize(620, 360))
	d.Show()
}
