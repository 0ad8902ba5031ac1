package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The house rules for imports (HOUSE_STYLE.md): only player/ffmpeg touches go-astiav; player,
// index, assistant, and the command line (cli) and what both front-ends share (core) never
// depend on Fyne; nothing imports app but main; player's own packages use no cgo;
// index/atomicfile and player/regularfile need only the standard library; player imports
// nothing of Reel's outside player.
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
			if strings.HasPrefix(d, "fyne.io/") && fyneFree(rel) {
				t.Errorf("%s depends on Fyne (%s)", p.ImportPath, d)
				break
			}
		}
		if rel == "index/atomicfile" || rel == "player/regularfile" {
			for _, imp := range p.Imports {
				if strings.Contains(strings.SplitN(imp, "/", 2)[0], ".") {
					t.Errorf("%s imports %s; it may import only the standard library", p.ImportPath, imp)
				}
			}
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "github.com/asticode/go-astiav") && rel != "player/ffmpeg" {
				t.Errorf("%s imports go-astiav directly; only player/ffmpeg may", p.ImportPath)
			}
			if (imp == mod+"/app" || strings.HasPrefix(imp, mod+"/app/")) && rel != "" && !strings.HasPrefix(rel, "app") {
				t.Errorf("%s imports %s; only main may import the UI", p.ImportPath, imp)
			}
			// Imports flow index → player and player/ffmpeg → player: player imports nothing
			// of Reel's outside player.
			if (rel == "player" || strings.HasPrefix(rel, "player/")) && strings.HasPrefix(imp, mod+"/") && !strings.HasPrefix(imp, mod+"/player") &&
				imp != mod+"/sharedtest" { // test helpers find the shared test material
				t.Errorf("%s imports %s; player may import only player's own packages", p.ImportPath, imp)
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

// fyneFree are the packages that must not depend on Fyne, directly or not.
func fyneFree(rel string) bool {
	for _, p := range []string{"player", "index", "assistant", "cli", "core"} {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// The library is opened in one place, core.OpenLibrary: no other code opens the store or the
// search index itself (tests may).
func TestLibraryOpenedOnce(t *testing.T) {
	opens := regexp.MustCompile(`\b(store\.Open|search\.Open|search\.Rebuild)\(`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "testdata" || path == "index") {
			return filepath.SkipDir // index/ is where they are defined
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == filepath.Join("core", "library.go") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range opens.FindAllString(string(data), -1) {
			t.Errorf("%s calls %s: open the library with core.OpenLibrary (or cli's Env.Library)", path, strings.TrimSuffix(m, "("))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
