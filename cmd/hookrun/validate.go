package main

import (
	"context"
	"path/filepath"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

func cmdValidate(ctx context.Context, args []string, s stdio) int {
	fs := newFlags("validate", "validate [--config FILE]")
	cfgPath := fs.String("config", "", "config `FILE` (default: the one at the repository root)")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	root, ok := getwd(s)
	if !ok {
		return exitEnvironment
	}
	if repo, err := gitrepo.OpenEnv(ctx, root, s.env.environ); err == nil {
		root = repo.Root
	}
	path := precommit.ConfigPath(root, *cfgPath, s.env.preCommit)
	if precommit.IsConfigFile(path) {
		return validatePreCommit(path, root, s)
	}
	cfg, code := loadConfig(ctx, nil, root, path, true, s)
	if cfg == nil {
		return code
	}
	for _, w := range config.Warnings(cfg) { // warnings leave the exit code alone
		printConfigError(s, root, w)
	}
	s.errorf("%s: ok (%d %s)", displayName(cfg.Path, root), len(cfg.Hooks), plural(len(cfg.Hooks), "hook", "hooks"))
	return exitOK
}

// validatePreCommit checks a .pre-commit-config.yaml as a run reads it (the pre-commit
// parser), without cloning its repositories.
func validatePreCommit(path, root string, s stdio) int {
	pc, code := parsePreCommit(path, root, s)
	if pc == nil {
		return code
	}
	n := 0
	for _, r := range pc.Repos {
		n += len(r.Hooks)
	}
	s.errorf("%s: ok (%d %s)", displayName(path, root), n, plural(n, "hook", "hooks"))
	return exitOK
}

// displayName shows p relative to root when it lies inside it, slash-separated.
func displayName(p, root string) string {
	if root == "" {
		return p
	}
	if rel, err := filepath.Rel(root, p); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return p
}
