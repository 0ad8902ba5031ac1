package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"image/jpeg"
	"strings"
	"time"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/ollama"
	"github.com/reel-app/reel/core"
	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player/ffmpeg"
)

// assistantCommands talk to the local Ollama server.
func assistantCommands() []Command {
	var asJSON bool
	var at, model, like string
	var plot, force, withFrame bool
	var limit int
	flags := func(fs *flag.FlagSet) {
		jsonFlag(&asJSON)(fs)
		fs.StringVar(&at, "at", "", "where the viewer is: `TIME` (seconds or h:mm:ss); nothing after it is sent (required)")
		fs.StringVar(&model, "model", "", "the Ollama chat `MODEL` (default: the first installed model that can chat)")
		fs.BoolVar(&plot, "plot", false, "also send the film's plot from its .nfo (it can give away the ending)")
		fs.BoolVar(&withFrame, "frame", false, "with ask: also send the picture at --at, for a vision model")
	}
	return []Command{
		{Name: "ask", Library: true, Args: "FILM QUESTION...", Summary: "ask the local model about a film, from what was seen up to --at", Min: 2, Max: -1, Flags: flags,
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdAsk(ctx, e, a[0], strings.Join(a[1:], " "), at, model, plot, withFrame, asJSON)
			}},
		{Name: "recommend", Library: true, Args: "", Summary: "what to watch next from your own shelf, with reasons (--like FILM: more like that one)", Min: 0, Max: 0,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.StringVar(&like, "like", "", "films like `FILM` (an id or a path) instead of from your history")
				fs.IntVar(&limit, "limit", 5, "at most `N` films")
			},
			Run: func(ctx context.Context, e *Env, _ []string) error {
				return cmdRecommend(ctx, e, like, limit, asJSON)
			}},
		{Name: "notes", Library: true, Args: "FILM", Summary: "scene notes by the local model (written once, kept; --force writes them again)", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.StringVar(&model, "model", "", "the Ollama chat `MODEL` (default: the first installed model that can chat)")
				fs.BoolVar(&force, "force", false, "write every note again")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdNotes(ctx, e, a[0], model, force, asJSON)
			}},
		{Name: "recap", Library: true, Args: "FILM", Summary: "\"catch me up\": a recap of the film up to --at, from the local model", Min: 1, Max: 1, Flags: flags,
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdAsk(ctx, e, a[0], "", at, model, plot, false, asJSON)
			}},
	}
}

// answerJSON is the stable shape of `reel ask --json` and `reel recap --json`.
type answerJSON struct {
	Film      string         `json:"film"`
	AtS       float64        `json:"at_s"`
	Model     string         `json:"model"`
	Question  string         `json:"question,omitempty"`
	Answer    string         `json:"answer"`
	Citations []citationJSON `json:"citations"`
	// Cut says that Answer is only the start of the answer: a limit, a broken connection or an
	// error stopped it (Error says which), and the command exits with status 1.
	Cut   bool   `json:"cut"`
	Error string `json:"error,omitempty"`
}

type citationJSON struct {
	AtS float64 `json:"at_s"`
}

func cmdAsk(ctx context.Context, e *Env, ref, question, at, model string, plot, withFrame, asJSON bool) error {
	if at == "" {
		return usagef("--at is required: the answer may only use what was seen up to there")
	}
	pos, err := core.ParseClock(at)
	if err != nil {
		return usagef("--at: %v", err)
	}
	client, model, err := chatClient(ctx, e, model)
	if err != nil && !core.NoModel(err) {
		return err
	}
	if err != nil {
		// Useful without a model: the answer is the seen lines that match (exit status 0).
		fmt.Fprintf(e.Stderr, "no language model (%v): answering from the lines seen so far\n", err)
		client, model = nil, ""
	}
	lib, f, err := openFilm(ctx, e, ref)
	if err != nil {
		return err
	}
	defer lib.Close()
	st := lib.Store
	var frame []byte
	if withFrame {
		img, err := ffmpeg.FrameAt(ctx, f.Path, pos, 768)
		if err != nil {
			return fmt.Errorf("the picture at %s: %w", clock(pos), err)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			return err
		}
		frame = buf.Bytes()
	}
	c := &assistant.Companion{Catalog: st, Notes: st, Find: lib.Index, Model: model, WithPlot: plot, Limit: e.contextLimit()}
	if client != nil {
		c.Chat, c.Sizer = client, client
	}
	stream := func(s string) { fmt.Fprint(e.Stdout, s) }
	if asJSON {
		stream = nil
	}
	var answer string
	if question == "" {
		answer, err = c.Recap(ctx, f.ID, pos, stream)
	} else {
		answer, err = c.Ask(ctx, f.ID, pos, question, frame, stream)
	}
	// A cut answer is shown as far as it got, and then the error, which says it is cut
	// ("the answer was cut off: …"), goes to stderr and the exit status is 1.
	var cut *ollama.CutError
	if err != nil && !errors.As(err, &cut) {
		if !asJSON && answer != "" {
			fmt.Fprintln(e.Stdout)
		}
		return err
	}
	if !asJSON {
		fmt.Fprintln(e.Stdout)
		return err
	}
	out := answerJSON{Film: f.ID, AtS: seconds(pos), Model: model, Question: question, Answer: answer, Citations: []citationJSON{}}
	for _, c := range assistant.Citations(answer, pos) {
		out.Citations = append(out.Citations, citationJSON{AtS: seconds(c.At)})
	}
	if cut != nil {
		out.Cut, out.Error = true, err.Error()
	}
	if werr := writeJSON(e.Stdout, out); werr != nil {
		return werr
	}
	return err
}

// recommendJSON is the stable shape of `reel recommend --json`.
type recommendJSON struct {
	Like  string          `json:"like,omitempty"`
	Films []recommendFilm `json:"films"`
}

type recommendFilm struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Year    int      `json:"year"`
	Path    string   `json:"path"`
	Score   float64  `json:"score"`
	Reasons []string `json:"reasons"`
	// Why is each reason as data (kind: director, themes, genres, cast or change), for tools
	// that word it themselves.
	Why []assistant.Reason `json:"why"`
}

func cmdRecommend(ctx context.Context, e *Env, like string, limit int, asJSON bool) error {
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	st := lib.Store
	r := &assistant.Recommender{Catalog: st}
	// With an embedding model on the Ollama server, films are compared by meaning too; without
	// a server, TF-IDF stands in.
	if client, err := ollama.New(e.Ollama, ollama.Options{ConnectTimeout: time.Second}); err == nil {
		qctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if ms, err := client.Models(qctx); err == nil {
			// The first installed model that makes embeddings, if any (no chat model is needed).
			if m, _ := core.PickModels(ms, client.Host(), core.ModelChoice{}); m.Embed != "" {
				r.Embed, r.EmbedModel, r.Vectors = client, m.Embed, st
			}
		}
		cancel()
	}
	var recs []assistant.Recommendation
	out := recommendJSON{Films: []recommendFilm{}}
	if like != "" {
		f, err := findFilm(e, st, like)
		if err != nil {
			return err
		}
		out.Like = f.ID
		recs, err = r.MoreLike(ctx, f.ID, limit)
		if err != nil {
			return err
		}
	} else if recs, err = r.ForYou(ctx, limit); err != nil {
		return err
	}
	for _, rec := range recs {
		out.Films = append(out.Films, recommendFilm{ID: rec.Film.ID, Title: rec.Film.Title, Year: rec.Film.Year,
			Path: rec.Film.Path, Score: rec.Score, Reasons: rec.Reasons, Why: rec.Why})
	}
	if asJSON {
		return writeJSON(e.Stdout, out)
	}
	if len(recs) == 0 {
		if like == "" {
			fmt.Fprintln(e.Stdout, "Nothing to go on yet: watch, rate or review a film, or ask for films --like one.")
		} else {
			fmt.Fprintln(e.Stdout, "No unwatched film in the library to suggest.")
		}
		return nil
	}
	for i, rec := range recs {
		fmt.Fprintf(e.Stdout, "%d. %s  (%.2f)\n   %s\n", i+1, yearTitle(rec.Film.Title, rec.Film.Year), rec.Score, strings.Join(rec.Reasons, "; "))
	}
	return nil
}

// notesJSON is the stable shape of `reel notes --json`.
type notesJSON struct {
	Film  string     `json:"film"`
	Model string     `json:"model"`
	Notes []noteJSON `json:"notes"`
	Error string     `json:"error,omitempty"`
}

type noteJSON struct {
	Scene   int      `json:"scene"`
	StartS  float64  `json:"start_s"`
	Summary string   `json:"summary"`
	Who     []string `json:"who"`
	Mood    string   `json:"mood"`
	Details []string `json:"details"`
	Cites   []string `json:"cites"`
	EndS    float64  `json:"end_s"`
	SoFar   string   `json:"so_far"`
}

func cmdNotes(ctx context.Context, e *Env, ref, model string, force, asJSON bool) error {
	client, model, err := chatClient(ctx, e, model)
	if err != nil {
		return err
	}
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	f, err := findFilm(e, lib.Store, ref)
	if err != nil {
		return err
	}
	n := &assistant.Notes{Catalog: lib.Store, Chat: client, Sizer: client, Limit: e.contextLimit(), Model: model, Index: lib.Index}
	notes, err := n.Film(ctx, f.ID, force, func(done, total int) {
		if !asJSON {
			fmt.Fprintf(e.Stderr, "\rscene notes: %d of %d", done, total)
		}
	})
	if !asJSON {
		fmt.Fprintln(e.Stderr)
	}
	if notes == nil && err != nil {
		return err
	}
	if asJSON {
		out := notesJSON{Film: f.ID, Model: model, Notes: []noteJSON{}}
		if err != nil {
			out.Error = err.Error()
		}
		for _, s := range notes {
			out.Notes = append(out.Notes, noteJSON{Scene: s.Scene + 1, StartS: seconds(s.Start), Summary: s.Summary,
				Who: nonNil(s.Who), Mood: s.Mood, Details: nonNil(s.Details), Cites: nonNil(s.Cites), EndS: seconds(s.End), SoFar: s.SoFar})
		}
		if werr := writeJSON(e.Stdout, out); werr != nil {
			return werr
		}
		return err // notes that the model failed to write fail the command, as without --json
	}
	for _, s := range notes {
		fmt.Fprintf(e.Stdout, "%s  scene %d (%s): %s\n", clock(s.Start), s.Scene+1, s.Mood, s.Summary)
	}
	return err
}

// chatClient is the Ollama client at the configured address (--ollama, else the settings file,
// else OLLAMA_HOST or the default) and the chat model to use: model, else the one chosen in
// the settings, else the first installed one that can chat.
func chatClient(ctx context.Context, e *Env, model string) (*ollama.Client, string, error) {
	base := e.Ollama
	if st, ok := e.settings(); ok {
		if base == "" {
			base = st.Ollama
		}
		if model == "" {
			model = st.ChatModel // chosen in the window's Models dialog
		}
	}
	client, err := ollama.New(base, ollama.Options{})
	if err != nil {
		return nil, "", err
	}
	if model == "" {
		ms, err := client.Models(ctx)
		if err != nil {
			return nil, "", err
		}
		m, err := core.PickModels(ms, client.Host(), core.ModelChoice{})
		if err != nil {
			return nil, "", err
		}
		model = m.Chat
	}
	return client, model, nil
}

// settings are the user's settings, when they can be read.
func (e *Env) settings() (core.Settings, bool) {
	p, err := e.Places()
	if err != nil {
		return core.Settings{}, false
	}
	st, err := core.LoadSettings(p)
	return st, err == nil
}

// contextLimit is the cap on num_ctx the user set (0 for the default).
func (e *Env) contextLimit() int {
	st, _ := e.settings()
	return st.ContextLimit
}

// openFilm opens the library and finds the film ref names (an id or a path); the caller closes
// the library.
func openFilm(ctx context.Context, e *Env, ref string) (*core.Library, store.Film, error) {
	lib, err := e.Library(ctx)
	if err != nil {
		return nil, store.Film{}, err
	}
	f, err := findFilm(e, lib.Store, ref)
	if err != nil {
		lib.Close()
		return nil, store.Film{}, err
	}
	return lib, f, nil
}
