package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player/ffmpeg"
	"github.com/reel-app/reel/player/ffmpeg/ffmpegtest"
)

// benchLibrary lays out n films under dir: copies of one short generated clip (2 s, 160×90,
// with sound), each made its own file by a free box at its end holding its number (a hard
// link would be the same file, found by another path: one film), with an .nfo and an .en.srt
// of 20 lines when full is set.
func benchLibrary(b *testing.B, dir string, n int, full bool) []string {
	b.Helper()
	master := filepath.Join(dir, ".master.mp4")
	if err := ffmpeg.Encode(context.Background(), master, ffmpeg.FilmSpec{Width: 160, Height: 90, FPS: 10, Threads: 1,
		Scenes: []ffmpeg.SceneSpec{{Duration: time.Second, Seed: 1}, {Duration: time.Second, Seed: 2}}}); err != nil {
		b.Fatal(err)
	}
	clip, err := os.ReadFile(master)
	if err != nil {
		b.Fatal(err)
	}
	var paths []string
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Film Number %05d (%d)", i, 1950+i%70)
		d := filepath.Join(dir, name[:len("Film Number 0")], name)
		os.MkdirAll(d, 0o755)
		p := filepath.Join(d, name+".mp4")
		free := binary.BigEndian.AppendUint32(nil, 16)
		free = binary.BigEndian.AppendUint64(append(free, "free"...), uint64(i))
		if err := os.WriteFile(p, append(clip[:len(clip):len(clip)], free...), 0o644); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, p)
		if full {
			os.WriteFile(filepath.Join(d, name+".nfo"), []byte(fmt.Sprintf(
				"<movie><title>Film Number %05d</title><year>%d</year><genre>Drama</genre><director>Director %d</director><plot>A story about number %d.</plot></movie>",
				i, 1950+i%70, i%300, i)), 0o644)
			var srt strings.Builder
			for c := 0; c < 20; c++ {
				fmt.Fprintf(&srt, "%d\n00:00:%02d,000 --> 00:00:%02d,500\nLine %d of film %d.\n\n", c+1, c, c, c, i)
			}
			os.WriteFile(filepath.Join(d, name+".en.srt"), []byte(srt.String()), 0o644)
		}
	}
	return paths
}

func scanInto(b *testing.B, data string, root string) index.ScanStats {
	b.Helper()
	st, err := store.Open(filepath.Join(data, "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	idx, err := search.Open(context.Background(), filepath.Join(data, "search"), st)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	stats, err := (&index.Scanner{Store: st, Prober: core.FFmpegProber{}, Tracks: core.FFmpegTracks{}, Index: idx}).Scan(context.Background(), []string{root}, nil)
	if err != nil {
		b.Fatal(err)
	}
	gen, _ := st.Generation()
	idx.Checkpoint(gen)
	return stats
}

// A first scan of 2,000 films with .nfo and .srt, against a shell loop running ffprobe on each
// file (the same input, the same run).
func BenchmarkColdScan2000(b *testing.B) {
	if _, err := exec.LookPath("ffprobe"); err != nil {
		b.Skip("ffprobe is not installed (scripts/setup --test installs it)")
	}
	lib := b.TempDir()
	paths := benchLibrary(b, lib, 2000, true)
	list := filepath.Join(b.TempDir(), "files.txt")
	os.WriteFile(list, []byte(strings.Join(paths, "\n")+"\n"), 0o644)
	start := time.Now()
	cmd := exec.Command("bash", "-c", `while IFS= read -r f; do ffprobe -v error -show_format -show_streams "$f" >/dev/null; done < "$1"`, "loop", list)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("ffprobe loop: %v %s", err, out)
	}
	ref := time.Since(start)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := b.TempDir()
		if st := scanInto(b, data, lib); st.Found != 2000 || st.New != 2000 {
			b.Fatalf("scan: %+v", st)
		}
	}
	b.StopTimer()
	ours := b.Elapsed() / time.Duration(b.N)
	b.ReportMetric(float64(ref)/float64(ours), "x-faster-than-ffprobe-loop")
	b.ReportMetric(ref.Seconds(), "ffprobe-loop-s")
	b.ReportMetric(2000/ours.Seconds(), "films/s")
}

// A rescan of 10,000 unchanged files.
func BenchmarkRescan10000(b *testing.B) {
	lib, data := b.TempDir(), b.TempDir()
	benchLibrary(b, lib, 10000, false)
	if st := scanInto(b, data, lib); st.Found != 10000 {
		b.Fatalf("first scan: %+v", st)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if st := scanInto(b, data, lib); st.Unchanged != 10000 {
			b.Fatalf("rescan: %+v", st)
		}
	}
}

// vocabulary is a deterministic list of n made-up words, each a few syllables long.
func vocabulary(n int) []string {
	cons, vows := "bcdfghjklmnprstvwz", "aeiou"
	rng := rand.New(rand.NewSource(11))
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		var w strings.Builder
		for s := 0; s < 2+rng.Intn(2); s++ {
			w.WriteByte(cons[rng.Intn(len(cons))])
			w.WriteByte(vows[rng.Intn(len(vows))])
		}
		if !seen[w.String()] {
			seen[w.String()] = true
			out = append(out, w.String())
		}
	}
	return out
}

// searchBenchDir builds, once per machine, a store and index of 10,000 films and 1,000,000
// lines of dialogue in the user cache. Words follow Zipf's law over a 5,100-word vocabulary,
// as the words of real dialogue do; the 100 most frequent are English's stop words ("the",
// "you", "I"), which the analyzer drops, so they are left out here.
func searchBenchDir(b *testing.B) (string, []string) {
	b.Helper()
	words := vocabulary(5000)
	cache, _ := os.UserCacheDir()
	dir := filepath.Join(cache, "reel-bench", fmt.Sprintf("search-10k-1m-zipf-stop-v%d", search.MappingVersion))
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir, words
	}
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	st, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewSource(7))
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(words)+100-1))
	phrase := func(n int) string {
		w := make([]string, 0, n)
		for len(w) < n {
			if r := zipf.Uint64(); r >= 100 { // ranks 0–99 are stop words
				w = append(w, words[r-100])
			}
		}
		return strings.Join(w, " ")
	}
	end := st.Bulk()
	for i := 0; i < 10000; i++ {
		id := fmt.Sprintf("f%05d", i)
		title := strings.Title(phrase(2 + rng.Intn(3)))
		st.PutFilm(store.Film{ID: id, Path: "/films/" + id + ".mkv", Title: title, Year: 1930 + rng.Intn(95),
			Genres: []string{"Drama"}, Plot: phrase(30), Directors: []string{"Director " + phrase(1)}})
		cues := make([]store.Cue, 100)
		for c := range cues {
			cues[c] = store.Cue{Lang: "en", Start: time.Duration(c) * 30 * time.Second, End: time.Duration(c)*30*time.Second + 3*time.Second, Text: phrase(8)}
		}
		st.PutCues(id, cues)
	}
	end()
	idx, err := search.Rebuild(context.Background(), filepath.Join(dir, "search"), st)
	if err != nil {
		b.Fatal(err)
	}
	idx.Close()
	st.Close()
	os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
	return dir, words
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// Search latency over 10,000 films and 1,000,000 lines: p50 and p99 per kind of query.
func BenchmarkSearch10kFilms1MLines(b *testing.B) {
	dir, words := searchBenchDir(b)
	st, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	idx, err := search.Open(context.Background(), filepath.Join(dir, "search"), st)
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	// Queries as people type them: real titles from the library, the start of a title word,
	// a title word with two letters swapped, and two or three words of dialogue of middling
	// frequency (ranks 50 to 2,000).
	kinds := map[string][]string{}
	for i := 0; i < 20; i++ {
		f, _, _ := st.Film(fmt.Sprintf("f%05d", i*487))
		kinds["title"] = append(kinds["title"], f.Title)
		w := strings.Fields(strings.ToLower(f.Title))[0]
		kinds["prefix"] = append(kinds["prefix"], w[:min(len(w), 3)])
		if len(w) >= 4 {
			r := []rune(w)
			r[1], r[2] = r[2], r[1]
			kinds["fuzzy"] = append(kinds["fuzzy"], string(r))
		}
		kinds["dialogue"] = append(kinds["dialogue"], words[50+i*37]+" "+words[200+i*83])
	}
	indexSize := dirSize(filepath.Join(dir, "search"))
	// One untimed pass first: the index's files are then in memory, as they are after a user's
	// first keystroke.
	for _, qs := range kinds {
		for _, q := range qs {
			idx.Search(context.Background(), search.Query{Text: q, Limit: 20})
		}
	}
	for _, kind := range []string{"title", "prefix", "fuzzy", "dialogue"} {
		qs := kinds[kind]
		b.Run(kind, func(b *testing.B) {
			var lat []time.Duration
			for i := 0; i < b.N; i++ {
				for j := 0; j < 200; j++ { // 200 timed queries per run, for the percentiles
					start := time.Now()
					if _, err := idx.Search(context.Background(), search.Query{Text: qs[j%len(qs)], Limit: 20}); err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(indexSize)/(1<<20), "index-MiB")
			b.ReportMetric(float64(ffmpegtest.RSS())/(1<<20), "rss-MiB")
		})
	}
}

// The peak memory of a first scan against the number of lines of dialogue: films of 2,500
// lines (a long feature's subtitles), 40 of them (100,000 lines) and 400 (1,000,000), each
// scanned by a reel process of its own so its peak resident memory (VmHWM, from the kernel's
// rusage) is the scan's alone. The goal is 300 MiB whatever the size: memory that does not
// grow with the library.
func BenchmarkScanMemory(b *testing.B) {
	words := vocabulary(5000)
	for _, films := range []int{40, 400} {
		lines := films * 2500
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			lib := b.TempDir()
			paths := benchLibrary(b, lib, films, false)
			rng := rand.New(rand.NewSource(int64(films)))
			zipf := rand.NewZipf(rng, 1.1, 1, uint64(len(words)-1))
			for _, p := range paths {
				var srt strings.Builder
				for c := 0; c < 2500; c++ {
					s := c * 2
					fmt.Fprintf(&srt, "%d\n%02d:%02d:%02d,000 --> %02d:%02d:%02d,900\n", c+1, s/3600, s/60%60, s%60, s/3600, s/60%60, s%60)
					for w := 0; w < 8; w++ {
						srt.WriteString(words[100+int(zipf.Uint64())%(len(words)-100)] + " ")
					}
					srt.WriteString("\n\n")
				}
				os.WriteFile(strings.TrimSuffix(p, ".mp4")+".en.srt", []byte(srt.String()), 0o644)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				data := b.TempDir()
				cmd := exec.Command(os.Args[0], "--data", data, "scan", lib)
				cmd.Env = append(os.Environ(), "REEL_TEST_MAIN=1")
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d films", films)) {
					b.Fatalf("reel scan: %v\n%s", err, out)
				}
				peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
				b.ReportMetric(float64(peak)/(1<<20), "peak-rss-MiB")
				b.ReportMetric(float64(lines), "lines")
				b.ReportMetric(300/(float64(peak)/(1<<20)), "x-under-goal")
			}
			b.StopTimer()
			b.ReportMetric(float64(lines)/(b.Elapsed().Seconds()/float64(b.N)), "lines/s")
		})
	}
}
