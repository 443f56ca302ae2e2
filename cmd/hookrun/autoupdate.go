package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/hookrepos"
)

// cmdAutoupdate moves each remote repository of .pre-commit-config.yaml to its newest
// tag, as pre-commit's autoupdate does, rewriting only the rev values. It runs no hook.
func cmdAutoupdate(ctx context.Context, args []string, s stdio) int {
	flags := newFlags("autoupdate", "autoupdate [--freeze] [--bleeding-edge] [--repo URL]... [-j N]")
	var opt hookrepos.UpdateOptions
	var repos stringsFlag
	flags.BoolVar(&opt.Freeze, "freeze", false, "pin each rev to a commit id, the tag in a # frozen: comment")
	flags.BoolVar(&opt.BleedingEdge, "bleeding-edge", false, "take the head of each default branch, not its newest tag")
	flags.Var(&repos, "repo", "update only the repository `URL` (repeatable)")
	flags.IntVar(&opt.Jobs, "jobs", 1, "fetch `N` repositories at once (0: one per CPU)")
	flags.IntVar(&opt.Jobs, "j", 1, "short for --jobs")
	if code, ok := parseFlags(flags, args, s); !ok {
		return code
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	path := filepath.Join(repo.Root, precommit.FileName)
	data, err := config.ReadFile(path)
	if err != nil {
		s.errorf("%v", err)
		return exitUsage
	}
	pc, _, err := precommit.Parse(precommit.FileName, data)
	if err != nil {
		printConfigError(s, repo.Root, err)
		return exitUsage
	}
	opt.Root, opt.Repos, opt.Env = repo.Root, repos, s.env.environ
	ups, err := hookrepos.Autoupdate(ctx, pc, opt)
	if err != nil {
		fmt.Fprintln(s.out, err)
		return exitFailed
	}
	code = exitOK
	for _, u := range ups {
		var cannot *hookrepos.CannotUpdateError
		switch {
		case errors.As(u.Err, &cannot):
			fmt.Fprintf(s.out, "[%s] %s\n", u.Repo.Repo, cannot)
			code = max(code, exitFailed)
		case u.Err != nil:
			s.errorf("[%s] %v", u.Repo.Repo, u.Err)
			code = exitEnvironment
		case u.Frozen != "" && u.Changed():
			fmt.Fprintf(s.out, "[%s] updating %s -> %s (frozen)\n", u.Repo.Repo, u.Repo.Rev, u.Frozen)
		case u.Changed():
			fmt.Fprintf(s.out, "[%s] updating %s -> %s\n", u.Repo.Repo, u.Repo.Rev, u.Rev)
		default:
			fmt.Fprintf(s.out, "[%s] already up to date!\n", u.Repo.Repo)
		}
	}
	if err := hookrepos.WriteUpdates(path, data, ups); err != nil {
		s.errorf("write %s: %v", precommit.FileName, err)
		return exitEnvironment
	}
	return code
}
