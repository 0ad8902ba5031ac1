package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestTwoLines(t *testing.T) {
	test.NewTempApp(t)
	style := fyne.TextStyle{Bold: true}
	width := PosterSize.Width - 8
	tests := []struct {
		in       string
		ellipsis bool
	}{
		{"Zulu", false},
		{"The Lighthouse Keeper's Daughter", false},
		{"Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb", true},
	}
	for _, tt := range tests {
		got := twoLines(tt.in, width, style)
		if strings.HasSuffix(got, "…") != tt.ellipsis {
			t.Errorf("twoLines(%q) = %q", tt.in, got)
		}
		if !tt.ellipsis && got != tt.in {
			t.Errorf("twoLines(%q) = %q, want it whole", tt.in, got)
		}
	}
}

func TestFilmCard(t *testing.T) {
	test.NewTempApp(t)
	c := NewFilmCard()
	w := test.NewWindow(c)
	defer w.Close()
	c.Set("Alpha", 1999, "")
	if c.Title() != "Alpha" || c.year.Text != "1999" || c.poster.Visible() || !c.placeholder.Visible() {
		t.Errorf("placeholder card: title %q year %q poster %v", c.Title(), c.year.Text, c.poster.Visible())
	}
	c.Set("Alpha", 0, "/p.jpg")
	if c.PosterFile() != "/p.jpg" || !c.poster.Visible() || c.placeholder.Visible() || strings.TrimSpace(c.year.Text) != "" {
		t.Errorf("poster card: %q visible %v year %q", c.PosterFile(), c.poster.Visible(), c.year.Text)
	}
}

func TestFilmCardPlayed(t *testing.T) {
	test.NewTempApp(t)
	c := NewFilmCard()
	w := test.NewWindow(c)
	defer w.Close()
	tests := []struct{ in, want float64 }{{0, -1}, {0.4, 0.4}, {0.95, -1}}
	for _, tt := range tests {
		c.SetPlayed(tt.in)
		if got := c.Played(); got != tt.want {
			t.Errorf("SetPlayed(%v): bar %v, want %v", tt.in, got, tt.want)
		}
	}
}
