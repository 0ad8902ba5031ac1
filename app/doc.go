// Package app is Reel's Fyne user interface: one file per screen (library.go, film.go,
// watch.go with watchkeys.go), custom widgets in app/widgets (film card, video view, seek bar),
// and bridge.go, the one place where work done on other goroutines reaches the UI (through
// fyne.Do, coalesced so a burst of updates, or of video frames, becomes one repaint).
//
// app never decodes, scans or talks to a network itself: it calls the interfaces in deps.go
// and watch.go (Library, Folders, Watching), which main.go satisfies with index, player and
// assistant, on goroutines it starts, and shows the results. Nothing else imports app.
package app
