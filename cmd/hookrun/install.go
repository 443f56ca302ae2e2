package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

func cmdInstall(ctx context.Context, args []string, s stdio) int {
	return installOrUninstall(ctx, args, s, true)
}

func cmdUninstall(ctx context.Context, args []string, s stdio) int {
	return installOrUninstall(ctx, args, s, false)
}

func installOrUninstall(ctx context.Context, args []string, s stdio, install bool) int {
	name := map[bool]string{true: "install", false: "uninstall"}[install]
	fs := newFlags(name, name+" [--stage STAGE]... [--force]", s)
	var stages stringsFlag
	fs.Var(&stages, "stage", "the git hook `STAGE` to "+name+" (repeatable; default: the stages the config uses)")
	force := fs.Bool("force", false, "replace an existing hook even if a kept copy of an earlier one exists")
	cfgPath := fs.String("config", "", "config `FILE`")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	for _, st := range stages {
		if !slices.Contains(config.Stages, st) || st == "manual" {
			s.errorf("--stage %q is not a git hook hookrun installs", st)
			return exitUsage
		}
	}
	if len(stages) == 0 {
		if install {
			var code int
			if stages, code = installStages(ctx, repo, *cfgPath, s); stages == nil {
				return code
			}
		} else {
			stages = slices.DeleteFunc(slices.Clone(config.Stages), func(st string) bool { return st == "manual" })
		}
	}
	var (
		paths []string
		err   error
	)
	if install {
		paths, err = repo.Install(ctx, stages, selfPath(), *force)
	} else {
		paths, err = repo.Uninstall(ctx, stages)
	}
	if err != nil {
		s.errorf("%s: %v", name, err)
		return exitEnvironment
	}
	for _, p := range paths {
		rel, err := filepath.Rel(repo.Root, p)
		if err != nil {
			rel = p
		}
		fmt.Fprintf(s.out, "hookrun: %sed %s\n", name, rel)
	}
	return exitOK
}

// selfPath is the absolute path of the running hookrun, symlinks resolved, for shims to
// fall back on when hookrun is not on PATH; "" when it cannot be found, and the shims
// then rely on PATH alone.
func selfPath() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe
}

// configStages lists the git stages that the config's hooks use, pre-commit always.
func configStages(cfg *config.File) []string {
	used := map[string]bool{"pre-commit": true}
	for _, h := range cfg.Hooks {
		for _, st := range h.Stages {
			used[st] = true
		}
	}
	var out []string
	for _, st := range config.Stages {
		if used[st] && st != "manual" {
			out = append(out, st)
		}
	}
	return out
}

// installStages are the git hooks a config needs: the stages hookrun.yaml's hooks use,
// or a .pre-commit-config.yaml's default_install_hook_types (those hookrun installs).
func installStages(ctx context.Context, repo *gitrepo.Repo, cfgPath string, s stdio) ([]string, int) {
	path := configPath(repo.Root, cfgPath)
	if !isPreCommitConfig(path) {
		cfg, code := loadConfig(ctx, repo, repo.Root, cfgPath, s)
		if cfg == nil {
			return nil, code
		}
		return configStages(cfg), exitOK
	}
	data, err := os.ReadFile(path)
	if err != nil {
		s.errorf("read config: %v", err)
		return nil, exitUsage
	}
	pc, _, err := precommit.Parse(displayName(path, repo.Root), data)
	if err != nil {
		printConfigError(s, repo.Root, err)
		return nil, exitUsage
	}
	var stages []string
	for _, st := range pc.DefaultInstallHookTypes {
		if slices.Contains(config.Stages, st) && st != "manual" {
			stages = append(stages, st)
		} else {
			s.errorf("warning: %s hooks are not installed by hookrun; run them with hookrun run --stage %s", st, st)
		}
	}
	if len(stages) == 0 {
		stages = []string{"pre-commit"}
	}
	return stages, exitOK
}
