//go:build pins

// This file is never built. It keeps go.mod pinning the modules the next issues build on (the
// assistant's Ollama client), at the versions verified against Debian 12, so `go mod tidy` does
// not drop them meanwhile.
package main

import (
	_ "github.com/ollama/ollama/api"
)
