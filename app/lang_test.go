package app

import (
	"encoding/json"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

var updateLang = flag.Bool("update-lang", false, "rewrite translations/reel.en.json from the tr calls in app/")

// usedKeys returns every message the UI translates: the string literals given to tr (and
// trn, for messages with plural forms).
func usedKeys(t *testing.T) map[string]string {
	keys, _ := usedMessages(t)
	return keys
}

// usedMessages is usedKeys with the set of keys that have plural forms.
func usedMessages(t *testing.T) (keys map[string]string, plural map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// main.go and its neighbours make status lines with app.Tr.
	root, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, root...)
	keys = map[string]string{} // key → where it is first used
	plural = map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if fd, ok := n.(*ast.FuncDecl); ok && (fd.Name.Name == "Tr" || fd.Name.Name == "Trn") {
				return false // passes its caller's key on
			}
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			isPlural := false
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if fn.Name != "tr" && fn.Name != "trn" {
					return true
				}
				isPlural = fn.Name == "trn"
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); !ok || x.Name != "app" || (fn.Sel.Name != "Tr" && fn.Sel.Name != "Trn") {
					return true
				}
				isPlural = fn.Sel.Name == "Trn"
			default:
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				// A key that is not a literal cannot be checked: every message is written out.
				t.Errorf("%s: tr needs a string literal, not %T", fset.Position(call.Pos()), call.Args[0])
				return true
			}
			key, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := keys[key]; !ok {
				keys[key] = fset.Position(call.Pos()).String()
			}
			plural[key] = plural[key] || isPlural
			return true
		})
	}
	return keys, plural
}

// readMessages reads a translation file: each message is a string, or its plural forms by
// category ({"one": …, "other": …}).
func readMessages(t *testing.T, name string) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("translations", name))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	m := make(map[string]map[string]string, len(raw))
	for k, v := range raw {
		var one string
		if json.Unmarshal(v, &one) == nil {
			m[k] = map[string]string{"other": one}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			t.Fatalf("%s: %q is neither a string nor plural forms: %v", name, k, err)
		}
		m[k] = forms
	}
	return m
}

var (
	verbRE  = regexp.MustCompile(`%[-+# 0-9.]*(\[\d+\])?[-+# 0-9.]*[a-zA-Z%]`)
	indexRE = regexp.MustCompile(`\[(\d+)\]`)
)

// verbs lists a message's fmt verbs as %[argument]flags-verb, sorted: a translation may move
// them (with %[n]) but must keep every one.
func verbs(s string) []string {
	var out []string
	next := 1 // fmt's argument counter: after %[n]v comes n+1
	for _, v := range verbRE.FindAllString(s, -1) {
		if v == "%%" {
			continue
		}
		n := next
		if m := indexRE.FindStringSubmatch(v); m != nil {
			n, _ = strconv.Atoi(m[1])
			v = strings.Replace(v, m[0], "", 1)
		}
		next = n + 1
		out = append(out, "%["+strconv.Itoa(n)+"]"+v[1:])
	}
	sort.Strings(out)
	return out
}

// TestTranslations fails when a message the UI shows has no English or no Chinese entry, when
// a translation drops or changes a value it should show, or when a file holds messages the UI
// no longer uses. go test ./app -run TestTranslations -update-lang rewrites the English file.
func TestTranslations(t *testing.T) {
	used, plural := usedMessages(t)
	if len(used) < 150 {
		t.Fatalf("found only %d translated messages: is tr still how the UI translates?", len(used))
	}
	if *updateLang {
		// New messages are added as their key; the plural forms already written are kept.
		old := readMessages(t, "reel.en.json")
		en := map[string]any{}
		for k := range used {
			switch {
			case plural[k] && len(old[k]) > 1:
				en[k] = old[k]
			case plural[k]:
				en[k] = map[string]string{"one": k, "other": k}
			default:
				en[k] = k
			}
		}
		data, _ := json.MarshalIndent(en, "", "  ")
		if err := os.WriteFile(filepath.Join("translations", "reel.en.json"), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, file := range []string{"reel.en.json", "reel.zh_Hans.json"} {
		msgs := readMessages(t, file)
		var missing []string
		for k, at := range used {
			forms, ok := msgs[k]
			if !ok || strings.TrimSpace(forms["other"]) == "" {
				missing = append(missing, at+": "+strconv.Quote(k))
				continue
			}
			if len(forms) > 1 && !plural[k] {
				t.Errorf("%s: %q has plural forms, but the UI does not count it (use trn)", file, k)
			}
			if file == "reel.en.json" && plural[k] && forms["one"] == "" {
				t.Errorf("%s: %q is counted, but has no \"one\" form", file, k)
			}
			for form, v := range forms {
				if form != "one" && form != "other" && form != "zero" && form != "two" && form != "few" && form != "many" {
					t.Errorf("%s: %q has a form %q, which is not a CLDR plural category", file, k, form)
				}
				// "1 film" may say its one without a verb; every other form keeps them all.
				if got, want := verbs(v), verbs(k); !slices.Equal(got, want) && form != "one" {
					t.Errorf("%s: %q (%s) is translated with values %v, want %v", file, k, form, got, want)
				}
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("%s has no entry for %s", file, m)
		}
		for k := range msgs {
			if _, ok := used[k]; !ok {
				t.Errorf("%s: %q is no longer used by the UI: remove it", file, k)
			}
		}
	}
}

func TestVerbs(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"%d films", []string{"%[1]d"}},
		{"Volume %.0f%%", []string{"%[1].0f"}},
		{"%d h %02d min", []string{"%[1]d", "%[2]02d"}},
		{"%[2]d then %s", []string{"%[2]d", "%[3]s"}},
		{"%[2]s 的 %[1]d", []string{"%[1]d", "%[2]s"}},
		{"no values", nil},
	} {
		if got := verbs(c.in); !slices.Equal(got, c.want) {
			t.Errorf("verbs(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestChineseGlyphs fails when Chinese would show as empty boxes: Fyne's own font has no
// Chinese, and falls back to a system font that has (fonts-wqy-microhei, from scripts/setup).
// Two different characters must draw differently, with ink, and as wide as Chinese is.
func TestChineseGlyphs(t *testing.T) {
	test.NewTempApp(t)
	draw := func(s string) image.Image {
		txt := canvas.NewText(s, color.White)
		txt.TextSize = 24
		w := test.NewWindow(container.NewWithoutLayout(txt))
		defer w.Close()
		w.Resize(fyne.NewSize(80, 50))
		txt.Move(fyne.NewPos(4, 4))
		txt.Resize(txt.MinSize())
		return w.Canvas().Capture()
	}
	ink := func(img image.Image) (n int) {
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r > 0x8000 {
					n++
				}
			}
		}
		return n
	}
	a, b := draw("片"), draw("库")
	if ink(a) < 20 || ink(b) < 20 {
		t.Fatalf("Chinese characters draw %d and %d light pixels: no font with Chinese is installed (scripts/setup installs fonts-wqy-microhei)", ink(a), ink(b))
	}
	same := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) == b.At(x, y) {
				same++
			}
		}
	}
	if total := a.Bounds().Dx() * a.Bounds().Dy(); same == total {
		t.Fatalf("片 and 库 draw the same picture: both are the missing-glyph box (scripts/setup installs fonts-wqy-microhei)")
	}
	if w := fyne.MeasureText("片库", 24, fyne.TextStyle{}).Width; w < 40 {
		t.Errorf("片库 measures %.0f wide at 24 px: not drawn with a Chinese font", w)
	}
}

func TestSpoken(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{{"zh-CN", true}, {"zh", true}, {"en-GB", true}, {"fr-FR", false}, {"", false}} {
		if got := spoken(c.in); got != c.want {
			t.Errorf("spoken(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
