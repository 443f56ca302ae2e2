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
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		s.errorf("usage: hookrun try-repo REPO [HOOK] [--ref REV] [run flags such as --all-files or --files FILE...]")
		return exitUsage
	}
	opt := hookrepos.TryOptions{Env: s.env.environ}
	repoArg, rest := args[0], args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		opt.Hook, rest = rest[0], rest[1:]
	}
	var runArgs []string
	for i := 0; i < len(rest); i++ {
		switch a := rest[i]; {
		case (a == "--ref" || a == "--rev") && i+1 < len(rest):
			opt.Ref, i = rest[i+1], i+1
		case strings.HasPrefix(a, "--ref=") || strings.HasPrefix(a, "--rev="):
			opt.Ref = a[len("--ref="):]
		default:
			runArgs = append(runArgs, a)
		}
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	opt.Root = repo.Root
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
