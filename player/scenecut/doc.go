// Package scenecut finds hard cuts in a stream of small frames and picks a representative frame
// for each scene. It is pure Go and knows nothing about codecs: player/ffmpeg decodes, downscales
// to at most 256 pixels wide, and pushes planar YUV frames in presentation order.
//
// The method follows PySceneDetect's ContentDetector and AdaptiveDetector: the content change
// between consecutive frames is the mean absolute difference of their luma and chroma planes; a
// frame is a cut when its change passes an absolute threshold and stands out from the changes
// of its neighbours (so fast motion is not a cut), when the new picture persists for a few
// frames (so a flash or a single corrupt frame is not a cut), and when the previous scene has
// lasted the minimum length. A change under twice the threshold must also move the picture's
// luma and chroma histograms: on starved encodes, a keyframe that replaces a blocky picture with
// a clean one changes many pixels a little but keeps the histogram (measured on the Popeye
// clips, where all six such frames fell under 20 and every real cut scored over 36). Fades and dissolves change the picture a little on every frame, so
// they never stand out from their neighbours and never make a cut.
package scenecut
