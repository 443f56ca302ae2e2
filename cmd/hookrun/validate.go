package main

import (
	"context"

	"github.com/hookrun/hookrun/internal/gitrepo"
)

func cmdValidate(ctx context.Context, args []string, s stdio) int {
	fs := newFlags("validate", "validate [--config FILE]", s)
	cfgPath := fs.String("config", "", "config `FILE` (default: the one at the repository root)")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	root, ok := getwd(s)
	if !ok {
		return exitEnvironment
	}
	if repo, err := gitrepo.Open(ctx, root); err == nil {
		root = repo.Root
	}
	cfg, code := loadConfig(ctx, nil, root, *cfgPath, s)
	if cfg == nil {
		return code
	}
	s.errorf("%s: ok (%d %s)", displayName(cfg.Path, root), len(cfg.Hooks), plural(len(cfg.Hooks), "hook", "hooks"))
	return exitOK
}

func displayName(p, root string) string {
	if root != "" && len(p) > len(root) && p[:len(root)] == root {
		return p[len(root)+1:]
	}
	return p
}
