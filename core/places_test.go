package core

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlacesFor(t *testing.T) {
	xdgVars := []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"}
	tests := []struct {
		name    string
		data    string            // --data
		env     map[string]string // HOME and XDG_*; the rest unset
		want    Places
		wantErr string
	}{
		{name: "--data", data: "/d", env: map[string]string{"HOME": ""},
			want: Places{Config: "/d/config", Data: "/d/data", Cache: "/d/cache", State: "/d/state"}},
		{name: "home", env: map[string]string{"HOME": "/home/u"},
			want: Places{Config: "/home/u/.config/reel", Data: "/home/u/.local/share/reel", Cache: "/home/u/.cache/reel", State: "/home/u/.local/state/reel"}},
		{name: "XDG variables", env: map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/c", "XDG_CACHE_HOME": "/k"},
			want: Places{Config: "/c/reel", Data: "/home/u/.local/share/reel", Cache: "/k/reel", State: "/home/u/.local/state/reel"}},
		{name: "a relative XDG variable is ignored", env: map[string]string{"HOME": "/home/u", "XDG_DATA_HOME": "data"},
			want: Places{Config: "/home/u/.config/reel", Data: "/home/u/.local/share/reel", Cache: "/home/u/.cache/reel", State: "/home/u/.local/state/reel"}},
		{name: "every XDG variable, no HOME", env: map[string]string{"HOME": "", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d", "XDG_CACHE_HOME": "/k", "XDG_STATE_HOME": "/s"},
			want: Places{Config: "/c/reel", Data: "/d/reel", Cache: "/k/reel", State: "/s/reel"}},
		{name: "no HOME", env: map[string]string{"HOME": ""},
			wantErr: "HOME is not set: set it, or run with --data DIR"},
		{name: "no HOME, some XDG variables", env: map[string]string{"HOME": "", "XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d"},
			wantErr: "HOME is not set: set it, or run with --data DIR"},
		{name: "a relative HOME", env: map[string]string{"HOME": "home/u"},
			wantErr: `HOME is "home/u", not an absolute path: set it to your home folder, or run with --data DIR`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range append(xdgVars, "HOME") {
				t.Setenv(v, tt.env[v])
			}
			got, err := PlacesFor(tt.data)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("PlacesFor = %+v, %v; want the error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("PlacesFor = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	// A relative --data is made absolute.
	t.Setenv("HOME", "")
	got, err := PlacesFor("rel")
	if err != nil || !filepath.IsAbs(got.Data) || !strings.HasSuffix(got.Data, filepath.Join("rel", "data")) {
		t.Errorf("PlacesFor(rel) = %+v, %v", got, err)
	}
}

// Settings saved are the settings loaded; a damaged file is an error that names it.
func TestSettingsRoundTrip(t *testing.T) {
	p, _ := PlacesFor(t.TempDir())
	if s, err := LoadSettings(p); err != nil || s.Ollama != "" || len(s.Roots) != 0 {
		t.Fatalf("no file: %+v, %v", s, err)
	}
	want := Settings{Roots: []string{"/films"}, Ollama: "http://10.0.0.5:11434", ChatModel: "m", NoFrames: true, Language: "zh"}
	if err := SaveSettings(p, want); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSettings(p)
	if err != nil || got.Ollama != want.Ollama || got.ChatModel != "m" || !got.NoFrames || got.Language != "zh" || len(got.Roots) != 1 {
		t.Errorf("loaded %+v, %v", got, err)
	}
	if err := os.WriteFile(p.SettingsFile(), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(p); err == nil || !strings.Contains(err.Error(), p.SettingsFile()) {
		t.Errorf("a damaged file: %v", err)
	}
}
