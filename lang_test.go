package main

import "github.com/reel-app/reel/app"

// The window speaks English in these tests, with the plural forms of its translations ("1 host").
func init() {
	if err := app.UseLanguage("en"); err != nil {
		panic(err)
	}
}
