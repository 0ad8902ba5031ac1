package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/reel-app/reel/assistant"
	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/index/store"
)

// textCommands are the analyses that need no language model.
func textCommands() []Command {
	var asJSON, scenes bool
	return []Command{
		{Name: "keywords", Library: true, Args: "FILM", Summary: "the words that set a film (and each scene) apart, from its lines and plot", Min: 1, Max: 1,
			Flags: func(fs *flag.FlagSet) {
				jsonFlag(&asJSON)(fs)
				fs.BoolVar(&scenes, "scenes", false, "also the keywords of each scene")
			},
			Run: func(ctx context.Context, e *Env, a []string) error {
				return cmdKeywords(ctx, e, a[0], scenes, asJSON)
			}},
		{Name: "sentiment", Library: true, Args: "FILM|-", Summary: "the mood of a film's lines: overall, per scene, as an arc, and of your review (-: of each line of standard input, as JSON)", Min: 1, Max: 1, Flags: jsonFlag(&asJSON),
			Run: func(ctx context.Context, e *Env, a []string) error {
				if a[0] == "-" {
					return sentimentLines(ctx, e.Stdin, e.Stdout)
				}
				return cmdSentiment(ctx, e, a[0], asJSON)
			}},
	}
}

// filmText opens the library and analyses the film ref names (an id or a path).
func filmText(ctx context.Context, e *Env, ref string) (store.Film, assistant.FilmText, error) {
	lib, f, err := openFilm(ctx, e, ref)
	if err != nil {
		return f, assistant.FilmText{}, err
	}
	defer lib.Close()
	t, err := (&assistant.Texts{Catalog: lib.Store}).Film(ctx, f.ID)
	return f, t, err
}

// keywordsJSON is the stable shape of `reel keywords --json`.
type keywordsJSON struct {
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Keywords []termJSON    `json:"keywords"`
	Scenes   []sceneKWJSON `json:"scenes,omitempty"`
}

type termJSON struct {
	Word  string  `json:"word"`
	Score float64 `json:"score"`
}

type sceneKWJSON struct {
	StartS   float64  `json:"start_s"`
	EndS     float64  `json:"end_s"`
	Keywords []string `json:"keywords"`
}

func cmdKeywords(ctx context.Context, e *Env, ref string, withScenes, asJSON bool) error {
	f, t, err := filmText(ctx, e, ref)
	if err != nil {
		return err
	}
	if asJSON {
		out := keywordsJSON{ID: f.ID, Title: f.Title, Keywords: []termJSON{}}
		for _, k := range t.Keywords {
			out.Keywords = append(out.Keywords, termJSON{k.Word, k.Score})
		}
		if withScenes {
			out.Scenes = []sceneKWJSON{}
			for _, s := range t.Scenes {
				out.Scenes = append(out.Scenes, sceneKWJSON{seconds(s.Start), seconds(s.End), nonNil(s.Keywords)})
			}
		}
		return writeJSON(e.Stdout, out)
	}
	if len(t.Keywords) == 0 {
		fmt.Fprintf(e.Stdout, "%s: no plot and no lines of dialogue to find keywords in\n", f.Title)
		return nil
	}
	var words []string
	for _, k := range t.Keywords {
		words = append(words, k.Word)
	}
	fmt.Fprintf(e.Stdout, "%s: %s\n", f.Title, strings.Join(words, ", "))
	if withScenes {
		if len(t.Scenes) == 0 {
			fmt.Fprintln(e.Stdout, "(no scenes yet: the window finds them in the background, or run `reel analyze`)")
		}
		for _, s := range t.Scenes {
			fmt.Fprintf(e.Stdout, "  %s  %s\n", clock(s.Start), strings.Join(s.Keywords, ", "))
		}
	}
	return nil
}

// sentimentJSON is the stable shape of `reel sentiment --json`.
type sentimentJSON struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	Sentiment float64         `json:"sentiment"`
	Mood      string          `json:"mood"`
	Lines     int             `json:"lines"`
	Arc       []arcJSON       `json:"arc"`
	Scenes    []sceneMoodJSON `json:"scenes"`
	Review    *reviewMoodJSON `json:"review,omitempty"`
}

type arcJSON struct {
	AtS       float64 `json:"at_s"`
	Sentiment float64 `json:"sentiment"`
	Lines     int     `json:"lines"`
}

type sceneMoodJSON struct {
	StartS    float64 `json:"start_s"`
	EndS      float64 `json:"end_s"`
	Sentiment float64 `json:"sentiment"`
	Lines     int     `json:"lines"`
}

type reviewMoodJSON struct {
	Sentiment float64 `json:"sentiment"`
	Mood      string  `json:"mood"`
}

// lineScoreJSON is the stable shape of a line of `reel sentiment -`.
type lineScoreJSON struct {
	Compound float64 `json:"compound"`
	Label    string  `json:"label"`
	Pos      float64 `json:"pos"`
	Neg      float64 `json:"neg"`
	Neu      float64 `json:"neu"`
}

// sentimentLines scores each line of r on its own and writes one JSON object a line, so that
// others can measure the scorer on their own rated sentences.
func sentimentLines(ctx context.Context, r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := sentiment.Text(sc.Text())
		if err := enc.Encode(lineScoreJSON{round3(s.Compound), s.Label(), round3(s.Pos), round3(s.Neg), round3(s.Neu)}); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read standard input: %w", err)
	}
	return bw.Flush()
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func cmdSentiment(ctx context.Context, e *Env, ref string, asJSON bool) error {
	f, t, err := filmText(ctx, e, ref)
	if err != nil {
		return err
	}
	if asJSON {
		out := sentimentJSON{ID: f.ID, Title: f.Title, Sentiment: t.Sentiment, Mood: t.Mood, Lines: t.Lines,
			Arc: []arcJSON{}, Scenes: []sceneMoodJSON{}}
		for _, p := range t.Arc {
			out.Arc = append(out.Arc, arcJSON{seconds(p.At), p.Compound, p.Cues})
		}
		for _, s := range t.Scenes {
			out.Scenes = append(out.Scenes, sceneMoodJSON{seconds(s.Start), seconds(s.End), s.Sentiment, s.Lines})
		}
		if t.Review != nil {
			out.Review = &reviewMoodJSON{t.Review.Score.Compound, t.Review.Score.Label()}
		}
		return writeJSON(e.Stdout, out)
	}
	fmt.Fprintf(e.Stdout, "%s: %s (%+.2f over %d lines)\n", f.Title, t.Mood, t.Sentiment, t.Lines)
	if len(t.Arc) > 0 {
		fmt.Fprintf(e.Stdout, "arc: %s\n", sparkline(t.Arc))
	}
	for _, s := range t.Scenes {
		fmt.Fprintf(e.Stdout, "  %s  %+.2f  (%d lines)\n", clock(s.Start), s.Sentiment, s.Lines)
	}
	if t.Review != nil {
		fmt.Fprintf(e.Stdout, "your review: %s (%+.2f)\n", t.Review.Score.Label(), t.Review.Score.Compound)
	}
	return nil
}

// sparkline draws an arc in block characters, low (negative) to high (positive).
func sparkline(arc []sentiment.Point) string {
	const blocks = "▁▂▃▄▅▆▇█"
	steps := []rune(blocks)
	var b strings.Builder
	for _, p := range arc {
		k := int((p.Compound+1)/2*float64(len(steps)-1) + 0.5)
		b.WriteRune(steps[max(0, min(len(steps)-1, k))])
	}
	return b.String()
}
