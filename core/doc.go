// Package core is what Reel's two front-ends, the window (package main with app/) and the
// command line (cli/), both need, so that neither owns it and both do it the same way:
//
//   - places.go: the folders Reel keeps its state in (XDG, or --data DIR) and settings.json;
//   - library.go: opening the library, the one place the store and its search index are opened,
//     and the cast line of a film;
//   - ffmpeg.go: player/ffmpeg wired into what index/ needs (prober, text tracks, scene finder,
//     poster framer, demo encoder);
//   - models.go: which Ollama models the assistant uses;
//   - userdata.go: the `reel export` file format, and import (which indexes the notes it brings);
//   - history.go: the watch-history rules (where to resume, when a film counts as watched);
//   - parse.go: times and sizes as users type them;
//   - logfile.go: the window's rotating log file;
//   - instance.go: one window per data folder, and handing films to it.
//
// It imports no Fyne: layout_test.go checks it.
package core
