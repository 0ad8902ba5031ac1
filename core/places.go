package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-app/reel/index/atomicfile"
)

// Places are the folders Reel keeps its state in.
type Places struct {
	Config string // settings.json
	Data   string // the demo library, the library store
	Cache  string // posters and thumbnails: deleting it loses nothing
	State  string // the window's logs (reel.log, rotated)
}

// PlacesFor returns the folders under dir when --data DIR is given, else the XDG base
// directories ($XDG_CONFIG_HOME/reel, $XDG_DATA_HOME/reel, $XDG_CACHE_HOME/reel,
// $XDG_STATE_HOME/reel). An XDG variable that is not an absolute path is ignored, as the XDG
// specification says; the folder under $HOME stands in for it, and then HOME must be set to an
// absolute path: the places are never relative to wherever Reel happens to start.
func PlacesFor(dir string) (Places, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return Places{}, fmt.Errorf("the data folder %s: %w", dir, err)
		}
		dir = abs
		return Places{Config: filepath.Join(dir, "config"), Data: filepath.Join(dir, "data"), Cache: filepath.Join(dir, "cache"), State: filepath.Join(dir, "state")}, nil
	}
	var homeErr error
	xdg := func(env, fallback string) string {
		if v := os.Getenv(env); filepath.IsAbs(v) {
			return filepath.Join(v, "reel")
		}
		home, err := homeDir()
		if err != nil {
			homeErr = err
			return ""
		}
		return filepath.Join(home, fallback, "reel")
	}
	p := Places{Config: xdg("XDG_CONFIG_HOME", ".config"), Data: xdg("XDG_DATA_HOME", ".local/share"), Cache: xdg("XDG_CACHE_HOME", ".cache"),
		State: xdg("XDG_STATE_HOME", ".local/state")}
	if homeErr != nil {
		return Places{}, homeErr
	}
	return p, nil
}

// homeDir is $HOME, which must be an absolute path.
func homeDir() (string, error) {
	home, err := os.UserHomeDir()
	switch {
	case err != nil || home == "":
		return "", errors.New("HOME is not set: set it, or run with --data DIR")
	case !filepath.IsAbs(home):
		return "", fmt.Errorf("HOME is %q, not an absolute path: set it to your home folder, or run with --data DIR", home)
	}
	return home, nil
}

// SettingsFile is settings.json.
func (p Places) SettingsFile() string { return filepath.Join(p.Config, "settings.json") }

// PosterDir and SceneDir hold the pictures Reel makes (Settings › Clear caches deletes them).
func (p Places) PosterDir() string { return filepath.Join(p.Cache, "posters") }
func (p Places) SceneDir() string  { return filepath.Join(p.Cache, "scenes") }

// Settings are the user's choices, kept in settings.json.
type Settings struct {
	Roots  []string `json:"roots"`
	Ollama string   `json:"ollama,omitempty"`
	// The companion's models ("" for automatic or none) and whether the plot may be sent.
	ChatModel   string `json:"chat_model,omitempty"`
	VisionModel string `json:"vision_model,omitempty"`
	EmbedModel  string `json:"embed_model,omitempty"`
	SendPlot    bool   `json:"send_plot,omitempty"`
	// NoFrames keeps the film's pictures from the model (Settings › Privacy); by default a
	// vision model gets the scene's keyframe with a note request.
	NoFrames bool   `json:"no_frames,omitempty"`
	Language string `json:"language,omitempty"` // "en", "zh", or "" for the system's
	// ContextLimit caps the context (num_ctx, in tokens) asked of the chat model; 0 for 8,192.
	// A model's own context, when smaller, is the limit.
	ContextLimit int `json:"context_limit,omitempty"`
	// Window is the library window's size when it last closed (out of full screen), in Fyne's
	// units; zero before the first close.
	Window WindowSize `json:"window,omitempty"`
}

// WindowSize is a window's size.
type WindowSize struct {
	Width  float32 `json:"width,omitempty"`
	Height float32 `json:"height,omitempty"`
}

// LoadSettings reads the settings; a missing file means defaults, a damaged one is an error
// that names the file (it is never overwritten silently).
func LoadSettings(p Places) (Settings, error) {
	var s Settings
	data, err := os.ReadFile(p.SettingsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("settings file %s is damaged (%v): fix or delete it", p.SettingsFile(), err)
	}
	return s, nil
}

// SaveSettings writes the settings (atomically).
func SaveSettings(p Places, s Settings) error {
	if err := os.MkdirAll(p.Config, 0o755); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	if err := atomicfile.WriteFile(p.SettingsFile(), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}
