package assistant

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/reel-app/reel/assistant/keywords"
	"github.com/reel-app/reel/assistant/sentiment"
	"github.com/reel-app/reel/index/store"
)

// Catalog is what the text analysis reads from the library; *store.Store satisfies it.
type Catalog interface {
	Films(all bool) ([]store.Film, error)
	Film(id string) (store.Film, bool, error)
	Cues(id string) ([]store.Cue, error)
	Analysis(id string) (store.Analysis, bool, error)
	User(id string) (store.UserData, error)
	Generation() (uint64, error)
}

// FilmText is what a film's words say, without a language model.
type FilmText struct {
	Keywords  []keywords.Term   `json:"keywords"`
	Sentiment float64           `json:"sentiment"` // the mean compound of the lines that carry any
	Mood      string            `json:"mood"`      // positive, negative or neutral
	Lines     int               `json:"lines"`
	Arc       []sentiment.Point `json:"arc"`
	Scenes    []SceneText       `json:"scenes"`
	Review    *ReviewText       `json:"review,omitempty"`
	// At is the moment a text of what was seen (Seen) is bounded by; 0 for the whole film.
	At time.Duration `json:"at,omitempty"`
	// Starts are when every narrative scene starts (times only: they tell nothing of what
	// happens), for finding the scene on screen.
	Starts []time.Duration `json:"-"`
	// Next is when the first line after At is spoken (0 for none): a text of what was seen is
	// out of date from then on. The time alone, as the subtitle itself shows it then.
	Next time.Duration `json:"-"`
}

// SceneText is one scene's words.
type SceneText struct {
	Start     time.Duration `json:"start"`
	End       time.Duration `json:"end"`
	Keywords  []string      `json:"keywords"`
	Sentiment float64       `json:"sentiment"`
	Lines     int           `json:"lines"`
	Names     []string      `json:"names,omitempty"` // the names its lines say
}

// ReviewText is the sentiment of the user's own review.
type ReviewText struct {
	Text  string          `json:"text"`
	Score sentiment.Score `json:"score"`
}

// ArcPoints is how many samples a film's sentiment arc has.
const ArcPoints = 24

// Texts computes FilmText. It keeps the library's word counts (the IDF of the film keywords)
// between calls and counts again only when the library has changed.
type Texts struct {
	Catalog Catalog

	mu     sync.Mutex
	gen    uint64
	corpus *keywords.Corpus
}

// Film analyses one film's plot and lines.
func (t *Texts) Film(ctx context.Context, id string) (FilmText, error) {
	f, ok, err := t.Catalog.Film(id)
	if err != nil {
		return FilmText{}, fmt.Errorf("read film %s: %w", id, err)
	}
	if !ok {
		return FilmText{}, fmt.Errorf("no film %s in the library", id)
	}
	all, err := t.Catalog.Cues(id)
	if err != nil {
		return FilmText{}, fmt.Errorf("read lines of %s: %w", f.Title, err)
	}
	cues := mainLanguage(all)
	corpus, err := t.library(ctx)
	if err != nil {
		return FilmText{}, err
	}
	out := FilmText{Lines: len(cues), Keywords: corpus.Top(filmTokens(f, cues), 12)}
	var timed []sentiment.Timed
	var texts []string
	for _, c := range cues {
		timed = append(timed, sentiment.Timed{Start: c.Start, End: c.End, Text: c.Text})
		texts = append(texts, c.Text)
	}
	out.Sentiment = sentiment.Mean(texts)
	out.Mood = sentiment.Score{Compound: out.Sentiment}.Label()
	if f.Duration > 0 {
		out.Arc = sentiment.Arc(timed, f.Duration, ArcPoints)
	}
	if a, ok, err := t.Catalog.Analysis(id); err == nil && ok {
		out.Scenes = scenes(a.Chapters(), cues)
		out.Starts = starts(a.Chapters())
	}
	if u, err := t.Catalog.User(id); err == nil && strings.TrimSpace(u.Review) != "" {
		out.Review = &ReviewText{Text: u.Review, Score: sentiment.Text(u.Review)}
	}
	return out, nil
}

// Seen analyses what the viewer has seen of a film by at, and nothing after it: the keywords
// and mood of the lines spoken before at, and the scenes begun by then (the one going on,
// only up to at; it ends at at). The side panel shows this while watching; the whole film's
// text (Film) is for the film's page.
func (t *Texts) Seen(ctx context.Context, id string, at time.Duration) (FilmText, error) {
	if _, ok, err := t.Catalog.Film(id); err != nil {
		return FilmText{}, fmt.Errorf("read film %s: %w", id, err)
	} else if !ok {
		return FilmText{}, fmt.Errorf("no film %s in the library", id)
	}
	all, err := t.Catalog.Cues(id)
	if err != nil {
		return FilmText{}, fmt.Errorf("read the lines of %s: %w", id, err)
	}
	var cues []store.Cue
	var next time.Duration
	for _, c := range mainLanguage(all) {
		switch {
		case c.Start < at:
			cues = append(cues, c)
		case next == 0 || c.Start < next:
			next = c.Start
		}
	}
	sort.SliceStable(cues, func(i, j int) bool { return cues[i].Start < cues[j].Start })
	corpus, err := t.library(ctx)
	if err != nil {
		return FilmText{}, err
	}
	var toks []string
	texts := make([]string, 0, len(cues))
	for _, c := range cues {
		toks = append(toks, keywords.Tokens(c.Text)...)
		texts = append(texts, c.Text)
	}
	out := FilmText{At: at, Next: next, Lines: len(cues), Keywords: corpus.Top(toks, 12), Sentiment: sentiment.Mean(texts)}
	out.Mood = sentiment.Score{Compound: out.Sentiment}.Label()
	if a, ok, err := t.Catalog.Analysis(id); err == nil && ok {
		var begun []store.StoryScene
		for _, sc := range a.Chapters() {
			if sc.Start < at {
				sc.End = min(sc.End, at)
				begun = append(begun, sc)
			}
		}
		out.Scenes = scenes(begun, cues)
		out.Starts = starts(a.Chapters())
	}
	return out, nil
}

func starts(list []store.StoryScene) []time.Duration {
	out := make([]time.Duration, len(list))
	for i, s := range list {
		out[i] = s.Start
	}
	return out
}

// scenes gives each scene the keywords of its lines among the film's scenes, and their mood.
func scenes(list []store.StoryScene, cues []store.Cue) []SceneText {
	corpus := keywords.NewCorpus()
	docs := make([][]string, len(list))
	lines := make([][]string, len(list))
	for i, sc := range list {
		for _, c := range cues {
			if c.Start >= sc.Start && c.Start < sc.End {
				lines[i] = append(lines[i], c.Text)
				docs[i] = append(docs[i], keywords.Tokens(c.Text)...)
			}
		}
		corpus.Add(docs[i])
	}
	out := make([]SceneText, len(list))
	for i, sc := range list {
		out[i] = SceneText{Start: sc.Start, End: sc.End, Lines: len(lines[i]),
			Keywords: keywords.Words(corpus.Top(docs[i], 5)), Sentiment: sentiment.Mean(lines[i]), Names: Names(lines[i], 5)}
	}
	return out
}

// Names are the names lines say, most said first: capitalised words that do not start a
// sentence (nor are "I" or a common word written at the start of a line of verse). What the
// subtitles describe for the hard of hearing ("[Phone Buzzing]", "(chattering)") and speaker
// labels ("MAN:") are not speech, and are left out.
func Names(lines []string, n int) []string {
	count := map[string]int{}
	var order []string
	for _, l := range lines {
		words := strings.Fields(described.ReplaceAllString(l, " . "))
		for i, w := range words {
			w = strings.Trim(w, ".,;:!?\"'()[]«»“”‘’-—…")
			r := []rune(w)
			if len(r) < 2 || !unicode.IsUpper(r[0]) || w == strings.ToUpper(w) {
				continue // not capitalised, or shouted (a whole word in capitals)
			}
			if i == 0 || strings.ContainsAny(words[i-1], ".!?:-—") {
				continue // the start of a sentence
			}
			if keywords.Stop(strings.ToLower(w)) {
				continue
			}
			if count[w] == 0 {
				order = append(order, w)
			}
			count[w]++
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return count[order[a]] > count[order[b]] })
	return order[:min(n, len(order))]
}

// described matches what subtitles describe rather than say: bracketed sounds and speaker
// labels in capitals.
var described = regexp.MustCompile(`\[[^\]]*\]|\([^)]*\)|\b[A-Z][A-Z .']+:`)

// mainLanguage keeps the lines of the subtitle language with the most lines: a film with
// English and Chinese subtitles says everything twice, and its keywords and mood should be
// counted once, in one language.
func mainLanguage(cues []store.Cue) []store.Cue {
	count := map[string]int{}
	for _, c := range cues {
		count[c.Lang]++
	}
	best, n := "", -1
	for lang, k := range count {
		if k > n || k == n && lang < best {
			best, n = lang, k
		}
	}
	if len(count) <= 1 {
		return cues
	}
	var out []store.Cue
	for _, c := range cues {
		if c.Lang == best {
			out = append(out, c)
		}
	}
	return out
}

func filmTokens(f store.Film, cues []store.Cue) []string {
	toks := keywords.Tokens(f.Plot)
	for _, c := range cues {
		toks = append(toks, keywords.Tokens(c.Text)...)
	}
	return toks
}

// library is the document counts over every film in the library, recounted when the library
// changes.
func (t *Texts) library(ctx context.Context) (*keywords.Corpus, error) {
	gen, err := t.Catalog.Generation()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.corpus != nil && gen == t.gen {
		return t.corpus, nil
	}
	films, err := t.Catalog.Films(false)
	if err != nil {
		return nil, fmt.Errorf("list films: %w", err)
	}
	c := keywords.NewCorpus()
	for _, f := range films {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cues, err := t.Catalog.Cues(f.ID)
		if err != nil {
			return nil, fmt.Errorf("read lines of %s: %w", f.Title, err)
		}
		c.Add(filmTokens(f, mainLanguage(cues)))
	}
	t.corpus, t.gen = c, gen
	return c, nil
}
