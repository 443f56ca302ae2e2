package main

import (
	"context"

	"github.com/hookrun/hookrun/hooks"
)

// cmdInstallHooks clones and builds the environment of every hook of a pre-commit
// config ahead of runs (pre-commit install-hooks: a CI cache filled once); a failure
// names the hook. hookrun.yaml's hooks run the tools already installed: for them it only
// checks the config.
func cmdInstallHooks(ctx context.Context, args []string, s stdio) int {
	fs := newFlags("install-hooks", "install-hooks [--config FILE]")
	req := runRequest{stage: hooks.PreCommit, everyHook: true}
	fs.StringVar(&req.flags.config, "config", "", "config `FILE`")
	repo, code := parseAndOpen(ctx, fs, args, s)
	if repo == nil {
		return code
	}
	if proj, code := loadProject(ctx, repo, req, s); proj == nil || proj.precommit {
		return code
	}
	s.errorf("nothing to install: hookrun.yaml's hooks run the tools already installed")
	return exitOK
}
