package index

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/regularfile"
)

// Prober reads a film's container and streams. player/ffmpeg provides it.
type Prober interface {
	Probe(ctx context.Context, path string) (player.MediaInfo, error)
}

// Phase is a stage of a scan.
type Phase string

// The phases of a scan, in order.
const (
	PhaseWalking  Phase = "walking"  // finding files
	PhaseReading  Phase = "reading"  // probing new and changed films
	PhaseRemoving Phase = "removing" // marking films whose files are gone
)

// Progress is how far a scan has got.
type Progress struct {
	Phase    Phase
	Done     int
	Total    int // 0 while walking
	Path     string
	Warnings int
}

// ScanStats says what a scan found.
type ScanStats struct {
	Found     int // films present now
	New       int
	Changed   int
	Moved     int // same content under a new path: history kept
	Removed   int
	Unchanged int
	Warnings  []Warning
	Took      time.Duration
}

// ErrScanning is returned when a scan is asked for while one is running.
var ErrScanning = errors.New("a scan is already running")

// TextTracks reads an embedded text subtitle track as plain cues. player/ffmpeg provides it.
type TextTracks interface {
	TextCues(ctx context.Context, path string, stream int) ([]subtitle.Cue, error)
}

// Indexer is told about every film the scanner writes or removes (the search index), with
// the number of lines the film had before.
type Indexer interface {
	IndexFilm(f store.Film, cues []store.Cue, previous int) error
	RemoveFilm(id string, previous int) error
	Flush() error
}

// Scanner keeps the store in step with the films under the library folders.
type Scanner struct {
	Store  *store.Store
	Prober Prober
	Tracks TextTracks // optional: embedded subtitle tracks are skipped without it
	Index  Indexer    // optional
	mu     sync.Mutex
}

type candidate struct {
	path  string
	info  fs.FileInfo
	stamp string // its folder's sidecar stamp (sidecarStamp)
}

// Scan walks the roots and updates the store: new films are probed and added, changed ones
// probed again, moved ones keep their record (found by content hash), vanished ones are marked
// removed with their user data kept. Unchanged files (same path, size and modification time)
// are not opened. Per-file problems become warnings; only cancellation or a store failure
// stops the scan. One scan runs at a time.
func (sc *Scanner) Scan(ctx context.Context, roots []string, report func(Progress)) (ScanStats, error) {
	if !sc.mu.TryLock() {
		return ScanStats{}, ErrScanning
	}
	defer sc.mu.Unlock()
	if report == nil {
		report = func(Progress) {}
	}
	start := time.Now()
	endBulk := sc.Store.Bulk()
	defer endBulk()
	if sc.Index != nil {
		defer sc.Index.Flush()
	}
	var st ScanStats
	warn := func(path, reason string) { st.Warnings = append(st.Warnings, Warning{Path: path, Reason: reason}) }

	var found []candidate
	resolved := resolveRoots(roots)
	seenDirs := map[[2]uint64]bool{} // across roots: a folder reached from two is read once
	for _, root := range roots {
		abs, err := filepath.Abs(root)
		if err != nil {
			warn(root, err.Error())
			continue
		}
		w := walker{ctx: ctx, roots: resolved, seen: seenDirs, warn: warn, visit: func(p string, info fs.FileInfo, stamp string) {
			found = append(found, candidate{p, info, stamp})
			if len(found)%64 == 0 {
				report(Progress{Phase: PhaseWalking, Done: len(found), Path: p, Warnings: len(st.Warnings)})
			}
		}}
		w.walk(abs, 0)
		if err := ctx.Err(); err != nil {
			return st, err
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].path < found[j].path })

	seen := map[string]bool{}
	for i, c := range found {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		report(Progress{Phase: PhaseReading, Done: i, Total: len(found), Path: c.path, Warnings: len(st.Warnings)})
		id, err := sc.update(ctx, c, &st, warn)
		if err != nil {
			return st, err
		}
		if id != "" {
			seen[id] = true
		}
	}
	st.Found = len(seen)

	all, err := sc.Store.Films(false)
	if err != nil {
		return st, err
	}
	for i, f := range all {
		if seen[f.ID] || !UnderRoots(f.Path, roots) {
			continue
		}
		report(Progress{Phase: PhaseRemoving, Done: i, Total: len(all), Path: f.Path, Warnings: len(st.Warnings)})
		f.Removed = true
		if err := sc.Store.PutFilm(f); err != nil {
			return st, err
		}
		if sc.Index != nil {
			old, err := sc.Store.Cues(f.ID)
			if err != nil {
				return st, err
			}
			if err := sc.Index.RemoveFilm(f.ID, len(old)); err != nil {
				return st, err
			}
		}
		st.Removed++
	}
	if sc.Index != nil {
		if err := sc.Index.Flush(); err != nil { // counted in Took: the scan is done when it is searchable
			return st, err
		}
	}
	st.Took = time.Since(start)
	return st, nil
}

// update brings one file's record up to date and returns its film id ("" when the file was
// skipped).
func (sc *Scanner) update(ctx context.Context, c candidate, st *ScanStats, warn func(string, string)) (string, error) {
	old, known, err := sc.Store.FilmByPath(c.path)
	if err != nil {
		return "", err
	}
	if known && !old.Removed && old.Size == c.info.Size() && old.ModTime.Equal(c.info.ModTime()) {
		switch old.Sidecars {
		case c.stamp:
			st.Unchanged++
			if old.NameRules < NameRules {
				return old.ID, sc.retitle(old)
			}
			return old.ID, nil
		case "":
			// Stored before stamps were kept: the stamp is taken as it is, without reading
			// every film of an upgraded library again.
			old.Sidecars = c.stamp
			st.Unchanged++
			if old.NameRules < NameRules {
				return old.ID, sc.retitle(old)
			}
			return old.ID, sc.Store.PutFilm(old)
		}
		// The film is the same but a subtitle, .nfo or poster beside it came, went or changed:
		// it is read again (its id and the user's data kept).
	}
	if c.info.Size() == 0 {
		warn(c.path, "the file is empty (0 bytes): skipped")
		return "", nil
	}
	hash, err := partialHash(c.path)
	if err != nil {
		warn(c.path, "cannot read: "+regularfile.Reason(err))
		return "", nil
	}
	f := store.Film{ID: store.NewID(), AddedAt: time.Now().UTC()}
	sameContent := false // the id kept is of a record of this very content: its read pictures stand
	switch {
	case known:
		f.ID, f.AddedAt = old.ID, old.AddedAt
		sameContent = old.Hash == hash
		if old.Removed && old.Hash == hash {
			st.Moved++ // it came back
		} else {
			st.Changed++
		}
	default:
		if prev, ok, err := sc.Store.FilmByHash(hash); err != nil {
			return "", err
		} else if ok && (prev.Removed || !exists(prev.Path) || sameFile(prev.Path, c.info)) {
			// Moved or renamed, or the same file found by another path (a folder link Reel
			// used to follow, now read where it is): keep its history.
			f.ID, f.AddedAt = prev.ID, prev.AddedAt
			sameContent = true
			st.Moved++
		} else {
			st.New++
		}
	}
	f.Path, f.Size, f.ModTime, f.Hash, f.Sidecars = c.path, c.info.Size(), c.info.ModTime(), hash, c.stamp
	filmWarn := func(path, reason string) {
		st.Warnings = append(st.Warnings, Warning{Path: path, Reason: reason, Film: c.path})
	}
	describe(ctx, &f, sc.Prober, filmWarn)
	cues := sc.readCues(ctx, &f, filmWarn)
	if err := ctx.Err(); err != nil {
		// Cut short mid-film (the probe saw a cancelled context, not a broken file): nothing
		// is written, so the next scan reads this film again.
		return "", err
	}
	oldCues, err := sc.Store.Cues(f.ID)
	if err != nil {
		return "", err
	}
	if sameContent {
		cues = append(cues, pictureLines(f, oldCues)...)
	}
	if err := sc.Store.PutCues(f.ID, cues); err != nil {
		return "", err
	}
	if err := sc.Store.PutFilm(f); err != nil {
		return "", err
	}
	if sc.Index != nil {
		if err := sc.Index.IndexFilm(f, cues, len(oldCues)); err != nil {
			return "", err
		}
	}
	return f.ID, nil
}

// retitle reads an unchanged film's title, year and edition from its name again, once, after
// the naming rules changed (an upgrade of Reel), unless its .nfo gives them; the search index
// follows. The film itself is not opened.
func (sc *Scanner) retitle(f store.Film) error {
	f.NameRules = NameRules
	title, year, edition := TitleFromName(f.Path)
	if n, _, err := readNFO(f.Path); err == nil {
		if n.Title != "" {
			title = n.Title
		}
		if n.Year > 0 {
			year = n.Year
		}
	}
	if title == "" {
		title = f.Title // it came from the film's own tags
	}
	changed := title != f.Title || year != f.Year || edition != f.Edition
	f.Title, f.Year, f.Edition = title, year, edition
	if err := sc.Store.PutFilm(f); err != nil {
		return err
	}
	if !changed || sc.Index == nil {
		return nil
	}
	cues, err := sc.Store.Cues(f.ID)
	if err != nil {
		return err
	}
	return sc.Index.IndexFilm(f, cues, len(cues))
}

// readCues reads the dialogue of every text subtitle track a film has. An unreadable track is
// a warning; the others still count.
func (sc *Scanner) readCues(ctx context.Context, f *store.Film, warn func(string, string)) []store.Cue {
	// Each warning is the scan's, and the film's (shown on its page and in the window's list of
	// problems on every start, not only the scan that found it).
	scanWarn := warn
	warn = func(path, reason string) { warnFilm(f, path, reason, scanWarn) }
	var out []store.Cue
	for _, s := range f.Subtitles {
		var cues []subtitle.Cue
		switch {
		case s.Path != "":
			tr, err := subtitle.ReadFile(s.Path, s.Format, s.Language)
			if err != nil {
				warn(s.Path, "subtitles skipped: "+err.Error())
				continue
			}
			if tr.Cut != "" {
				warn(s.Path, "subtitles cut: "+tr.Cut)
			}
			if n := len(tr.Warnings) + tr.More; n > 0 {
				w := tr.Warnings[0]
				more := ""
				if n > 1 {
					more = fmt.Sprintf(" (and %d more)", n-1)
				}
				warn(s.Path, fmt.Sprintf("subtitles partly read: line %d: %s%s", w.Line, w.Reason, more))
			}
			cues = tr.Cues
		case s.Bitmap || sc.Tracks == nil:
			continue
		default:
			var err error
			if cues, err = sc.Tracks.TextCues(ctx, f.Path, s.Stream); err != nil {
				warn(f.Path, fmt.Sprintf("subtitle track %d skipped: %v", s.Stream, err))
				continue
			}
		}
		track := s.Path
		if track == "" {
			track = fmt.Sprintf("#%d", s.Stream)
		}
		for _, c := range cues {
			out = append(out, store.Cue{Lang: s.Language, Track: track, Start: c.Start, End: c.End, Text: c.Text})
		}
	}
	return out
}

// pictureLines are the lines the background analysis read from the film's picture subtitle
// tracks: a film read again for a change beside it (a new .srt), or moved, keeps them, as its
// analysis (of the same content) does not read those tracks again.
func pictureLines(f store.Film, cues []store.Cue) []store.Cue {
	pictures := map[string]bool{}
	for _, s := range f.Subtitles {
		if s.Bitmap && s.Path == "" {
			pictures[fmt.Sprintf("#%d", s.Stream)] = true
		}
	}
	var out []store.Cue
	for _, c := range cues {
		if pictures[c.Track] {
			out = append(out, c)
		}
	}
	return out
}

// warnFilm is a warning of the scan's that is also the film's; one about another file (a
// sidecar) names it.
func warnFilm(f *store.Film, path, reason string, warn func(string, string)) {
	warn(path, reason)
	if path != f.Path {
		reason = filepath.Base(path) + ": " + reason
	}
	f.Warnings = append(f.Warnings, reason)
}

// describe fills a film's metadata from its name, its .nfo, its subtitle files and the probe.
func describe(ctx context.Context, f *store.Film, prober Prober, warn func(string, string)) {
	f.Title, f.Year, f.Edition = TitleFromName(f.Path)
	f.NameRules = NameRules
	n, cut, err := readNFO(f.Path)
	if cut != "" {
		msg := "nfo cut: " + cut
		warnFilm(f, f.Path, msg, warn)
	}
	if err == nil {
		if n.Title != "" {
			f.Title = n.Title
		}
		if n.Year > 0 {
			f.Year = n.Year
		}
		f.OriginalTitle, f.Plot, f.Tagline, f.Set = n.OriginalTitle, n.Plot, n.Tagline, n.Set
		f.Genres, f.Tags, f.Directors, f.Writers, f.Rating = n.Genres, n.Tags, n.Directors, n.Writers, n.Rating
		f.Votes, f.Top250 = n.Votes, n.Top250
		for _, a := range n.Actors {
			f.Cast = append(f.Cast, store.Person{Name: a.Name, Role: a.Role})
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		msg := "nfo skipped: " + err.Error()
		warnFilm(f, f.Path, msg, warn)
	}
	if art, reason := CheckArtwork(f.Path); reason != "" {
		msg := fmt.Sprintf("artwork %s not used: %s", filepath.Base(art), reason)
		warnFilm(f, f.Path, msg, warn)
	}
	for _, s := range Sidecars(f.Path) {
		f.Subtitles = append(f.Subtitles, store.Subtitle{Path: s.Path, Language: s.Language, Format: s.Format, Forced: s.Forced})
	}
	info, err := prober.Probe(ctx, f.Path)
	if err != nil {
		msg := "not playable: " + regularfile.Reason(err) // a system error in plain words
		warnFilm(f, f.Path, msg, warn)
		return
	}
	f.Duration, f.Container = info.Duration, info.Container
	if v, ok := info.Video(); ok {
		f.Width, f.Height = v.DisplaySize()
		f.VideoCodec = v.Codec
	} else {
		msg := "no video stream"
		warnFilm(f, f.Path, msg, warn)
	}
	if info.Title != "" && f.Title == "" {
		f.Title = info.Title
	}
	for _, s := range info.Streams {
		switch s.Type {
		case player.StreamAudio:
			f.AudioLangs = append(f.AudioLangs, s.Language)
		case player.StreamSubtitle:
			f.Subtitles = append(f.Subtitles, store.Subtitle{Stream: s.Index, Language: s.Language, Format: s.Codec, Bitmap: s.Bitmap})
		}
	}
}

// partialHash identifies a file's content cheaply: its size and its first and last 64 KiB.
func partialHash(path string) (string, error) {
	f, info, err := regularfile.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	size := info.Size()
	h := sha256.New()
	binary.Write(h, binary.LittleEndian, size)
	const chunk = 64 << 10
	if _, err := io.CopyN(h, f, chunk); err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read: %w", err)
	}
	if size > 2*chunk {
		if _, err := f.Seek(size-chunk, io.SeekStart); err != nil {
			return "", err
		}
		if _, err := io.CopyN(h, f, chunk); err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// UnderRoots reports whether path is one of the roots or inside one.
func UnderRoots(path string, roots []string) bool {
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if path == abs || strings.HasPrefix(path, abs+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// walker finds film files. It follows links to files, not to folders (see walk), skips hidden
// names, and reports what it cannot read.
type walker struct {
	ctx   context.Context
	roots []string           // the library folders, links resolved: a folder link is followed only into them
	seen  map[[2]uint64]bool // device and inode of the folders entered
	warn  func(path, reason string)
	visit func(path string, info fs.FileInfo, stamp string)
}

const maxDepth = 64

func (w *walker) walk(dir string, depth int) {
	if w.ctx.Err() != nil {
		return
	}
	info, err := os.Stat(dir)
	if err != nil {
		w.warn(dir, "cannot open folder: "+regularfile.Reason(err))
		return
	}
	if key, ok := fileKey(info); ok {
		if w.seen[key] {
			return // a link loop, or a folder reached twice
		}
		w.seen[key] = true
	}
	if depth > maxDepth {
		w.warn(dir, "folders nested too deep")
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.warn(dir, "cannot read folder: "+regularfile.Reason(err))
		return
	}
	stamp, stamped := "", false // taken when the folder turns out to hold a film
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		if !utf8.ValidString(name) {
			w.warn(p, "file name is not valid UTF-8 (shown with replacement characters)")
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := os.Stat(p)
			if err != nil {
				if IsVideo(name) {
					w.warn(p, "broken link: "+err.Error())
				}
				continue
			}
			isDir = target.IsDir()
			if isDir {
				// A folder link is not followed: inside the library folders its target is read
				// where it is (so its films keep one path, whatever the order of the folders),
				// and outside them it is not the user's library.
				real, _ := filepath.EvalSymlinks(p)
				rel, in := w.inside(p)
				switch {
				case !in:
					w.warn(p, fmt.Sprintf("a link to a folder outside the library folders (%s): not followed; add that folder to the library to include it", real))
				case hidden(rel):
					// Inside, but where the walk does not go: say so rather than lose it.
					w.warn(p, fmt.Sprintf("a link to a hidden folder (%s): not read (Reel skips folders whose names start with a dot); rename the folder to include it", real))
				}
				continue
			}
		}
		if isDir {
			w.walk(p, depth+1)
			continue
		}
		if !IsVideo(name) {
			continue
		}
		info, err := os.Stat(p)
		if err == nil {
			err = regularfile.Check(info)
		}
		if err != nil {
			w.warn(p, regularfile.Reason(err))
			continue
		}
		// Not opened here: a rescan must not touch unchanged files. A new or changed one is read
		// for its hash, which reports it if it cannot be read.
		if !stamped {
			stamp, stamped = sidecarStamp(dir, entries), true
		}
		w.visit(p, info, stamp)
	}
}

// hidden reports whether a path goes through a folder whose name starts with a dot.
func hidden(path string) bool {
	for _, part := range strings.Split(filepath.ToSlash(path), "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	return false
}

// sameFile reports whether path is the file info describes (through a link, say).
func sameFile(path string, info fs.FileInfo) bool {
	other, err := os.Stat(path)
	return err == nil && os.SameFile(other, info)
}

// inside reports whether a folder link leads into one of the library folders.
// It returns the link's target relative to that folder ("" when it is outside).
func (w *walker) inside(link string) (rel string, ok bool) {
	real, err := filepath.EvalSymlinks(link)
	if err != nil {
		return "", false
	}
	for _, r := range w.roots {
		if real == r || strings.HasPrefix(real, r+string(filepath.Separator)) || r == string(filepath.Separator) {
			rel, _ := filepath.Rel(r, real)
			return rel, true
		}
	}
	return "", false
}

// resolveRoots is the library folders as absolute paths with their links resolved.
func resolveRoots(roots []string) []string {
	var out []string
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		out = append(out, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
			out = append(out, real)
		}
	}
	return out
}

func fileKey(info fs.FileInfo) ([2]uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return [2]uint64{}, false
	}
	return [2]uint64{uint64(st.Dev), st.Ino}, true
}

// sidecarExts are the endings of the files Reel reads beside a film: subtitles, .nfo, artwork.
var sidecarExts = map[string]bool{".srt": true, ".ass": true, ".ssa": true, ".vtt": true, ".sub": true, ".idx": true,
	".nfo": true, ".jpg": true, ".jpeg": true, ".png": true, ".webp": true}

// sidecarStamp sums up the files beside the films of a folder that Reel reads with them (their
// names, sizes and times) and the subtitle folders in it (their times change when a file comes
// or goes): from the listing the walk already has, with one stat per such file, so a rescan
// notices a subtitle downloaded for a film it already knows.
func sidecarStamp(dir string, entries []fs.DirEntry) string {
	h := fnv.New64a()
	n := 0
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		sub := e.IsDir() && (lower == "subs" || lower == "subtitles")
		if !sub && (e.IsDir() || !sidecarExts[filepath.Ext(lower)]) {
			continue
		}
		var size int64
		var mod int64
		if info, err := e.Info(); err == nil {
			size, mod = info.Size(), info.ModTime().UnixNano()
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", name, size, mod)
		n++
	}
	return fmt.Sprintf("%d:%x", n, h.Sum64())
}
