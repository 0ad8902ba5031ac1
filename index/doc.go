// Package index is Reel's library. The Scanner walks the user's folders and keeps the store
// (index/store, the source of truth) in step with them: films are recognised by extension,
// named from their Kodi .nfo and file name (index/nfo, index/release), given their sidecar and
// embedded subtitles (index/subtitle) and probed; moved files keep their history. The search
// index (index/search) is told of every change. Watch rescans when the folders change, the
// Analyzer finds each film's scenes in the background, and Posters makes posters from
// keyframes.
//
// Only regular files are read (player/regularfile: a pipe or a device under a film's name is a
// warning, never a blocking open), folder links are not followed, and what is read is bounded:
// subtitles and .nfo files by size, lines and cues, artwork by its pixels. Each problem is a
// warning that says what happened, kept with the film it belongs to.
//
// index depends on player's pure types only. What it needs from FFmpeg it declares as small
// interfaces (Prober, TextTracks, SceneFinder, Framer) that main.go satisfies with
// player/ffmpeg.
package index
