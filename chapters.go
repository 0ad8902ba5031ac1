package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-app/reel/index/store"
	"github.com/reel-app/reel/player"
	"github.com/reel-app/reel/player/ffmpeg"
)

func chapterCommand() command {
	var edl, force bool
	return command{name: "export-chapters", args: "FILM", summary: "write the film's scenes as chapters beside it (FFmetadata, or --edl)",
		min: 1, max: 1,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&edl, "edl", false, "write an EDL (Kodi, MPlayer) instead of an FFmetadata chapter file")
			fs.BoolVar(&force, "force", false, "replace a chapter file that is already there")
		},
		run: func(ctx context.Context, e *env, a []string) error {
			return cmdExportChapters(ctx, e, a[0], edl, force)
		}}
}

// cmdExportChapters finds the film (a path, or an id in the library), detects its scenes and
// writes them next to it: "<film>.ffmetadata" (for ffmpeg -i film -i film.ffmetadata
// -map_metadata 1 -c copy) or "<film>.edl". It never overwrites without --force.
func cmdExportChapters(ctx context.Context, e *env, ref string, edl, force bool) error {
	path := ref
	if _, err := os.Stat(ref); err != nil {
		st, err := store.Open(filepath.Join(e.places().Data, "library.db"))
		if err != nil {
			return err
		}
		f, err := findFilm(st, ref)
		st.Close()
		if err != nil {
			return err
		}
		path = f.Path
	}
	out := strings.TrimSuffix(path, filepath.Ext(path)) + ".ffmetadata"
	if edl {
		out = strings.TrimSuffix(path, filepath.Ext(path)) + ".edl"
	}
	if _, err := os.Stat(out); err == nil && !force {
		return usagef("%s is already there; --force replaces it", out)
	}
	res, err := ffmpeg.DetectScenes(ctx, path, ffmpeg.SceneOptions{})
	if err != nil {
		return err
	}
	text := ffmetadata(res.Scenes)
	if edl {
		text = edlText(res.Scenes)
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d scenes written to %s\n", len(res.Scenes), out)
	return nil
}

func ffmetadata(scenes []player.Scene) string {
	var b strings.Builder
	b.WriteString(";FFMETADATA1\n")
	for _, s := range scenes {
		fmt.Fprintf(&b, "\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=Scene %d\n", s.Start.Milliseconds(), s.End.Milliseconds(), s.Index+1)
	}
	return b.String()
}

// edlText writes one line per cut in the EDL Kodi and MPlayer read: "start end action", with
// action 3 (a chapter mark, Kodi's "scene marker") at each scene start.
func edlText(scenes []player.Scene) string {
	var b strings.Builder
	for _, s := range scenes[1:] {
		t := s.Start.Seconds()
		fmt.Fprintf(&b, "%.3f\t%.3f\t3\n", t, t)
	}
	return b.String()
}
