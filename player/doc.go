// Package player holds Reel's pure-Go media model: what a film file contains (MediaInfo, Stream,
// Chapter), the scenes found in it (Scene), and, from the player issue on, the playback engine.
//
// Nothing here uses cgo or imports FFmpeg bindings: the FFmpeg side lives in player/ffmpeg and
// speaks these types, so the library, the assistant and the UI can depend on player without
// pulling in C libraries.
package player
