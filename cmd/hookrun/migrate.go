package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
)

// cmdMigrate converts .pre-commit-config.yaml into an equivalent hookrun.yaml: built-ins
// where a hook is a known tool, commands otherwise, and says what it could not convert
// (file:line, the hook, why), exiting 1 when anything was dropped. It only reads.
func cmdMigrate(ctx context.Context, args []string, s stdio) int {
	flags := newFlags("migrate", "migrate [--force] [--stdout]")
	force := flags.Bool("force", false, "overwrite an existing hookrun.yaml")
	toStdout := flags.Bool("stdout", false, "print the converted config instead of writing hookrun.yaml")
	if code, ok := parseFlags(flags, args, s); !ok {
		return code
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	pc, warnings, err := precommit.Load(repo.Root)
	for _, w := range warnings {
		s.errorf("warning: %s", w)
	}
	if err != nil {
		printConfigError(s, repo.Root, err)
		return exitUsage
	}
	mig := precommit.Migrate(pc)
	for _, n := range mig.Notes {
		s.errorf("note: %s", n)
	}
	for _, d := range mig.Dropped {
		s.errorf("not converted: %s", d)
	}
	// Whatever was dropped makes the exit status 1: the result does less than the
	// original. A filter that did not convert is not dropped silently (the hook would
	// get every file): the hook is written commented out.
	code = exitOK
	if len(mig.Disabled) > 0 {
		s.errorf("migrate incomplete: no exact glob for the regexes of %s; write globs (hooks stay commented out until then)",
			strings.Join(mig.Disabled, ", "))
	}
	if !mig.Complete() {
		s.errorf("migrate dropped %d thing(s) listed above; the converted config does less than %s", len(mig.Dropped), precommit.FileName)
		code = exitFailed
	}
	data := mig.Data
	if *toStdout {
		_, _ = s.out.Write(data) // a closed pipe is the reader's choice
		return code
	}
	path := filepath.Join(repo.Root, config.FileNames[0])
	if _, err := os.Stat(path); err == nil && !*force {
		s.errorf("%s exists; hookrun migrate --force replaces it, --stdout prints the result", config.FileNames[0])
		return exitUsage
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		s.errorf("write %s: %v", path, err)
		return exitEnvironment
	}
	s.errorf("wrote %s from %s", config.FileNames[0], precommit.FileName)
	return code
}
