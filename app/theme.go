package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme is Reel's theme: Fyne's own, with every colour that text is drawn in raised to at
// least 4.5:1 against every surface it is drawn on (WCAG AA), in the dark and the light
// variant. Fyne's grey for low-importance text is 1.5:1 on its dark background, and its
// orange, green and red fail on white. The primary colour carries text on the background
// and is the background of the default button, so its contrast is set for both: a light blue
// with dark button text on dark, a deep blue with white on light.
func Theme() fyne.Theme { return readable{theme.DefaultTheme()} }

type readable struct{ fyne.Theme }

var readableColors = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantDark: {
		theme.ColorNameDisabled:            color.NRGBA{R: 0xa6, G: 0xa6, B: 0xac, A: 0xff},
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0xa8, G: 0xa8, B: 0xae, A: 0xff},
		theme.ColorNamePrimary:             color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameHyperlink:           color.NRGBA{R: 0x6e, G: 0xa8, B: 0xff, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.NRGBA{R: 0x0b, G: 0x0b, B: 0x0c, A: 0xff},
		theme.ColorNameError:               color.NRGBA{R: 0xff, G: 0x7c, B: 0x72, A: 0xff},
		theme.ColorNameSuccess:             color.NRGBA{R: 0x5c, G: 0xd6, B: 0x6a, A: 0xff},
	},
	theme.VariantLight: {
		theme.ColorNameForeground:          color.NRGBA{R: 0x30, G: 0x30, B: 0x33, A: 0xff},
		theme.ColorNameDisabled:            color.NRGBA{R: 0x5e, G: 0x5e, B: 0x62, A: 0xff},
		theme.ColorNamePlaceHolder:         color.NRGBA{R: 0x5e, G: 0x5e, B: 0x62, A: 0xff},
		theme.ColorNamePrimary:             color.NRGBA{R: 0x1a, G: 0x56, B: 0xc8, A: 0xff},
		theme.ColorNameHyperlink:           color.NRGBA{R: 0x1a, G: 0x56, B: 0xc8, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.White,
		theme.ColorNameWarning:             color.NRGBA{R: 0x96, G: 0x4a, B: 0x00, A: 0xff},
		theme.ColorNameForegroundOnWarning: color.White,
		theme.ColorNameError:               color.NRGBA{R: 0xc0, G: 0x25, B: 0x25, A: 0xff},
		theme.ColorNameForegroundOnError:   color.White,
		theme.ColorNameSuccess:             color.NRGBA{R: 0x1a, G: 0x74, B: 0x28, A: 0xff},
		theme.ColorNameForegroundOnSuccess: color.White,
	},
}

// Color implements fyne.Theme.
func (t readable) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := readableColors[v][n]; ok {
		return c
	}
	return t.Theme.Color(n, v)
}
