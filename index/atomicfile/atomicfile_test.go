package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	errWrite := errors.New("the write failed")
	tests := []struct {
		name    string
		file    string // the target, in a fresh folder
		before  string // its content first, "" for no file
		write   func(path string) error
		want    string // its content after
		wantErr error
	}{
		{name: "writes a new file", file: "settings.json",
			write: func(p string) error { return WriteFile(p, []byte("new\n"), 0o644) }, want: "new\n"},
		{name: "replaces a file", file: "settings.json", before: "old\n",
			write: func(p string) error { return WriteFile(p, []byte("new\n"), 0o644) }, want: "new\n"},
		{name: "streams into the file", file: "poster.jpg", before: "old",
			write: func(p string) error {
				return Write(p, 0o644, func(w io.Writer) error {
					_, err := io.WriteString(w, "part one, ")
					if err == nil {
						_, err = io.WriteString(w, "part two")
					}
					return err
				})
			}, want: "part one, part two"},
		{name: "a failed write leaves the old file", file: "export.json", before: "old\n",
			write: func(p string) error {
				return Write(p, 0o644, func(w io.Writer) error {
					io.WriteString(w, "half a fi")
					return errWrite
				})
			}, want: "old\n", wantErr: errWrite},
		{name: "a failed write leaves no file", file: "export.json",
			write: func(p string) error {
				return Write(p, 0o644, func(io.Writer) error { return errWrite })
			}, wantErr: errWrite},
		{name: "by name, keeping the extension", file: "Film (2001).mkv", before: "old",
			write: func(p string) error {
				return WritePath(p, 0o644, func(tmp string) error {
					if filepath.Ext(tmp) != ".mkv" || filepath.Dir(tmp) != filepath.Dir(p) {
						return errors.New("the temporary file " + tmp + " is not a .mkv beside " + p)
					}
					return os.WriteFile(tmp, []byte("film"), 0o600)
				})
			}, want: "film"},
		{name: "by name, a failed encode leaves the old file", file: "Film.mp4", before: "old",
			write: func(p string) error {
				return WritePath(p, 0o644, func(tmp string) error {
					os.WriteFile(tmp, []byte("half"), 0o600)
					return errWrite
				})
			}, want: "old", wantErr: errWrite},
		{name: "a missing folder is an error", file: "missing/settings.json",
			write: func(p string) error { return WriteFile(p, []byte("x"), 0o644) }, wantErr: os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if tt.before != "" {
				if err := os.WriteFile(path, []byte(tt.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := tt.write(path)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), path) {
				t.Errorf("the error %q does not name %s", err, path)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tt.want == "" && !errors.Is(rerr, os.ErrNotExist):
				t.Errorf("%s is there (%q, %v); want no file", tt.file, got, rerr)
			case tt.want != "" && string(got) != tt.want:
				t.Errorf("%s holds %q (%v), want %q", tt.file, got, rerr, tt.want)
			}
			if tt.want != "" {
				if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
					t.Errorf("mode %v, %v; want 0644", st.Mode(), err)
				}
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			for _, e := range entries {
				if e.Name() != filepath.Base(tt.file) {
					t.Errorf("%s left beside %s", e.Name(), tt.file)
				}
			}
		})
	}
}
