// Package app is Reel's Fyne user interface: one file per screen (library.go with
// librarykeys.go, film.go, watch.go with watchkeys.go, panel.go, settings.go with folders.go,
// models.go and privacy.go), custom widgets in app/widgets (film card, video view, seek bar,
// buttons with tips), and bridge.go, the one place where work done on other goroutines reaches
// the UI (through fyne.Do, coalesced so a burst of updates, or of video frames, becomes one
// repaint).
//
// Every word the UI shows goes through tr (lang.go), Fyne's lang with Reel's translations in
// translations/ (English and Simplified Chinese); TestTranslations keeps both files complete.
//
// app never decodes, scans or talks to a network itself: it calls the interfaces in deps.go
// and watch.go (Library, Folders, Watching), which main.go satisfies with index, player and
// assistant, on goroutines it starts, and shows the results. Nothing else imports app.
package app
