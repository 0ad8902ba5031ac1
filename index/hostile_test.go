package index

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reel-app/reel/index/indextest"
	"github.com/reel-app/reel/index/nfo"
	"github.com/reel-app/reel/index/subtitle"
)

// pngHeader is a PNG file that claims w×h pixels and holds none: a decompression bomb's
// header, which is all a picture's size check may read.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IEND", nil)
	return b.Bytes()
}

// A library folder holding what users' folders hold besides films: named pipes and devices
// under films' and sidecars' names, links out of the library, a decompression bomb as a poster,
// oversized .nfo and subtitle files. The scan ends, lists the good films, and says of each bad
// thing what it is.
func TestScanHostileFiles(t *testing.T) {
	lib := indextest.New(t)
	outside := t.TempDir()
	fifo := func(rel string) {
		p := filepath.Join(lib.Root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make a named pipe here: %v", err)
		}
	}
	link := func(target, rel string) {
		p := filepath.Join(lib.Root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	lib.Film("Pipe Nfo (2008)/Pipe Nfo (2008).mkv")
	fifo("Pipe Nfo (2008)/Pipe Nfo (2008).nfo")
	lib.Film("Pipe Srt (2017)/Pipe Srt (2017).mkv")
	fifo("Pipe Srt (2017)/Pipe Srt (2017).en.srt")
	fifo("Pipe Film (2001).mkv")
	lib.Film("Zero Srt (2003)/Zero Srt (2003).mkv")
	link("/dev/zero", "Zero Srt (2003)/Zero Srt (2003).en.srt")
	link("/dev/zero", "Zero Film (2004).mkv")
	lib.Film("Bomb (2005)/Bomb (2005).mkv")
	lib.Write("Bomb (2005)/poster.jpg", string(pngHeader(30000, 30000)))
	lib.Film("Folder Nfo (2006)/Folder Nfo (2006).mkv")
	os.MkdirAll(filepath.Join(lib.Root, "Folder Nfo (2006)", "Folder Nfo (2006).nfo"), 0o755)
	lib.Film("Big Nfo (2007)/Big Nfo (2007).mkv")
	lib.Write("Big Nfo (2007)/Big Nfo (2007).nfo", "<movie><title>Big Nfo</title><plot>"+strings.Repeat("long ", nfo.MaxSize/5+1000)+"</plot></movie>")
	var many strings.Builder
	for i := 0; i < subtitle.MaxCues+10; i++ {
		fmt.Fprintf(&many, "%d\n00:%02d:%02d,000 --> 00:%02d:%02d,500\nLine %d\n\n", i+1, i/60%60, i%60, i/60%60, i%60, i)
	}
	lib.Film("Many Cues (2009)/Many Cues (2009).mkv")
	lib.Write("Many Cues (2009)/Many Cues (2009).en.srt", many.String())
	lib.Film("One Line (2010)/One Line (2010).mkv")
	lib.Write("One Line (2010)/One Line (2010).en.srt", "1\n00:00:01,000 --> 00:00:02,000\n"+strings.Repeat("x", 15<<20)+"\n")
	os.WriteFile(filepath.Join(outside, "Elsewhere (1999).mkv"), []byte("film:elsewhere"), 0o644)
	link(outside, "Linked Away")
	lib.Film(".incoming/Hidden (2011).mkv")
	link(filepath.Join(lib.Root, ".incoming"), "Incoming")
	lib.Film("Good (2000)/Good (2000).mkv")

	sc, _ := newScanner(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard, not a measurement
	defer cancel()
	st, err := sc.Scan(ctx, []string{lib.Root}, nil)
	if err != nil {
		t.Fatalf("scan: %v (a blocking open of a pipe, or a read that never ends, hangs here)", err)
	}
	const films = 9 // the eight with sidecar trouble and Good
	if st.Found != films {
		t.Errorf("found %d films, want %d", st.Found, films)
	}
	got := map[string]string{}
	for _, w := range st.Warnings {
		rel, _ := filepath.Rel(lib.Root, w.Path)
		got[rel] += w.Reason + "; "
	}
	for _, tt := range []struct{ path, want string }{
		{"Pipe Nfo (2008)/Pipe Nfo (2008).mkv", "Pipe Nfo (2008).nfo: it is a named pipe (FIFO), not a regular file"},
		{"Pipe Srt (2017)/Pipe Srt (2017).en.srt", "subtitles skipped: it is a named pipe (FIFO), not a regular file"},
		{"Pipe Film (2001).mkv", "it is a named pipe (FIFO), not a regular file"},
		{"Zero Srt (2003)/Zero Srt (2003).en.srt", "subtitles skipped: it is a character device, not a regular file"},
		{"Zero Film (2004).mkv", "it is a character device, not a regular file"},
		{"Bomb (2005)/Bomb (2005).mkv", "artwork poster.jpg not used: the picture is 30000×30000 (900 megapixels), more than the 50 a poster may have: not read (the film's own picture is the poster)"},
		{"Folder Nfo (2006)/Folder Nfo (2006).mkv", "Folder Nfo (2006).nfo: it is a folder, not a regular file"},
		{"Big Nfo (2007)/Big Nfo (2007).mkv", "nfo cut: Big Nfo (2007).nfo is 1 MiB: only its first 1 MiB were read"},
		{"Many Cues (2009)/Many Cues (2009).en.srt", fmt.Sprintf("subtitles cut: only the first %d cues were read", subtitle.MaxCues)},
		{"One Line (2010)/One Line (2010).en.srt", "subtitles partly read: line 3: line is 15360 KiB long: only its first 64 KiB were read (and 1 more)"},
		{"Linked Away", "a link to a folder outside the library folders (" + outside + "): not followed"},
		{"Incoming", "a link to a hidden folder (" + filepath.Join(lib.Root, ".incoming") + "): not read"},
	} {
		if !strings.Contains(got[tt.path], tt.want) {
			t.Errorf("warnings of %s = %q, want one with %q", tt.path, got[tt.path], tt.want)
		}
	}
	// What could be read of the cut files is kept.
	if f, ok, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Big Nfo (2007)", "Big Nfo (2007).mkv")); !ok || f.Title != "Big Nfo" {
		t.Errorf("big .nfo: film %+v, want the title it starts with", f)
	}
	if f, ok, _ := sc.Store.FilmByPath(filepath.Join(lib.Root, "Many Cues (2009)", "Many Cues (2009).mkv")); !ok {
		t.Error("the film with many cues is missing")
	} else if cues, _ := sc.Store.Cues(f.ID); len(cues) != subtitle.MaxCues {
		t.Errorf("many cues: %d kept, want %d", len(cues), subtitle.MaxCues)
	}
	// Linking the outside folder in as a library folder of its own brings its film.
	st, err = sc.Scan(ctx, []string{lib.Root, outside}, nil)
	if err != nil || st.Found != films+1 {
		t.Errorf("with the outside folder added: %d films, %v; want %d", st.Found, err, films+1)
	}
}

// A library from when Reel followed folder links inside the library: a film stored under the
// link's path is found where it really is, and keeps its id (and so its history).
func TestFilmUnderAFormerLinkKeepsItsID(t *testing.T) {
	lib := indextest.New(t)
	real := lib.Film("Real/Alien (1979).mkv")
	if err := os.Symlink(filepath.Join(lib.Root, "Real"), filepath.Join(lib.Root, "Favourites")); err != nil {
		t.Fatal(err)
	}
	sc, _ := newScanner(t)
	scan(t, sc, lib.Root)
	f, ok, _ := sc.Store.FilmByPath(real)
	if !ok {
		t.Fatal("film not found")
	}
	// As an older Reel left it: the record under the link's path.
	f.Path = filepath.Join(lib.Root, "Favourites", "Alien (1979).mkv")
	if err := sc.Store.PutFilm(f); err != nil {
		t.Fatal(err)
	}
	f.ModTime = f.ModTime.Add(-time.Hour) // and the file seen as changed since
	sc.Store.PutFilm(f)
	st := scan(t, sc, lib.Root)
	got, ok, _ := sc.Store.FilmByPath(real)
	if !ok || got.ID != f.ID || st.New != 0 {
		t.Errorf("after the upgrade: %+v (new %d), want id %s kept", got, st.New, f.ID)
	}
}
