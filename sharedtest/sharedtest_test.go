package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that notes how a call ended instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed bool
	msg             string
}

func (r *recorder) Helper() {}
func (r *recorder) Skip(args ...any) {
	r.skipped = true
	panic(r)
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	panic(r)
}

func run(t *testing.T, fn func(tb testing.TB)) (r *recorder) {
	r = &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
	}()
	fn(r)
	return r
}

func TestPath(t *testing.T) {
	home := t.TempDir()
	repo := filepath.Join(home, "main", "pkg")
	os.MkdirAll(repo, 0o755)
	os.MkdirAll(filepath.Join(home, "shared", "testdata", "media"), 0o755)
	os.WriteFile(filepath.Join(home, "shared", "testdata", "media", "a.mkv"), []byte("x"), 0o644)
	bare := t.TempDir()
	for _, tt := range []struct {
		name, dir, ci, rel string
		wantSkip, wantFail bool
	}{
		{"found", repo, "", "media/a.mkv", false, false},
		{"found under CI", repo, "true", "media/a.mkv", false, false},
		{"a missing file fails", repo, "", "media/b.mkv", false, true},
		{"no shared folder skips", bare, "", "media/a.mkv", true, false},
		{"no shared folder under CI fails", bare, "true", "media/a.mkv", false, true},
		{"CI=false is not CI", bare, "false", "media/a.mkv", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.dir)
			t.Setenv("CI", tt.ci)
			var got string
			r := run(t, func(tb testing.TB) { got = Path(tb, tt.rel) })
			if r.skipped != tt.wantSkip || r.failed != tt.wantFail {
				t.Errorf("skipped %v failed %v, want %v %v", r.skipped, r.failed, tt.wantSkip, tt.wantFail)
			}
			if !tt.wantSkip && !tt.wantFail && filepath.Base(got) != "a.mkv" {
				t.Errorf("path %q", got)
			}
		})
	}
}
