# Reel. `make run` opens the app (on the demo library the first time); `make test` runs every
# check CI runs; `make bench` prints the performance ratios against the reference tools.

SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
# Fyne warns about the C locale; any real locale name will do, installed or not.
export LANG := en_US.UTF-8
export LC_ALL :=

TAGS := -tags migrated_fynedo
BIN := bin/reel
GO_FILES := $(shell git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null)

.PHONY: run test bench build setup setup-test shared-check fmt-check vet unit ui-smoke package install desktop-smoke clean

run: build
	$(BIN) $(ARGS)

build: setup
	go build $(TAGS) -o $(BIN) .

setup:
	@scripts/setup

setup-test:
	@scripts/setup --test

test: shared-check setup-test fmt-check vet unit ui-smoke desktop-smoke
	@echo "make test: all checks passed"

# CI runs every test, so without the shared test material beside the clone it stops here, at
# once. Elsewhere the tests that need it are skipped, and unit's summary says how many and why.
shared-check:
	@if [ -n "$$CI" ] && [ "$$CI" != false ] && [ ! -d ../shared/testdata ]; then \
	  echo "make test: CI is set but ../shared/testdata is missing: the shared/ folder (real media, subtitles, .nfo samples, the test model) must sit beside the clone, at $$(cd .. && pwd)/shared" >&2; exit 1; fi

fmt-check:
	@out=$$(gofmt -l $(GO_FILES)); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	go vet $(TAGS) ./...
	go vet -C core/earlyinit ./...

# The assistant's end-to-end test runs against a real Ollama server built from its Go module
# (scripts/ollama-server: cached by version after the first, slow, build). The output goes
# through scripts/testsummary: a line per package, the whole output of what failed, the skipped
# tests grouped by reason, and "N passed, N failed, N skipped".
unit:
	@bin=$$(scripts/ollama-server) || { echo "unit: could not build the Ollama test server" >&2; exit 1; }; \
	go build -o bin/testsummary ./scripts/testsummary || exit 1; \
	echo "REEL_OLLAMA_BIN=$$bin go test $(TAGS) -race -timeout 20m -json ./... (and core/earlyinit, its own module) | bin/testsummary"; \
	set -o pipefail; { REEL_OLLAMA_BIN=$$bin go test $(TAGS) -race -timeout 20m -json ./...; a=$$?; \
	  go test -C core/earlyinit -race -json ./...; b=$$?; exit $$((a | b)); } | bin/testsummary

ui-smoke: build
	scripts/ui-smoke $(BIN)

bench:
	@scripts/setup --bench
	go test $(TAGS) -run '^$$' -bench . -benchtime 3x -timeout 60m ./player/...
	go test $(TAGS) -run '^$$' -bench 'ColdScan|Rescan|ScanMemory|Search|Playback|Assistant|Window|SubtitlesBeforePicture' -benchtime 1x -timeout 60m .
	go test $(TAGS) -run '^$$' -bench NoteAfterCut -benchtime 20x ./app/
	go test $(TAGS) -run '^$$' -bench 'ContextRecall|Notes|RecommendEval' -benchtime 1x ./assistant/
	go test $(TAGS) -run '^$$' -bench 'RecommendCost' -benchtime 200x ./assistant/
	go test $(TAGS) -run '^$$' -bench 'LongFilm' -benchtime 3x ./assistant/sentiment/
	go test $(TAGS) -run '^$$' -bench 'Group' -benchtime 1x ./index/story/ ./core/

# A Linux package (fyne package, fyne.io/tools v1.7.4): bin/Reel.tar.xz, whose .desktop file
# must pass desktop-file-validate. fyne package rewrites FyneApp.toml (it bumps Build): the file
# is put back as it was, so the tree stays clean.
package: build
	@tool=$$(scripts/fyne-tool) && cp FyneApp.toml bin/FyneApp.toml.keep && \
	{ $$tool package --os linux --exe $(BIN) --release; status=$$?; cp bin/FyneApp.toml.keep FyneApp.toml; rm bin/FyneApp.toml.keep; exit $$status; }
	@mv Reel.tar.xz bin/Reel.tar.xz
	@tmp=$$(mktemp -d) && tar -xJf bin/Reel.tar.xz -C $$tmp && desktop-file-validate $$tmp/*/usr/local/share/applications/org.reel.Reel.desktop && rm -rf $$tmp
	@echo "make package: bin/Reel.tar.xz (its .desktop file passes desktop-file-validate)"

# Install for this user under ~/.local, with Reel as the default for the video types it opens.
install: package
	scripts/install-desktop bin/Reel.tar.xz

desktop-smoke: package
	scripts/desktop-smoke bin/Reel.tar.xz

clean:
	rm -rf bin
