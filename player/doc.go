// Package player holds Reel's pure-Go media model: what a film file contains (MediaInfo, Stream,
// Chapter), the scenes found in it (Scene), and the playback engine.
//
// Nothing here uses cgo or imports FFmpeg bindings: the FFmpeg side lives in player/ffmpeg and
// speaks these types, so the library, the assistant and the UI can depend on player without
// pulling in C libraries. player/regularfile opens a film's files only when they are regular
// files (a pipe under a film's name would block an open).
//
// # Playback
//
// The Engine plays a Media (decoded pictures and sound, delivered ahead of time by the media's
// own goroutines, each tagged with the serial of the seek it follows) into an AudioOut (the
// sound device; player/speaker) and a VideoSink (the window, or nothing in headless mode).
//
//   - Clock. The sound device is the master: each time it asks for samples, the engine notes
//     the film time of the first one and when it will be heard (now + the device's latency):
//     the played-sample clock. Pictures are shown when that clock reaches their time; a picture
//     whose successor is also due is dropped. Without sound (or while sound has not arrived a
//     second after a seek) a system clock leads instead.
//   - Seeks. A seek bumps the serial; everything older still in flight is dropped. The first
//     picture after a seek is shown at once (also while paused), and the sound holds until it
//     is, so both start together. Keyframe seeks are for scrubbing, exact ones for landing.
//   - Commands (seek, pause, step, speed, tracks) go through a queue that coalesces: fifty seeks
//     while a slider is dragged reach the media as one, and relative seeks pressed in a burst
//     add up from where the previous one will land.
//   - Speed. The media stretches the sound with atempo (pitch kept); each run of samples
//     carries its speed, so the clock stays exact while old and new tempo meet.
//   - Frames are the media's buffers (a small ring): the engine keeps the one on screen and the
//     one before unchanged, and releases each after that, so the decoder never writes into a
//     picture being drawn.
//   - The end of the film pauses on the last picture; play starts again from the beginning.
package player
