package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/hookrun/hookrun/internal/hookrepos"
)

// cmdTryRepo runs the hooks of a hook repository (or one of them) without a config, as
// pre-commit's try-repo does: a local repository as its work tree is now. It prints the
// config it wrote, then runs it with the run flags that follow.
func cmdTryRepo(ctx context.Context, args []string, s stdio) int {
	repoArg, opt, runArgs, ok := hookrepos.TryArgs(args)
	if !ok {
		s.errorf("usage: hookrun try-repo REPO [HOOK] [--ref REV] [run flags such as --all-files or --files FILE...]")
		return exitUsage
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	opt.Root, opt.Env = repo.Root, s.env.environ
	t, err := hookrepos.Try(ctx, repoArg, opt)
	if err != nil {
		s.errorf("try-repo %s: %v", repoArg, err)
		return exitEnvironment
	}
	defer func() { _ = t.Close() }() // a temporary directory
	rule := strings.Repeat("=", 79)
	fmt.Fprintf(s.out, "%s\nUsing config:\n%s\n%s%s\n", rule, rule, t.Config, rule)
	if t.CacheDir != "" {
		s.env = readEnvironment(append(s.env.environ, "HOOKRUN_CACHE_DIR="+t.CacheDir))
	}
	return cmdRun(ctx, append([]string{"--config", t.Path}, runArgs...), s)
}
