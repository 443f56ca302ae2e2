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
// where a hook is a known tool, commands otherwise, and says what it could not convert.
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
	data, notes, disabled := precommit.Migrate(pc)
	for _, n := range notes {
		s.errorf("not converted: %s", n)
	}
	// A filter that did not convert is not dropped (the hook would get every file): the
	// hook is written commented out, and the exit status says the result is incomplete.
	code = exitOK
	if len(disabled) > 0 {
		s.errorf("migrate incomplete: no exact glob for the regexes of %s; write globs (hooks stay commented out until then)",
			strings.Join(disabled, ", "))
		code = exitFailed
	}
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
