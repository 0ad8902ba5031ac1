module github.com/reel-app/reel

go 1.26.8

require github.com/asticode/go-astiav v0.16.0

require (
	github.com/asticode/go-astikit v0.42.0 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
)
