package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index"
	"github.com/reel-app/reel/index/search"
	"github.com/reel-app/reel/index/store"
)

// libraryCommands read and update the library.
func libraryCommands() []Command {
	var asJSON bool
	var limit int
	return []Command{
		{Name: "scan", Library: true, Args: "DIR...", Summary: "find the films under the folders and update the library", Min: 1, Max: -1, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdScan(ctx, e, a, asJSON) }},
		{Name: "search", Library: true, Args: "QUERY...", Summary: "find films (title, people, plot) and lines of dialogue", Min: 1, Max: -1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.IntVar(&limit, "limit", 10, "at most `N` films and N lines")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdSearch(ctx, e, strings.Join(a, " "), limit, asJSON)
			}},
		{Name: "info", Library: true, Args: "FILM", Summary: "show what the library knows of a film (FILM is an id or a path)", Min: 1, Max: 1, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdInfo(ctx, e, a[0], asJSON) }},
		{Name: "reindex", Library: true, Summary: "rebuild the search index from the library", Max: 0,
			Run: func(ctx context.Context, e *Env, _ []string) error { return cmdReindex(ctx, e) }},
	}
}

// scanJSON is the stable shape of `reel scan --json`.
type scanJSON struct {
	Films     int           `json:"films"`
	New       int           `json:"new"`
	Changed   int           `json:"changed"`
	Moved     int           `json:"moved"`
	Removed   int           `json:"removed"`
	Unchanged int           `json:"unchanged"`
	Warnings  []warningJSON `json:"warnings"`
	TookS     float64       `json:"took_s"`
}

type warningJSON struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

func cmdScan(ctx context.Context, e *Env, roots []string, asJSON bool) error {
	for i, r := range roots {
		roots[i] = e.abs(r)
	}
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	var report func(index.Progress)
	if isTerminal(e.Stderr) {
		report = func(p index.Progress) {
			if p.Phase == index.PhaseReading {
				fmt.Fprintf(e.Stderr, "\r\033[Kreading %d/%d %s", p.Done+1, p.Total, filepath.Base(p.Path))
			}
		}
		defer fmt.Fprint(e.Stderr, "\r\033[K")
	}
	stats, err := lib.Scan(ctx, roots, report)
	if err != nil {
		return err
	}
	if asJSON {
		out := scanJSON{Films: stats.Found, New: stats.New, Changed: stats.Changed, Moved: stats.Moved, Removed: stats.Removed,
			Unchanged: stats.Unchanged, Warnings: []warningJSON{}, TookS: seconds(stats.Took)}
		for _, w := range stats.Warnings {
			out.Warnings = append(out.Warnings, warningJSON{Path: w.Path, Reason: w.Reason})
		}
		return writeJSON(e.Stdout, out)
	}
	fmt.Fprintf(e.Stdout, "%d films: %d new, %d changed, %d moved, %d removed, %d unchanged (%.1f s)\n",
		stats.Found, stats.New, stats.Changed, stats.Moved, stats.Removed, stats.Unchanged, stats.Took.Seconds())
	for _, w := range stats.Warnings {
		fmt.Fprintf(e.Stdout, "warning: %s: %s\n", w.Path, w.Reason)
	}
	return nil
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

func cmdSearch(ctx context.Context, e *Env, q string, limit int, asJSON bool) error {
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	st, idx := lib.Store, lib.Index
	hl := ""
	if !asJSON && isTerminal(e.Stdout) {
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
		return writeJSON(e.Stdout, out)
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
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

// findFilm resolves an id or a path.
func findFilm(e *Env, st *store.Store, ref string) (store.Film, error) {
	if f, ok, err := st.Film(ref); err != nil || ok {
		return f, err
	}
	if f, ok, err := st.FilmByPath(e.abs(ref)); err != nil || ok {
		return f, err
	}
	// A title, as the user says it: "Charade", "charade (1963)".
	films, err := st.Films(false)
	if err != nil {
		return store.Film{}, err
	}
	var found []store.Film
	for _, f := range films {
		if titled(f, ref) {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return store.Film{}, fmt.Errorf("no film %q in the library (give its title, an id from reel search, or the path of a scanned film)", ref)
	}
	var which []string
	for _, f := range found[:min(len(found), 5)] {
		which = append(which, fmt.Sprintf("%s (%s)", f.ID, f.Path))
	}
	return store.Film{}, fmt.Errorf("%d films are called %q: give an id or a path: %s", len(found), ref, strings.Join(which, ", "))
}

// titled says whether ref names f by its title, with or without its year: case and spacing do
// not matter.
func titled(f store.Film, ref string) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	ref = norm(ref)
	if ref == norm(f.Title) {
		return true
	}
	return f.Year > 0 && ref == norm(fmt.Sprintf("%s (%d)", f.Title, f.Year))
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

func cmdInfo(ctx context.Context, e *Env, ref string, asJSON bool) error {
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	st := lib.Store
	f, err := findFilm(e, st, ref)
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
		return writeJSON(e.Stdout, out)
	}
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
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
	row("Cast", strings.Join(core.Cast(f), ", "))
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

func cmdReindex(ctx context.Context, e *Env) error {
	if e.served() {
		return core.ErrShared
	}
	p, err := e.Places()
	if err != nil {
		return err
	}
	start := time.Now()
	lib, err := core.RebuildLibrary(ctx, p)
	if err != nil {
		return err
	}
	defer lib.Close()
	films, _ := lib.Store.Films(false)
	fmt.Fprintf(e.Stderr, "search index rebuilt: %d films in %.1f s\n", len(films), time.Since(start).Seconds())
	return nil
}
