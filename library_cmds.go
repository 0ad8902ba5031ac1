package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/index/subtitle"
	"github.com/reel-app/reel/player/ffmpeg"
)

// openLibrary opens the store and its search index under the data folder, rebuilding the index
// if it needs it.
func openLibrary(ctx context.Context, p places) (*store.Store, *search.Index, error) {
	st, err := store.Open(filepath.Join(p.Data, "library.db"))
	if err != nil {
		return nil, nil, err
	}
	idx, err := search.Open(ctx, filepath.Join(p.Cache, "search"), st)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, idx, nil
}

// ffmpegTracks reads embedded text subtitle tracks for the scanner, as plain text.
type ffmpegTracks struct{}

func (ffmpegTracks) TextCues(ctx context.Context, path string, stream int) ([]subtitle.Cue, error) {
	raw, err := ffmpeg.TextSubtitles(ctx, path, stream)
	if err != nil {
		return nil, err
	}
	out := make([]subtitle.Cue, 0, len(raw))
	for _, c := range raw {
		if t := subtitle.Plain(c.Text); t != "" {
			out = append(out, subtitle.Cue{Start: c.Start, End: c.End, Text: t})
		}
	}
	return out, nil
}

func libraryCommands(jsonOut *bool, jsonFlag func(*flag.FlagSet)) []command {
	var limit int
	return []command{
		{name: "search", args: "QUERY...", summary: "find films (title, people, plot) and lines of dialogue", min: 1, max: -1,
			flags: func(fs *flag.FlagSet) {
				jsonFlag(fs)
				fs.IntVar(&limit, "limit", 10, "at most `N` films and N lines")
			},
			run: func(ctx context.Context, e *env, a []string) error {
				return cmdSearch(ctx, e, strings.Join(a, " "), limit, *jsonOut)
			}},
		{name: "info", args: "FILM", summary: "show what the library knows of a film (FILM is an id or a path)", min: 1, max: 1, flags: jsonFlag,
			run: func(ctx context.Context, e *env, a []string) error { return cmdInfo(ctx, e, a[0], *jsonOut) }},
		{name: "reindex", summary: "rebuild the search index from the library", max: 0,
			run: func(ctx context.Context, e *env, _ []string) error { return cmdReindex(ctx, e) }},
	}
}

// searchJSON is the stable shape of `reel search --json`.
type searchJSON struct {
	Films []filmHitJSON `json:"films"`
	Lines []lineHitJSON `json:"lines"`
}

type filmHitJSON struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Year  int     `json:"year"`
	Path  string  `json:"path"`
	Score float64 `json:"score"`
}

type lineHitJSON struct {
	FilmID string  `json:"film_id"`
	Title  string  `json:"title"`
	StartS float64 `json:"start_s"`
	EndS   float64 `json:"end_s"`
	Text   string  `json:"text"`
	Note   bool    `json:"note,omitempty"` // a scene note the model wrote, not a line
}

func cmdSearch(ctx context.Context, e *env, q string, limit int, asJSON bool) error {
	st, idx, err := openLibrary(ctx, e.places())
	if err != nil {
		return err
	}
	defer st.Close()
	defer idx.Close()
	hl := ""
	if !asJSON && isTerminal(e.stdout) {
		hl = "ansi"
	}
	res, err := idx.Search(ctx, search.Query{Text: q, Limit: limit, Highlight: hl})
	if err != nil {
		return err
	}
	out := searchJSON{Films: []filmHitJSON{}, Lines: []lineHitJSON{}}
	titles := map[string]string{}
	for _, h := range res.Films {
		f, ok, err := st.Film(h.ID)
		if err != nil || !ok {
			continue
		}
		titles[f.ID] = f.Title
		out.Films = append(out.Films, filmHitJSON{ID: f.ID, Title: f.Title, Year: f.Year, Path: f.Path, Score: h.Score})
	}
	frags := map[int]string{}
	for i, l := range res.Lines {
		title, ok := titles[l.FilmID]
		if !ok {
			if f, ok2, _ := st.Film(l.FilmID); ok2 {
				title, titles[l.FilmID] = f.Title, f.Title
			}
		}
		frags[i] = l.Fragment
		out.Lines = append(out.Lines, lineHitJSON{FilmID: l.FilmID, Title: title, StartS: seconds(l.Start), EndS: seconds(l.End), Text: l.Text, Note: l.Note})
	}
	if asJSON {
		return writeJSON(e.stdout, out)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	if len(out.Films) > 0 {
		fmt.Fprintln(w, "Films")
	}
	for _, f := range out.Films {
		fmt.Fprintf(w, "  %s\t%s\t%s\n", f.ID, yearTitle(f.Title, f.Year), f.Path)
	}
	if len(out.Lines) > 0 {
		fmt.Fprintln(w, "Lines")
	}
	for i, l := range out.Lines {
		text := l.Text
		if frags[i] != "" {
			text = frags[i]
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\n", l.Title, clock(time.Duration(l.StartS*float64(time.Second))), strings.ReplaceAll(text, "\n", " / "))
	}
	if len(out.Films)+len(out.Lines) == 0 {
		fmt.Fprintln(w, "Nothing found.")
	}
	return w.Flush()
}

func yearTitle(title string, year int) string {
	if year > 0 {
		return fmt.Sprintf("%s (%d)", title, year)
	}
	return title
}

// findFilm resolves an id or a path.
func findFilm(st *store.Store, ref string) (store.Film, error) {
	if f, ok, err := st.Film(ref); err != nil || ok {
		return f, err
	}
	abs, err := filepath.Abs(ref)
	if err == nil {
		if f, ok, err := st.FilmByPath(abs); err != nil || ok {
			return f, err
		}
	}
	return store.Film{}, fmt.Errorf("no film %q in the library (give an id from reel search, or the path of a scanned film)", ref)
}

// infoJSON is the stable shape of `reel info --json`: the film's fields as stored, plus "user"
// (the user's data) and "lines" (how many lines of dialogue are indexed). It is built as a map
// because store.Film has its own MarshalJSON, which an embedding struct would inherit whole.
func infoJSON(f store.Film, u store.UserData, lines int) (map[string]any, error) {
	data, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	out["user"] = u
	out["lines"] = lines
	return out, nil
}

func cmdInfo(ctx context.Context, e *env, ref string, asJSON bool) error {
	st, err := store.Open(filepath.Join(e.places().Data, "library.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	f, err := findFilm(st, ref)
	if err != nil {
		return err
	}
	u, err := st.User(f.ID)
	if err != nil {
		return err
	}
	cues, err := st.Cues(f.ID)
	if err != nil {
		return err
	}
	if asJSON {
		out, err := infoJSON(f, u, len(cues))
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, out)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "%s\t%s\n", k, v)
		}
	}
	row("Title", yearTitle(f.Title, f.Year))
	row("Original title", f.OriginalTitle)
	row("Edition", f.Edition)
	row("Id", f.ID)
	row("File", f.Path)
	if f.Removed {
		row("Status", "removed (the file is gone; your data is kept)")
	}
	row("Genres", strings.Join(f.Genres, ", "))
	row("Directed by", strings.Join(f.Directors, ", "))
	var cast []string
	for _, p := range f.Cast {
		if p.Role != "" {
			cast = append(cast, p.Name+" ("+p.Role+")")
		} else {
			cast = append(cast, p.Name)
		}
	}
	row("Cast", strings.Join(cast, ", "))
	row("Plot", f.Plot)
	if f.Duration > 0 {
		row("Length", clock(f.Duration))
	}
	if f.Width > 0 {
		row("Picture", fmt.Sprintf("%dx%d %s", f.Width, f.Height, f.VideoCodec))
	}
	var subs []string
	for _, s := range f.Subtitles {
		d := s.Language
		if d == "" {
			d = "unknown language"
		}
		if s.Path != "" {
			d += " (" + filepath.Base(s.Path) + ")"
		} else {
			d += fmt.Sprintf(" (embedded %s)", s.Format)
		}
		subs = append(subs, d)
	}
	row("Subtitles", strings.Join(subs, ", "))
	row("Dialogue lines", fmt.Sprint(len(cues)))
	if u.Rating > 0 {
		row("Your rating", strings.Repeat("★", u.Rating))
	}
	if u.Position > 0 {
		row("Stopped at", clock(u.Position))
	}
	for _, warn := range f.Warnings {
		row("Warning", warn)
	}
	return w.Flush()
}

func cmdReindex(ctx context.Context, e *env) error {
	p := e.places()
	st, err := store.Open(filepath.Join(p.Data, "library.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	idx, err := search.Rebuild(ctx, filepath.Join(p.Cache, "search"), st)
	if err != nil {
		return err
	}
	defer idx.Close()
	films, _ := st.Films(false)
	fmt.Fprintf(e.stderr, "search index rebuilt: %d films in %.1f s\n", len(films), time.Since(start).Seconds())
	return nil
}
