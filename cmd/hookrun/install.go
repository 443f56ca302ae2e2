package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/cliflag"
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
	fs := newFlags(name, name+" [--stage STAGE]... [--force]")
	var stages cliflag.Strings
	fs.Var(&stages, "stage", "the git hook `STAGE` to "+name+" (repeatable; default: the stages the config uses)")
	force := fs.Bool("force", false, "replace an existing hook even if a kept copy of an earlier one exists")
	cfgPath := fs.String("config", "", "config `FILE`")
	repo, code := parseAndOpen(ctx, fs, args, s)
	if repo == nil {
		return code
	}
	for _, st := range stages {
		if !config.IsGitHook(st) {
			s.errorf("--stage %q is not a git hook hookrun installs", st)
			return exitUsage
		}
	}
	if len(stages) == 0 {
		if install {
			if stages, code = installStages(ctx, repo, *cfgPath, s); stages == nil {
				return code
			}
		} else {
			stages = config.GitHooks()
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
		kept := ""
		if _, err := os.Lstat(p + ".hookrun-legacy"); install && err == nil {
			kept = fmt.Sprintf(" (the hook that was there is kept as %s.hookrun-legacy and runs first; hookrun uninstall puts it back)", filepath.Base(p))
		}
		fmt.Fprintf(s.out, "hookrun: %sed %s%s\n", name, rel, kept)
	}
	if !install {
		return exitOK
	}
	for _, st := range repo.KeptPreCommit(ctx, stages) {
		s.errorf("warning: the %s hook kept beside hookrun's is pre-commit's own and runs first, so the hooks "+
			"would run twice; `pre-commit uninstall` (then `hookrun install` again) leaves them to hookrun", st)
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

// installStages are the git hooks a config needs: the stages hookrun.yaml's hooks use,
// or a .pre-commit-config.yaml's default_install_hook_types (those hookrun installs).
func installStages(ctx context.Context, repo *gitrepo.Repo, cfgPath string, s stdio) ([]string, int) {
	path := precommit.ConfigPath(repo.Root, cfgPath, s.env.preCommit)
	if !precommit.IsConfigFile(path) {
		cfg, code := loadConfig(ctx, repo, repo.Root, cfgPath, true, s)
		if cfg == nil {
			return nil, code
		}
		return cfg.GitStages(), exitOK
	}
	pc, code := parsePreCommit(path, repo.Root, s)
	if pc == nil {
		return nil, code
	}
	stages, others := pc.InstallStages()
	for _, st := range others {
		s.errorf("warning: %s hooks are not installed by hookrun; run them with hookrun run --stage %s", st, st)
	}
	return stages, exitOK
}
