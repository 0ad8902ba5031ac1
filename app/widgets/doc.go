// Package widgets holds Reel's custom Fyne widgets: the film card of the library grid, and later
// the video view and the scene strip.
package widgets
