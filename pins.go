//go:build pins

// This file is never built. It keeps go.mod pinning the modules the next issues build on
// (the library's Bleve index, the assistant's Ollama client, the player's audio output), at the
// versions verified against Debian 12, so `go mod tidy` does not drop them meanwhile.
package main

import (
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/gen2brain/malgo"
	_ "github.com/ollama/ollama/api"
)
