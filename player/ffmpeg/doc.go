// Package ffmpeg is Reel's only door to FFmpeg: it is the one package that imports go-astiav
// (v0.16.0, the newest that builds against Debian 12's FFmpeg 5.1) and the one that uses cgo
// against libav*. Everything it returns is a Go type: player.MediaInfo, player.Scene,
// time.Duration, *image.RGBA. Moving to a newer FFmpeg touches this folder only.
//
// Each exported function is synchronous and owns the FFmpeg contexts it opens for the length of
// the call, on the calling goroutine; every C object is freed exactly once before it returns.
// Cancellation goes through ctx: a context that ends interrupts FFmpeg's I/O (through the format
// context's interrupt callback) and stops decode loops between packets. The same callback holds
// a read budget: a file that goes 64 MiB without a packet (a download padded with zeros,
// damage a demuxer scans through) ends at once with an *IncompleteError, and what was read
// before it is kept. Only regular files are opened: a pipe would block FFmpeg's open.
//
// Times: every time it returns counts from the film's first video frame (the video stream's
// first timestamp), so scenes, frames, keyframes and subtitle cues line up whatever offsets a
// muxer added.
//
// What it offers:
//   - Probe: container, duration, streams, chapters, tags.
//   - FrameAt / Reader: an RGBA picture at an exact time, at a requested size, into reused buffers.
//   - Keyframes / KeyframeAt: thumbnails from keyframes only, decoding nothing else.
//   - DetectScenes: content-based cuts (package scenecut) with a thumbnail per scene.
//   - TextSubtitles: the cues of an embedded text subtitle track.
//   - OpenPlayback: a film opened for playing (player.Media): a demuxer goroutine with packet
//     queues that it fills in bursts, a video decoder goroutine that scales each picture into a
//     ring of RGBA buffers at the view's exact size (YUV resize then a same-size RGBA
//     conversion, both SIMD, straight into Go memory), and an audio decoder goroutine with an
//     abuffer → atempo → aresample → aformat graph into the sound device's format (go-astiav
//     v0.16.0 has no swresample wrapper). Decoders are flushed after a seek, not reopened.
//   - Encode: synthetic films (libx264 + AAC) with known scenes, a tone and sync markers, for the
//     demo library, tests and benchmarks.
package ffmpeg
