// Package index is Reel's library: it finds the films under the user's folders, names them
// (Kodi .nfo, then the file name), and makes their posters. Its first job, here, is listing a
// folder for the library window; the scanner with a durable store, incremental rescans and the
// Bleve search index build on it.
//
// index depends on player's pure types only. What it needs from FFmpeg it declares as small
// interfaces (Framer) that main.go satisfies with player/ffmpeg.
package index
