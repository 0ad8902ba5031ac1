package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-app/reel/app"
	"github.com/reel-app/reel/core"
)

// appSettings is the settings window's view of settings.json and of Reel's folders.
type appSettings struct {
	*core.SettingsFile
	lib *core.Library
	// hostChanged points the companion at a new Ollama address; nil while --ollama overrides
	// the settings for this run.
	hostChanged func(string)
}

func (s *appSettings) Preferences() app.Preferences {
	st := s.Get()
	return app.Preferences{Ollama: st.Ollama, SendPlot: st.SendPlot, SendFrames: !st.NoFrames, Language: st.Language}
}

func (s *appSettings) SetPreferences(p app.Preferences) error {
	var hostWas string
	err := s.Update(func(st *core.Settings) {
		hostWas = st.Ollama
		st.Ollama, st.SendPlot, st.NoFrames, st.Language = p.Ollama, p.SendPlot, !p.SendFrames, p.Language
	})
	if err != nil {
		return err
	}
	if p.Ollama != hostWas && s.hostChanged != nil {
		s.hostChanged(p.Ollama)
	}
	return nil
}

func (s *appSettings) Places() []app.Place {
	return []app.Place{
		{Name: "Settings", Path: s.SettingsFile.Places().Config},
		{Name: "Library data", Path: s.SettingsFile.Places().Data},
		{Name: "Caches", Path: s.SettingsFile.Places().Cache},
		{Name: "Logs", Path: s.SettingsFile.Places().State},
	}
}

// ClearCaches deletes the posters and scene thumbnails. The analysis sees the thumbnails gone
// and finds the scenes again; posters are made again by the next listing.
func (s *appSettings) ClearCaches(ctx context.Context) (int64, error) {
	var freed int64
	var errs []error
	for _, dir := range []string{s.SettingsFile.Places().PosterDir(), s.SettingsFile.Places().SceneDir()} {
		freed += diskUsage(dir)
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
		}
	}
	return freed, errors.Join(errs...)
}

func (s *appSettings) ExportUserData(_ context.Context, path string) (int, error) {
	return core.ExportUserData(s.lib.Store, path)
}

// ImportUserData takes the data back and makes the imported notes searchable at once.
func (s *appSettings) ImportUserData(_ context.Context, path string) (app.ImportResult, error) {
	in, err := core.ReadExport(path)
	if err != nil {
		return app.ImportResult{}, err
	}
	ids, skipped, err := core.ImportUserData(s.lib, in)
	return app.ImportResult{Films: len(ids), Skipped: skipped}, err
}

// diskUsage is the size of the files under dir.
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
