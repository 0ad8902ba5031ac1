package sentiment

import (
	"path/filepath"
	"testing"

	"github.com/jonreiter/govader"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/sharedtest"
)

// BenchmarkLongFilm scores every line of two whole films' dialogue (Charade, His Girl Friday),
// Reel against VADER (govader) on the same lines, and the F1 of each on the shipped rated
// review sentences: µs a line, and the ratio of Reel's time to VADER's.
func BenchmarkLongFilm(b *testing.B) {
	dir := sharedtest.Path(b, "subtitles/long-films")
	var lines []string
	for _, name := range []string{"charade-1963-en.srt", "his-girl-friday-1940-en.srt"} {
		tr, err := subtitle.ReadFile(filepath.Join(dir, name), "srt", "en")
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range tr.Cues {
			lines = append(lines, c.Text)
		}
	}
	vader := govader.NewSentimentIntensityAnalyzer()
	var reelNs, vaderNs float64
	b.StopTimer()
	b.ResetTimer()
	for range b.N {
		b.StartTimer()
		for _, l := range lines {
			English(l)
		}
		b.StopTimer()
		reelNs += float64(b.Elapsed().Nanoseconds())
		b.ResetTimer()
		b.StartTimer()
		for _, l := range lines {
			vader.PolarityScores(l)
		}
		b.StopTimer()
		vaderNs += float64(b.Elapsed().Nanoseconds())
		b.ResetTimer()
	}
	n := float64(b.N * len(lines))
	b.ReportMetric(float64(len(lines)), "lines")
	b.ReportMetric(reelNs/n/1e3, "reel-µs/line")
	b.ReportMetric(vaderNs/n/1e3, "vader-µs/line")
	b.ReportMetric(reelNs/vaderNs, "reel/vader")
	b.ReportMetric(0, "ns/op")
	sets := ratedSets(b)
	var all []rated
	for _, s := range sets {
		all = append(all, s...)
	}
	b.ReportMetric(measure(all, func(s string) float64 { return English(s).Compound }).f1, "reel-F1")
	b.ReportMetric(measure(all, func(s string) float64 { return vader.PolarityScores(s).Compound }).f1, "vader-F1")
}
