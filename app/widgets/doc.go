// Package widgets holds Reel's custom Fyne widgets: the film card of the library grid, the
// video view that draws the player's frames, the seek bar that reports where the pointer
// hovers, the sentiment arc, and buttons that say what they do (TipButton, drawn by a TipLayer
// over the window's content).
package widgets
