// Package widgets holds Reel's custom Fyne widgets: the film card of the library grid, the
// video view that draws the player's frames, and the seek bar that reports where the pointer
// hovers.
package widgets
