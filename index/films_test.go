package index

import (
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestTitleFromName(t *testing.T) {
	tests := []struct {
		path    string
		title   string
		year    int
		edition string
	}{
		{"/m/The Lighthouse Keeper's Daughter (1954)/The Lighthouse Keeper's Daughter (1954).mp4", "The Lighthouse Keeper's Daughter", 1954, ""},
		{"/m/Signal.from.Kepler.Station.2019.720p.WEB-DL.x264-REEL.mp4", "Signal from Kepler Station", 2019, ""},
		{"/m/Blade.Runner.2049.2017.2160p.UHD.mkv", "Blade Runner 2049", 2017, ""},
		{"/m/1917 (2019)/1917.mkv", "1917", 2019, ""},
		{"/m/Some_Home_Video.avi", "Some Home Video", 0, ""},
		{"/m/2001.A.Space.Odyssey.1968.mkv", "2001 A Space Odyssey", 1968, ""},
		{"/m/Apocalypse Now (1979)/Apocalypse.Now.1979.Directors.Cut.1080p.mkv", "Apocalypse Now", 1979, "Director's Cut"},
		// The folder wins where the file name hides the title.
		{"/m/Greenberg.REPACK.LiMiTED.DVDRip.XviD-ARROW/arw-repack-greenberg.dvdrip.xvid.avi", "Greenberg", 0, ""},
		{"/m/Alice in Wonderland DVDRip.XviD-DiAMOND/dmd-aw.avi", "Alice in Wonderland", 0, ""},
		{"/m/Somewhere.2010.DVDRip.XviD-iLG/i-smwhr.avi", "Somewhere", 2010, ""},
		{"/m/Heat.1995.DVDRip.XviD-GRP/CD1/grp-heat-cd1.avi", "Heat", 1995, ""},
		{"/m/Charade.1963.1080p.BluRay.x264-AMIABLE/amiable-charade.mkv", "Charade", 1963, ""},
		{"/m/Spider-Man.2002.1080p.mkv", "Spider-Man", 2002, ""},
		{"/m/x-men.2000.720p.mkv", "x-men", 2000, ""},
		{"/m/Mr. Nobody/x-mn.mkv", "Mr. Nobody", 0, ""},
		{"/m/The Prestige (2006)/prestige.mkv", "The Prestige", 2006, ""},
		{"/m/Spider-Man (2002)/Spider.Man.2002.1080p.mkv", "Spider-Man", 2002, ""},
		{"/m/Zodiac (2007)/movie.mkv", "Zodiac", 2007, ""},
		// A folder that is not the film's own says nothing.
		{"/m/Comedy/Hot.Fuzz.2007.mkv", "Hot Fuzz", 2007, ""},
		{"/m/Films/x-abc.mkv", "x-abc", 0, ""},
		{"/m/Films/Movie.mkv", "Movie", 0, ""},
		{"/m/Pixar.Collection.1080p.BluRay/Up.2009.1080p.BluRay.mkv", "Up", 2009, ""},
		{"/m/(500) Days of Summer (2009).mkv", "(500) Days of Summer", 2009, ""},
		{"/m/The.Good.German.2006.720p.BluRay.mkv", "The Good German", 2006, ""},
		{"/m/Zorba.the.Greek.1964.1080p.mkv", "Zorba the Greek", 1964, ""},
		{"/m/5.Headed.Shark.Attack.German.2017.AC3.BDRiP.x264-XF.mkv", "5 Headed Shark Attack", 2017, ""},
		// Language and disc tags, numbering and dates are not titles; sequel numbers are.
		{"/m/Comme.Une.Image.FRENCH.DVDRiP.XViD-NTK.avi", "Comme Une Image", 0, ""},
		{"/m/Die.Schluempfe.2.German.DL.1080p.BluRay.x264-EXQUiSiTE.mkv", "Die Schluempfe 2", 0, ""},
		{"/m/Der.Hobbit.German.2012.DL.1080p.mkv", "Der Hobbit", 2012, ""},
		{"/m/La.French.2014.FRENCH.BRRip.x264.AC3-DesTroY.mkv", "La French", 2014, ""},
		{"/m/The Good German (2006).VOSTFR.720p.mkv", "The Good German", 2006, ""},
		{"/m/Johnny.English.2003.1080p.BluRay.mkv", "Johnny English", 2003, ""},
		{"/m/Nights.In.Rodanthe.TRUEFRENCH.DVDRip.XviD-UNSKiLLED.avi", "Nights In Rodanthe", 0, ""},
		{"/m/Film.Title.MULTi.1080p.BluRay.x264.mkv", "Film Title", 0, ""},
		{"/m/(1)The Girl With The Dragon Tattoo (2009).mkv", "The Girl With The Dragon Tattoo", 2009, ""},
		{"/m/09.03.08.The.Doors.(1991).BDRip.720p.AC3.X264-HiS.mkv", "The Doors", 1991, ""},
		{"/m/The.Godfather.Part.III.1990.1080p.BluRay.mkv", "The Godfather Part III", 1990, ""},
		{"/m/Toy.Story.3.2010.720p.mkv", "Toy Story 3", 2010, ""},
		{"/m/Across.the.Universe.2007.CD2.avi", "Across the Universe", 2007, ""},
		{"/m/E.T.the.Extra-Terrestrial.1982.mkv", "E.T. the Extra-Terrestrial", 1982, ""},
		{"/m/Dr..Strangelove.1964.mkv", "Dr. Strangelove", 1964, ""},
		{"/m/Madame.Web.2024.1080p.mkv", "Madame Web", 2024, ""},
		{"/m/South.Park.Bigger.Longer.and.Uncut.1999.1080p.mkv", "South Park Bigger Longer and Uncut", 1999, ""},
		{"/m/The.Descent.UNCUT.2005.German.DL.1080p.mkv", "The Descent", 2005, "Uncut"},
		{"/m/Run Lola Run AKA Lola Rennt 1998 1080p.mkv", "Run Lola Run", 1998, ""},
	}
	for _, tt := range tests {
		title, year, edition := TitleFromName(tt.path)
		if title != tt.title || year != tt.year || edition != tt.edition {
			t.Errorf("TitleFromName(%q) = %q, %d, %q; want %q, %d, %q", tt.path, title, year, edition, tt.title, tt.year, tt.edition)
		}
	}
}

// What the library makes of a folder: films by extension (hidden folders, partial downloads and
// other files left out), titles from the .nfo or the name, a broken .nfo, a dangling link and a
// missing root each a warning, a link loop walked once.
func TestScanFolderLayout(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("Zulu (1964)/Zulu (1964).mkv", "x")
	write("Zulu (1964)/Zulu (1964).nfo", "<movie><title>Zulu</title><year>1964</year><plot>Rorke's Drift.</plot></movie>")
	write("Alien.1979.1080p.BluRay.mkv", "x")
	write("Broken (2001)/Broken (2001).mp4", "x")
	write("Broken (2001)/Broken (2001).nfo", "garbage, not xml")
	write("notes.txt", "not a film")
	write(".hidden/Secret.mkv", "x")
	write("Sub/.partial-Thing.mp4", "x")
	os.Symlink(filepath.Join(root, "nowhere.mkv"), filepath.Join(root, "Dangling.mkv"))
	os.Symlink(root, filepath.Join(root, "Sub", "loop"))

	sc, _ := newScanner(t)
	stats, err := sc.Scan(context.Background(), []string{root, filepath.Join(root, "missing")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	films, _ := sc.Store.Films(false)
	sort.Slice(films, func(i, j int) bool { return films[i].Title < films[j].Title })
	var titles []string
	for _, f := range films {
		titles = append(titles, f.Title)
	}
	want := []string{"Alien", "Broken", "Zulu"} // the broken link is a warning, not a film
	if len(titles) != len(want) {
		t.Fatalf("titles = %q, want %q", titles, want)
	}
	for i := range want {
		if titles[i] != want[i] {
			t.Fatalf("titles = %q, want %q", titles, want)
		}
	}
	if z := films[2]; z.Year != 1964 || z.Plot != "Rorke's Drift." || z.ID == "" {
		t.Errorf("Zulu = %+v", z)
	}
	reasons := map[string]bool{}
	for _, w := range stats.Warnings {
		reasons[filepath.Base(w.Path)] = true
	}
	for _, name := range []string{"Broken (2001).mp4", "Dangling.mkv", "missing"} {
		if !reasons[name] {
			t.Errorf("no warning for %s; warnings: %+v", name, stats.Warnings)
		}
	}
}

type fakeFramer struct{ calls atomic.Int32 }

func (f *fakeFramer) PosterFrame(_ context.Context, _ string, h int) (image.Image, error) {
	f.calls.Add(1)
	img := image.NewRGBA(image.Rect(0, 0, h*16/9, h))
	for x := 0; x < img.Bounds().Dx(); x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	return img, nil
}

func TestPosters(t *testing.T) {
	root := t.TempDir()
	film := filepath.Join(root, "A (2000)", "A (2000).mkv")
	os.MkdirAll(filepath.Dir(film), 0o755)
	os.WriteFile(film, []byte("x"), 0o644)
	fr := &fakeFramer{}
	p := &Posters{Dir: filepath.Join(root, "cache"), Framer: fr}
	f := Film{Path: film, Size: 1, ModTime: time.Unix(100, 0)}
	first, err := p.Path(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := p.Path(context.Background(), f)
	if err != nil || again != first || fr.calls.Load() != 1 {
		t.Fatalf("second call: %q %v after %d frames; want the cached %q", again, err, fr.calls.Load(), first)
	}
	fh, _ := os.Open(first)
	cfg, _, err := image.DecodeConfig(fh)
	fh.Close()
	if err != nil || cfg.Width != PosterWidth || cfg.Height != PosterHeight {
		t.Errorf("poster %dx%d %v, want %dx%d", cfg.Width, cfg.Height, err, PosterWidth, PosterHeight)
	}
	// A changed file gets a new poster; artwork beside the film wins over both.
	f.ModTime = time.Unix(200, 0)
	changed, _ := p.Path(context.Background(), f)
	if changed == first {
		t.Error("a changed film kept its old poster")
	}
	// Artwork is read once, scaled to the poster's size and cached; replaced, it is read again.
	art := filepath.Join(filepath.Dir(film), "poster.jpg")
	writeArt := func(w, h int, c color.RGBA, mod time.Time) {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := 0; i < len(img.Pix); i += 4 {
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
		}
		out, _ := os.Create(art)
		jpeg.Encode(out, img, nil)
		out.Close()
		os.Chtimes(art, mod, mod)
	}
	poster := func() (string, image.Image) {
		t.Helper()
		got, err := p.Path(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		fh, _ := os.Open(got)
		defer fh.Close()
		img, _, err := image.Decode(fh)
		if err != nil {
			t.Fatal(err)
		}
		return got, img
	}
	writeArt(1000, 1500, color.RGBA{R: 200, A: 255}, time.Unix(300, 0))
	frames := fr.calls.Load()
	red, img := poster()
	if b := img.Bounds(); b.Dx() != PosterWidth || b.Dy() != PosterHeight {
		t.Errorf("poster from 1000x1500 artwork is %v, want %dx%d", b, PosterWidth, PosterHeight)
	}
	if r, g, _, _ := img.At(100, 100).RGBA(); r>>8 < 180 || g>>8 > 40 {
		t.Errorf("poster colour %v, want the artwork's red", img.At(100, 100))
	}
	if fr.calls.Load() != frames {
		t.Error("a film with artwork had a frame taken for its poster")
	}
	writeArt(400, 600, color.RGBA{B: 200, A: 255}, time.Unix(400, 0))
	blue, img := poster()
	if _, _, b, _ := img.At(100, 100).RGBA(); blue == red || b>>8 < 180 {
		t.Errorf("replaced artwork: poster %q (was %q), colour %v; want a new blue one", blue, red, img.At(100, 100))
	}
	// A bomb (a header claiming 30000×30000) gives way to the film's own picture, unread.
	os.WriteFile(art, pngHeader(30000, 30000), 0o644)
	if _, reason := CheckArtwork(film); !strings.Contains(reason, "30000×30000 (900 megapixels)") {
		t.Errorf("CheckArtwork of a bomb: %q", reason)
	}
	if got, _ := poster(); got != changed {
		t.Errorf("poster with a bomb beside the film: %q, want the one made from the film, %q", got, changed)
	}
	// A bomb first in Kodi's order gives way to the next picture, and a transparent picture
	// stays a PNG.
	base := strings.TrimSuffix(film, filepath.Ext(film))
	os.Rename(art, base+"-poster.png")
	clear := image.NewNRGBA(image.Rect(0, 0, 300, 450))
	out, _ := os.Create(filepath.Join(filepath.Dir(film), "poster.png"))
	png.Encode(out, clear)
	out.Close()
	if got, img := poster(); filepath.Ext(got) != ".png" || img.Bounds().Dx() != PosterWidth {
		t.Errorf("transparent artwork after a bomb: %q %v, want a cached PNG poster", got, img.Bounds())
	}
	if _, reason := CheckArtwork(film); !strings.Contains(reason, "(poster.png is the poster)") {
		t.Errorf("CheckArtwork with a bomb, then a good picture: %q", reason)
	}
}
