package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// The house rules for imports (HOUSE_STYLE.md): only player/ffmpeg touches go-astiav; player,
// index and assistant never import Fyne; nothing imports app but main; player's own packages
// use no cgo.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-deps=false", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/reel-app/reel"
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := 0
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
			CgoFiles   []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		seen++
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, mod), "/")
		deps, err := exec.Command("go", "list", "-tags", "migrated_fynedo", "-deps", p.ImportPath).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", p.ImportPath, err)
		}
		all := strings.Fields(string(deps))
		for _, d := range all {
			if strings.HasPrefix(d, "fyne.io/fyne") && isEngine(rel) {
				t.Errorf("%s depends on Fyne (%s)", p.ImportPath, d)
				break
			}
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "github.com/asticode/go-astiav") && rel != "player/ffmpeg" {
				t.Errorf("%s imports go-astiav directly; only player/ffmpeg may", p.ImportPath)
			}
			if (imp == mod+"/app" || strings.HasPrefix(imp, mod+"/app/")) && rel != "" && !strings.HasPrefix(rel, "app") {
				t.Errorf("%s imports %s; only main may import the UI", p.ImportPath, imp)
			}
		}
		if len(p.CgoFiles) > 0 && (rel == "player" || strings.HasPrefix(rel, "player/") && !underFFmpeg(rel)) {
			t.Errorf("%s uses cgo; player's pure packages must not", p.ImportPath)
		}
	}
	if seen < 8 {
		t.Fatalf("only %d packages listed", seen)
	}
}

func underFFmpeg(rel string) bool {
	return rel == "player/ffmpeg" || strings.HasPrefix(rel, "player/ffmpeg/")
}

func isEngine(rel string) bool {
	for _, p := range []string{"player", "index", "assistant"} {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}
