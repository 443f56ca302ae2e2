package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/cliflag"
	"github.com/hookrun/hookrun/internal/hookrepos"
)

// cmdAutoupdate moves each remote repository of .pre-commit-config.yaml to its newest
// tag, as pre-commit's autoupdate does, rewriting only the rev values. It runs no hook.
func cmdAutoupdate(ctx context.Context, args []string, s stdio) int {
	flags := newFlags("autoupdate", "autoupdate [--freeze] [--bleeding-edge] [--repo URL]... [-j N]")
	var opt hookrepos.UpdateOptions
	var repos cliflag.Strings
	flags.BoolVar(&opt.Freeze, "freeze", false, "pin each rev to a commit id, the tag in a # frozen: comment")
	flags.BoolVar(&opt.BleedingEdge, "bleeding-edge", false, "take the head of each default branch, not its newest tag")
	flags.Var(&repos, "repo", "update only the repository `URL` (repeatable)")
	flags.IntVar(&opt.Jobs, "jobs", 1, "fetch `N` repositories at once (0: one per CPU)")
	flags.IntVar(&opt.Jobs, "j", 1, "short for --jobs")
	repo, code := parseAndOpen(ctx, flags, args, s)
	if repo == nil {
		return code
	}
	path := filepath.Join(repo.Root, precommit.FileName)
	pc, code := parsePreCommit(path, repo.Root, s)
	if pc == nil {
		return code
	}
	opt.Root, opt.Repos, opt.Env = repo.Root, repos, s.env.environ
	ups, err := hookrepos.Autoupdate(ctx, pc, opt)
	if err != nil {
		fmt.Fprintln(s.out, err)
		return exitFailed
	}
	for _, u := range ups {
		line, failed := u.Line()
		fmt.Fprintf(s.out, "[%s] %s\n", u.Repo.Repo, line)
		if failed {
			code = exitFailed
		}
	}
	if err := hookrepos.WriteUpdates(path, ups); err != nil {
		s.errorf("write %s: %v", precommit.FileName, err)
		return exitEnvironment
	}
	return code
}
