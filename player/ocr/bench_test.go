package ocr_test

import (
	"testing"
	"time"

	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
	"github.com/reel-app/reel/player/ocr"
)

// BenchmarkOCR reads the Popeye clips' picture tracks (decode and Tesseract) and reports the
// character error rate against their .srt files and the time per picture: a feature's 1,500
// pictures take 1,500 times that, in the background analysis.
func BenchmarkOCR(b *testing.B) {
	for _, name := range []string{"popeye-part2-hevc-pgs", "popeye-part3-hevc-vobsub"} {
		b.Run(name, func(b *testing.B) {
			video := ffmpegtest.SharedMedia(b, "real/"+name+".mkv")
			want := written(b, ffmpegtest.SharedMedia(b, "real/"+name+".en.srt"))
			var sc ocr.Score
			var n int
			start := time.Now()
			for i := 0; i < b.N; i++ {
				read := readTrack(b, video, 1, "eng")
				n += len(read)
				sc = ocr.CharErrorRate(read, want)
			}
			b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(max(n, 1)), "ms/picture")
			b.ReportMetric(100*sc.CER, "CER_%")
			b.ReportMetric(100*sc.ShownCER, "CER_shown_%")
			b.ReportMetric(float64(sc.Missed), "lines_without_picture")
		})
	}
}
