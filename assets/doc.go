// Package assets embeds Reel's icons and other resources.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Reel's application icon: a film reel.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
