package main

import (
	"context"

	"github.com/hookrun/hookrun/internal/gitrepo"
)

// cmdRestore finishes an interrupted run. Every hookrun command does this first; the
// command gives users a name for it.
func cmdRestore(ctx context.Context, args []string, s stdio) int {
	fs := newFlags("restore", "restore", s)
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	wd, ok := getwd(s)
	if !ok {
		return exitEnvironment
	}
	repo, err := gitrepo.Open(ctx, wd)
	if err != nil {
		s.errorf("%v", err)
		return exitEnvironment
	}
	rep, err := repo.Recover(context.WithoutCancel(ctx))
	if err != nil {
		s.errorf("restore: %v", err)
		return exitEnvironment
	}
	if recoveryEmpty(rep) {
		s.errorf("nothing to restore")
	}
	reportRecovery(s, rep)
	return exitOK
}
