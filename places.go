package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// places are the folders Reel keeps its state in.
type places struct {
	Config string // settings.json
	Data   string // the demo library, the library store
	Cache  string // posters and thumbnails: deleting it loses nothing
	State  string // the window's logs (reel.log, rotated)
}

// placesFor returns the folders under dir when --data DIR is given, else the XDG base
// directories ($XDG_CONFIG_HOME/reel, $XDG_DATA_HOME/reel, $XDG_CACHE_HOME/reel,
// $XDG_STATE_HOME/reel).
func placesFor(dir string) places {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err == nil {
			dir = abs
		}
		return places{Config: filepath.Join(dir, "config"), Data: filepath.Join(dir, "data"), Cache: filepath.Join(dir, "cache"), State: filepath.Join(dir, "state")}
	}
	home, _ := os.UserHomeDir()
	xdg := func(env, fallback string) string {
		if v := os.Getenv(env); filepath.IsAbs(v) {
			return filepath.Join(v, "reel")
		}
		return filepath.Join(home, fallback, "reel")
	}
	return places{Config: xdg("XDG_CONFIG_HOME", ".config"), Data: xdg("XDG_DATA_HOME", ".local/share"), Cache: xdg("XDG_CACHE_HOME", ".cache"),
		State: xdg("XDG_STATE_HOME", ".local/state")}
}

// settings are the user's choices, kept in settings.json.
type settings struct {
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
}

func (p places) settingsFile() string { return filepath.Join(p.Config, "settings.json") }

// posterDir and sceneDir hold the pictures Reel makes (Settings › Clear caches deletes them).
func (p places) posterDir() string { return filepath.Join(p.Cache, "posters") }
func (p places) sceneDir() string  { return filepath.Join(p.Cache, "scenes") }

// loadSettings reads the settings; a missing file means defaults, a damaged one is an error
// that names the file (it is never overwritten silently).
func loadSettings(p places) (settings, error) {
	var s settings
	data, err := os.ReadFile(p.settingsFile())
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("settings file %s is damaged (%v): fix or delete it", p.settingsFile(), err)
	}
	return s, nil
}

func saveSettings(p places, s settings) error {
	if err := os.MkdirAll(p.Config, 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	tmp := p.settingsFile() + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p.settingsFile())
}
