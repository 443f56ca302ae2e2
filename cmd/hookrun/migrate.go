package main

import (
	"context"
	"os"
	"path/filepath"

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
	repo, code := parseAndOpen(ctx, flags, args, s)
	if repo == nil {
		return code
	}
	pc, code := parsePreCommit(filepath.Join(repo.Root, precommit.FileName), repo.Root, s)
	if pc == nil {
		return code
	}
	mig := precommit.Migrate(pc)
	for _, line := range mig.Report() {
		s.errorf("%s", line)
	}
	code = exitOK
	if !mig.Complete() { // the result does less than the original
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
