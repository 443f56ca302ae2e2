package main

import (
	"context"
	"io"
	"path/filepath"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/engine"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// cmdHook is what the installed shims call: `hookrun hook STAGE ARGS...`, with git's
// arguments and stdin. It runs a hook that was there before `hookrun install` first, then
// turns git's arguments into the same run that `hookrun run --stage STAGE` starts.
func cmdHook(ctx context.Context, args []string, s stdio) int {
	if len(args) == 0 {
		s.errorf("usage: hookrun hook STAGE [git's hook arguments]")
		return exitUsage
	}
	stage, gitArgs := hooks.Stage(args[0]), args[1:]
	var stdin []byte
	if stage == hooks.PrePush {
		var err error
		if stdin, err = io.ReadAll(s.in); err != nil {
			s.errorf("read pre-push refs: %v", err)
			return exitEnvironment
		}
	}
	if code := runLegacy(ctx, gitArgs, stdin, s); code != exitOK {
		return code
	}
	req := runRequest{stage: stage, vars: engine.ArgVars(stage, gitArgs)}
	switch stage {
	case hooks.CommitMsg, hooks.PrepareCommitMsg:
		if len(gitArgs) == 0 {
			s.errorf("%s: git passed no message file", stage)
			return exitUsage
		}
		req.msgFile = gitArgs[0]
	case hooks.PrePush:
		return prePush(ctx, req, gitArgs, stdin, s)
	}
	return execute(ctx, req, s)
}

func prePush(ctx context.Context, req runRequest, gitArgs []string, stdin []byte, s stdio) int {
	if skipAll(ctx, s.env) {
		return exitOK
	}
	remote := ""
	if len(gitArgs) > 0 {
		remote = gitArgs[0]
	}
	repo, code := openRepo(ctx, s)
	if repo == nil {
		return code
	}
	ranges, err := gitrepo.ParsePushLines(stdin)
	if err != nil {
		s.errorf("read pre-push refs: %v", err)
		return exitEnvironment
	}
	scope, ok, err := repo.PushScope(ctx, remote, ranges)
	switch {
	case err != nil:
		s.errorf("find pushed commits: %v", err)
		return exitEnvironment
	case !ok:
		return exitOK // nothing new is pushed
	}
	req.scope = scope
	req.vars = append(req.vars, engine.PushVars(ctx, repo, ranges, scope)...)
	return execute(ctx, req, s)
}

// runLegacy runs the hook that `hookrun install` found in place and kept (the shim names
// it in HOOKRUN_LEGACY_HOOK), with git's arguments and stdin; its failure stops the commit
// as it did before.
func runLegacy(ctx context.Context, args []string, stdin []byte, s stdio) int {
	path := s.env.legacy
	if path == "" {
		return exitOK
	}
	code, err := gitrepo.RunHook(ctx, path, args, stdin, s.out, s.err)
	if err != nil {
		s.errorf("run %s: %v", filepath.Base(path), err)
		return exitEnvironment
	}
	return code
}
