package player

import "time"

// Scene is a stretch of a film between two cuts.
type Scene struct {
	Index      int
	Start, End time.Duration
	StartFrame int64  // index of the scene's first frame in decode order of presentation
	Thumb      string // path of the representative thumbnail, "" when none was written
	ThumbAt    time.Duration
	Black      bool // the shot comes out of black (a fade in, or a cut from a black screen)
}

// Keyframe is a thumbnail taken from one of the film's keyframes.
type Keyframe struct {
	Time time.Duration
	Path string // the JPEG written for it
}
