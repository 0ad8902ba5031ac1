package cli

import (
	"context"
	"fmt"

	"github.com/reel-app/reel/core"
)

// userDataCommands take what the user made of their films out of the library and back in
// (the format is core.UserExport).
func userDataCommands() []Command {
	return []Command{
		{Name: "export", Library: true, Args: "FILE", Summary: "write your ratings, reviews, history and scene notes to a JSON file", Min: 1, Max: 1,
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdExport(ctx, e, a[0]) }},
		{Name: "import", Library: true, Args: "FILE", Summary: "take back ratings, reviews, history and notes from `reel export` (matched by id, path or content)", Min: 1, Max: 1,
			Run: func(ctx context.Context, e *Env, a []string) error { return cmdImport(ctx, e, a[0]) }},
	}
}

func cmdExport(ctx context.Context, e *Env, path string) error {
	path = e.abs(path)
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	n, err := core.ExportUserData(lib.Store, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "exported your data for %d films to %s\n", n, path)
	return nil
}

// cmdImport takes the data back; the imported scene notes are searchable at once, as after an
// import from the window.
func cmdImport(ctx context.Context, e *Env, path string) error {
	path = e.abs(path)
	in, err := core.ReadExport(path) // a wrong file is said before the library is opened
	if err != nil {
		return err
	}
	lib, err := e.Library(ctx)
	if err != nil {
		return err
	}
	defer lib.Close()
	ids, skipped, err := core.ImportUserData(lib, in)
	if err != nil {
		return err
	}
	for _, title := range skipped {
		fmt.Fprintf(e.Stderr, "reel import: %s is not in this library: skipped\n", title)
	}
	fmt.Fprintf(e.Stdout, "imported your data for %d films (%d not in this library)\n", len(ids), len(skipped))
	return nil
}
