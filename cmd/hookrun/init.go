package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/runners"
)

// cmdInit writes a commented hookrun.yaml for the languages found in the repository.
func cmdInit(ctx context.Context, args []string, s stdio) int {
	flags := newFlags("init", "init [--force]")
	force := flags.Bool("force", false, "overwrite an existing hookrun.yaml")
	repo, code := parseAndOpen(ctx, flags, args, s)
	if repo == nil {
		return code
	}
	if p, err := config.Find(repo.Root); err == nil && !*force {
		s.errorf("%s exists; hookrun init --force replaces it", displayName(p, repo.Root))
		return exitUsage
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.errorf("%v", err)
		return exitEnvironment
	}
	// The files of a new project are often not even staged yet: untracked ones count too.
	ids, err := repo.ContentIDs(ctx)
	if err != nil {
		s.errorf("list files: %v", err)
		return exitEnvironment
	}
	files := runners.WithUntracked(repo.AllFiles(ids, false), ids.Untracked)
	sugs := runners.Detect(ctx, repo.Root, files, s.env.environ, runners.LocateOptions{NoExec: true})
	path := filepath.Join(repo.Root, config.FileNames[0])
	// The same hooks as the zero-config default, so that nothing changes but the file.
	if err := os.WriteFile(path, runners.DefaultConfig(sugs), 0o644); err != nil {
		s.errorf("write %s: %v", path, err)
		return exitEnvironment
	}
	s.errorf("wrote %s (%s); hookrun install makes git run it", config.FileNames[0], runners.Summary(sugs))
	return exitOK
}
