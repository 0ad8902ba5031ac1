package keywords

import (
	"reflect"
	"testing"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"The lighthouse keeper's daughter can't sleep!", []string{"lighthouse", "keeper", "daughter", "sleep"}},
		{"Léon follows the fox, 3 times in 2003.", []string{"léon", "follows", "fox", "times"}},
		{"It's a well-known heist.", []string{"well-known", "heist"}},
		{"狐狸知道回家的路", []string{"狐狸", "狸知", "道回", "回家"}}, // 知道 is a stop word; 的 breaks the run
		{"Je ne sais pas où est le phare.", []string{"sais", "phare"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Words shared by every film score low; a film's own words come first.
func TestTop(t *testing.T) {
	docs := map[string]string{
		"heist":      "The vault. The clockmaker plans the heist; the heist needs the clock. Night falls on the city.",
		"lighthouse": "The lamp must be lit. The lighthouse keeper climbs; the lamp, the tide, the night.",
		"fox":        "The fox runs in the snow. Snow, tracks, the fox again, and the night is cold.",
	}
	c := NewCorpus()
	toks := map[string][]string{}
	for k, d := range docs {
		toks[k] = Tokens(d)
		c.Add(toks[k])
	}
	tests := map[string][]string{
		"heist":      {"heist", "city", "clock"}, // a tie goes to the alphabetically first
		"lighthouse": {"lamp", "climbs", "keeper"},
		"fox":        {"fox", "snow", "cold"},
	}
	for k, want := range tests {
		got := Words(c.Top(toks[k], 3))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
		top := c.Top(toks[k], 20)
		if last := top[len(top)-1]; last.Word != "night" {
			t.Errorf("%s: %q is last; night, in every film, should rank lowest", k, last.Word)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "n't", "'s", "好的", "a-b-c", "ÉTÉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || stopwords[tok] {
				t.Fatalf("%q gave token %q", s, tok)
			}
		}
	})
}
