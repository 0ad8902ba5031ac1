package app

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/reel-app/reel/app/widgets"
)

// luminance is WCAG's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// over composites c (maybe translucent) over the opaque base.
func over(c, base color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bg, bb, _ := base.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((x*0xffff + y*(0xffff-a)) / 0xffff >> 8) }
	return color.NRGBA{R: mix(r, br), G: mix(g, bg), B: mix(b, bb), A: 0xff}
}

// contrast is WCAG's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

// Every colour text is drawn in reads at 4.5:1 or more (WCAG AA) on every surface it is drawn
// on, in both variants: low-importance labels (years, facts, counts, menu headers) use the
// disabled colour, so it is held to the same bar.
func TestThemeContrast(t *testing.T) {
	th := Theme()
	texts := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePlaceHolder,
		theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNameSuccess}
	surfaces := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameButton,
		theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground}
	on := map[fyne.ThemeColorName]fyne.ThemeColorName{
		theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary, theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
		theme.ColorNameForegroundOnError: theme.ColorNameError, theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantDark, theme.VariantLight} {
		name := map[fyne.ThemeVariant]string{theme.VariantDark: "dark", theme.VariantLight: "light"}[v]
		bg := th.Color(theme.ColorNameBackground, v)
		check := func(what string, fg, surface color.Color) {
			surface = over(surface, bg)
			// A pointer over a row lights it: the text must read there too.
			for _, s := range []color.Color{surface, over(th.Color(theme.ColorNameHover, v), surface)} {
				if got := contrast(over(fg, s), s); got < 4.5 {
					t.Errorf("%s: %s is %.2f:1, want 4.5:1 or more", name, what, got)
				}
			}
		}
		for _, tc := range texts {
			for _, sc := range surfaces {
				check(fmt.Sprintf("%s on %s", tc, sc), th.Color(tc, v), th.Color(sc, v))
			}
		}
		for fg, surface := range on {
			check(fmt.Sprintf("%s on %s", fg, surface), th.Color(fg, v), th.Color(surface, v))
		}
	}
	// Reel's own colours: a card's badges, the subtitles' outline, the controls over a film.
	for _, c := range []struct {
		what   string
		fg, bg color.Color
	}{
		{"a card's badge", color.White, over(widgets.BadgeBackground, color.White)},
		{"subtitles on their outline", color.White, over(color.NRGBA{A: 0xe0}, color.White)},
		{"full-screen controls", th.Color(theme.ColorNameForeground, theme.VariantDark), over(filmModeBand, color.White)},
	} {
		if got := contrast(c.fg, c.bg); got < 4.5 {
			t.Errorf("%s: %.2f:1, want 4.5:1 or more", c.what, got)
		}
	}
}
