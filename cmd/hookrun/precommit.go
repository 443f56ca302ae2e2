package main

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/hookrepos"
	"github.com/hookrun/hookrun/runners"
)

// project is what a run works from: hookrun's config, or a .pre-commit-config.yaml
// resolved with pre-commit's semantics (cfg is then a stand-in carrying its fail_fast).
type project struct {
	cfg       *config.File
	hooks     []*hooks.Hook
	tools     *runners.Tools
	precommit bool
	unknown   map[*hooks.Hook]string // list: hooks whose manifest is not fetched yet, and why
}

// loadProject finds and resolves the hooks a run uses: --config (a hookrun.yaml, or a
// pre-commit config under any name), else hookrun.yaml at the root, else a
// .pre-commit-config.yaml there, else the zero-config default.
func loadProject(ctx context.Context, repo *gitrepo.Repo, req runRequest, s stdio) (*project, int) {
	path := precommit.ConfigPath(repo.Root, req.flags.config, s.env.preCommit)
	if precommit.IsConfigFile(path) {
		return loadPreCommit(ctx, repo, path, req, s)
	}
	cfg, code := loadConfig(ctx, repo, repo.Root, path, req.readOnly, s)
	if cfg == nil {
		return nil, code
	}
	hs := hooks.Resolve(cfg)
	runners.UseNatives(cfg, hs, s.env.environ)
	if s.env.ci { // a CI job starts afresh: a daemon would start cold and be left behind
		hooks.NoDaemons(hs)
	}
	return &project{cfg: cfg, hooks: hs, tools: runners.NewTools(repo.Root, cfg, hs)}, exitOK
}

// loadPreCommit runs a .pre-commit-config.yaml: its repositories cloned and their
// environments built in hookrun's cache, its hooks as pre-commit defines them.
func loadPreCommit(ctx context.Context, repo *gitrepo.Repo, path string, req runRequest, s stdio) (*project, int) {
	pc, code := parsePreCommit(path, repo.Root, s)
	if pc == nil {
		return nil, code
	}
	name := displayName(path, repo.Root)
	if !slices.Contains(precommit.Stages, string(req.stage)) {
		s.errorf("unknown stage %q; one of %s", req.stage, strings.Join(precommit.Stages, ", "))
		return nil, exitUsage
	}
	if code, ok := refuseUnstagedConfig(ctx, repo, name, req, s); !ok {
		return nil, code
	}
	stage := string(req.stage)
	if len(req.flags.args) > 0 && !req.flags.files || len(req.flags.hookIDs) > 0 {
		stage = "" // hooks named outright run whatever their stages
	}
	l, err := hookrepos.Prepare(ctx, pc, hookrepos.Options{
		Root: repo.Root, Config: path, Stage: stage, Env: s.env.environ, Jobs: req.flags.jobs, ReadOnly: req.readOnly, EveryHook: req.everyHook,
		Announce: func(msg string) { s.errorf("%s", msg) }, // before any view: on a terminal too
	})
	if err != nil {
		s.errorf("prepare hooks of %s: %v", name, err)
		if _, bad := errors.AsType[*precommit.ResolveError](err); bad {
			return nil, exitUsage // the config is wrong, as with any other config error
		}
		return nil, exitEnvironment
	}
	cfg := &config.File{Path: path, Version: 1, FailFast: pc.FailFast}
	return &project{cfg: cfg, hooks: l.Hooks, tools: runners.NewTools(repo.Root, nil, nil), precommit: true, unknown: l.Unknown}, exitOK
}

// parsePreCommit reads and parses the .pre-commit-config.yaml at path and prints its
// warnings, and its errors file:line:col first; the config is nil when the caller should
// return code.
func parsePreCommit(path, root string, s stdio) (*precommit.Config, int) {
	data, err := config.ReadFile(path)
	if err != nil {
		s.errorf("%v", err)
		return nil, exitUsage
	}
	pc, warnings, err := precommit.Parse(displayName(path, root), data)
	for _, w := range warnings {
		s.errorf("warning: %s", w)
	}
	if err != nil {
		printConfigError(s, root, err)
		return nil, exitUsage
	}
	return pc, exitOK
}

// refuseUnstagedConfig stops a run that hides unstaged changes when the config itself
// has some, as pre-commit does: the hooks would run from a config that is not committed.
// list runs nothing, so it lists the edited config. It asks git about that one file,
// not the whole work tree.
func refuseUnstagedConfig(ctx context.Context, repo *gitrepo.Repo, name string, req runRequest, s stdio) (int, bool) {
	if !req.stash || req.readOnly || filepath.IsAbs(name) { // outside the work tree (try-repo's): git has no changes of it
		return exitOK, true
	}
	unstaged, err := repo.Unstaged(ctx, name)
	if err != nil {
		s.errorf("list unstaged files: %v", err)
		return exitEnvironment, false
	}
	if slices.Contains(unstaged, name) {
		s.errorf("%s has unstaged changes; `git add %s` first", name, name)
		return exitFailed, false
	}
	return exitOK, true
}
