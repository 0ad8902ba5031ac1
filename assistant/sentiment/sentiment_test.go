package sentiment

import (
	"math"
	"testing"
	"time"
)

func TestLabels(t *testing.T) {
	tests := []labelCase{
		{"The film was good.", "positive"},
		{"The film was not good.", "negative"},
		{"The film wasn't bad at all.", "positive"},
		{"I never liked him.", "negative"},
		{"The train leaves at nine.", "neutral"},
		{"The plot was boring, but the ending was wonderful.", "positive"},
		{"The ending was wonderful, but the plot was boring.", "negative"},
		{"We're safe now. Thank you!", "positive"},
		{"He killed them all.", "negative"},
		{"这部电影很好看", "positive"},
		{"这部电影不好看", "negative"},
		{"我讨厌这个结局。", "negative"},
		{"开头很无聊，但是结局非常精彩！", "positive"},
		{"火车九点出发。", "neutral"},
	}
	checkLabels(t, tests)
}

// labelCase is a text and the label its score should have.
type labelCase struct {
	text string
	want string
}

func checkLabels(t *testing.T, tests []labelCase) {
	t.Helper()
	for _, tt := range tests {
		if got := Text(tt.text); got.Label() != tt.want {
			t.Errorf("%q: %s (%+.3f), want %s", tt.text, got.Label(), got.Compound, tt.want)
		}
	}
}

// The rules move the score the way VADER's do.
func TestRulesOrder(t *testing.T) {
	tests := []struct {
		weaker, stronger string
	}{
		{"The film was good.", "The film was very good."},
		{"The film was good.", "The film was GOOD today."},
		{"The film was good.", "The film was good!!!"},
		{"The film was slightly good.", "The film was good."},
		{"The film was bad.", "The film was not good."}, // negation damps: "not good" is milder than "bad"
		{"好看", "很好看"},
		{"好看", "好看！！"},
	}
	for _, tt := range tests {
		w, s := math.Abs(Text(tt.weaker).Compound), math.Abs(Text(tt.stronger).Compound)
		if tt.weaker == "The film was bad." {
			w, s = s, w
		}
		if !(s > w) {
			t.Errorf("|%q| = %.3f should be more than |%q| = %.3f", tt.stronger, s, tt.weaker, w)
		}
	}
}

func TestShares(t *testing.T) {
	s := English("I love this wonderful, terrible film.")
	if sum := s.Pos + s.Neg + s.Neu; math.Abs(sum-1) > 1e-9 || s.Pos <= s.Neg || s.Neg == 0 {
		t.Errorf("%+v", s)
	}
}

func TestArc(t *testing.T) {
	var cues []Timed
	for i := 0; i < 10; i++ {
		text := "What a wonderful, happy day."
		if i >= 5 {
			text = "Everyone is dead. It is horrible."
		}
		at := time.Duration(i) * 10 * time.Second
		cues = append(cues, Timed{Start: at, End: at + 2*time.Second, Text: text})
	}
	arc := Arc(cues, 100*time.Second, 10)
	if len(arc) != 10 || arc[0].Compound <= 0.5 || arc[9].Compound >= -0.5 || arc[0].At != 5*time.Second {
		t.Errorf("arc %+v", arc)
	}
	if Arc(nil, 0, 10) != nil {
		t.Error("an arc for a film without length")
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "not very GOOD!!!", "但是不很好", "but", "??!!", "n't n't n't"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc := Text(s)
		if sc.Compound < -1 || sc.Compound > 1 || math.IsNaN(sc.Compound) {
			t.Fatalf("%q: compound %v", s, sc.Compound)
		}
		if sum := sc.Pos + sc.Neg + sc.Neu; math.Abs(sum-1) > 1e-9 {
			t.Fatalf("%q: shares sum to %v", s, sum)
		}
	})
}

// Reel's additions to VADER read what film reviews say the way a reader does; VADER alone
// gets 19 of these 24 wrong or calls them neutral.
func TestFilmRules(t *testing.T) {
	tests := []labelCase{
		{"Predictable and overlong.", "negative"},                                 // film words
		{"A gripping, riveting thriller.", "positive"},                            //
		{"Unfunny, and the sequel is uninspired.", "negative"},                    // inflections, prefixes
		{"This is not a film that anyone will enjoy.", "negative"},                // negation to the clause's end
		{"It could have been great.", "negative"},                                 // counterfactual
		{"Nothing short of magnificent.", "positive"},                             // phrases
		{"Don't waste your money on this.", "negative"},                           //
		{"It fails to amuse.", "negative"},                                        //
		{"Sure, it looks nice. However, the plot is a tedious mess.", "negative"}, // contrast words
		{"Though the plot is thin, the performances are wonderful.", "positive"},  // concession
		{"It has all the excitement of eating oatmeal.", "negative"},              // sarcasm
		{"About as exciting as a sunburn.", "negative"},                           //
		{"Too long, too slow.", "negative"},                                       // "too"
		{"Less funny than the original.", "negative"},                             // "less"
		{"It looks like a TV movie.", "neutral"},                                  // "like" compares
		{"Simply incredible.", "positive"},                                        // a booster as an adjective
		{"A painfully funny film.", "positive"},                                   // an adverb as a booster
		{"8/10", "positive"},                                                      // ratings
		{"I give it 2 out of 10.", "negative"},                                    //
		{"Just not funny enough.", "negative"},                                    // "not … enough"
		{"I can't recommend it enough.", "positive"},                              //
		{"Scores no points for originality.", "negative"},                         // "no" further back
		{"A romantic comedy.", "neutral"},                                         // genres are not verdicts
		{"It doesn 't work , and it is n't funny .", "negative"},                  // treebank tokens
	}
	checkLabels(t, tests)
}

// The additions leave plain dialogue alone.
func TestFilmRulesInDialogue(t *testing.T) {
	tests := []labelCase{
		{"No, no, no!", "negative"},
		{"It's good…", "positive"},
		{"You could have been killed!", "negative"},
		{"Unlike you, I love it.", "positive"},
		{"Mix 1/4 cup of sugar.", "neutral"},
		{"Good, but bad, nonetheless.", "negative"},
		{"Nothing could make me happier.", "positive"},
		{"I must see her.", "neutral"},
		{"Pretty horses today.", "positive"},
	}
	checkLabels(t, tests)
}
