package assistant

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-app/reel/index/store"
)

func TestFilmTexts(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	films := []struct {
		id, plot string
		lines    []string
	}{
		{"heist", "A clockmaker plans a heist.", []string{"The vault opens at midnight.", "We did it! What a wonderful night!", "The vault is empty."}},
		{"sea", "A keeper tends the lamp.", []string{"The lamp must be lit.", "The storm killed him. It is horrible.", "The sea took everything."}},
	}
	for _, f := range films {
		st.PutFilm(store.Film{ID: f.id, Path: "/films/" + f.id + ".mkv", Title: f.id, Plot: f.plot, Duration: 90 * time.Second})
		var cues []store.Cue
		for i, l := range f.lines {
			at := time.Duration(i) * 30 * time.Second
			cues = append(cues, store.Cue{Lang: "en", Start: at, End: at + 2*time.Second, Text: l})
		}
		// The same lines in Chinese, fewer of them: the main language is English.
		cues = append(cues, store.Cue{Lang: "zh", Start: 0, End: time.Second, Text: "金库在午夜打开。"})
		st.PutCues(f.id, cues)
	}
	st.PutAnalysis("heist", store.Analysis{Scenes: []store.Scene{{Start: 0, End: 45 * time.Second}, {Start: 45 * time.Second, End: 90 * time.Second}}})
	st.PutUser("heist", store.UserData{Review: "Really enjoyed it, a clever and fun heist!"})

	tx := &Texts{Catalog: st}
	got, err := tx.Film(context.Background(), "heist")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Keywords) == 0 || got.Keywords[0].Word != "vault" {
		t.Errorf("keywords %v, want vault first", got.Keywords)
	}
	for _, k := range got.Keywords {
		if k.Word == "金库" || k.Word == "lamp" {
			t.Errorf("keyword %q from another language or film", k.Word)
		}
	}
	if got.Lines != 3 || got.Mood != "positive" || len(got.Arc) != ArcPoints {
		t.Errorf("lines %d mood %s arc %d", got.Lines, got.Mood, len(got.Arc))
	}
	if len(got.Scenes) != 2 || got.Scenes[0].Lines != 2 || got.Scenes[0].Sentiment <= 0 {
		t.Errorf("scenes %+v", got.Scenes)
	}
	if got.Review == nil || got.Review.Score.Label() != "positive" {
		t.Errorf("review %+v", got.Review)
	}
	sea, _ := tx.Film(context.Background(), "sea")
	if sea.Mood != "negative" {
		t.Errorf("sea: mood %s (%v)", sea.Mood, sea.Sentiment)
	}
	if _, err := tx.Film(context.Background(), "nope"); err == nil {
		t.Error("no error for a film that is not there")
	}
}

// What was seen by a moment holds the lines before it only, and says when the next is spoken.
func TestTextsSeen(t *testing.T) {
	st := heistStore(t)
	tx := &Texts{Catalog: st}
	got, err := tx.Seen(context.Background(), "heist", 6*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got.Lines != 2 || got.Next != 12*time.Minute+34*time.Second || len(got.Scenes) != 1 || got.Scenes[0].End != 6*time.Minute {
		t.Errorf("seen by 6:00: %d lines, next %v, scenes %+v", got.Lines, got.Next, got.Scenes)
	}
	for _, k := range got.Keywords {
		if k.Word == "clockmaker" || k.Word == "betrays" {
			t.Errorf("a keyword from after 6:00: %s", k.Word)
		}
	}
}

func TestNames(t *testing.T) {
	lines := []string{"[Phone Buzzing]", "Hello? Is that you, Peter?", "MAN: Tell Reggie it's Peter.", "(chattering) Reggie, wait!", "I think Peter lies."}
	if got := strings.Join(Names(lines, 5), ","); got != "Peter,Reggie" {
		t.Errorf("names %q, want Peter,Reggie", got)
	}
}
