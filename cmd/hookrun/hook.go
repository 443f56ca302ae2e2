package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/proc"
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
	req := runRequest{stage: stage, vars: argVars(stage, gitArgs)}
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
	req.vars = append(req.vars, pushVars(ctx, repo, ranges, scope)...)
	return execute(ctx, req, s)
}

// argVarNames names, in order, the arguments git passes to each hook (githooks(5)) as
// variables for the hooks hookrun runs; "" marks one handed on otherwise (the message
// file). The names are pre-commit's, without its PRE_COMMIT_ prefix or hookrun's
// HOOKRUN_, so that hooks written for pre-commit find them.
var argVarNames = map[hooks.Stage][]string{
	hooks.PrepareCommitMsg: {"", "COMMIT_MSG_SOURCE", "COMMIT_OBJECT_NAME"},
	hooks.PostCheckout:     {"FROM_REF", "TO_REF", "CHECKOUT_TYPE"},
	hooks.PostMerge:        {"IS_SQUASH_MERGE"},
	"post-rewrite":         {"REWRITE_COMMAND"}, // a pre-commit config's stage only
	hooks.PreRebase:        {"PRE_REBASE_UPSTREAM", "PRE_REBASE_BRANCH"},
	hooks.PrePush:          {"REMOTE_NAME", "REMOTE_URL"},
}

// argVars returns the variables, as NAME=value, that hand git's arguments for stage to
// hooks; an argument git left out or passed empty sets nothing.
func argVars(stage hooks.Stage, gitArgs []string) []string {
	var env []string
	for i, name := range argVarNames[stage] {
		if name != "" && i < len(gitArgs) && gitArgs[i] != "" {
			env = append(env, hookVar(name, gitArgs[i])...)
		}
	}
	if stage == hooks.PostCheckout && len(gitArgs) >= 2 {
		env = append(env, legacyRefVars(gitArgs[0], gitArgs[1])...)
	}
	return env
}

// runLegacy runs the hook that `hookrun install` found in place and kept (the shim names
// it in HOOKRUN_LEGACY_HOOK), with git's arguments and stdin; its failure stops the commit
// as it did before.
func runLegacy(ctx context.Context, args []string, stdin []byte, s stdio) int {
	path := s.env.legacy
	if path == "" {
		return exitOK
	}
	res, err := proc.Run(ctx, proc.Cmd{
		Path: path, Args: args, Stdin: bytes.NewReader(stdin),
		Stdout: s.out, Stderr: s.err,
	})
	if err != nil {
		s.errorf("run %s: %v", filepath.Base(path), err)
		return exitEnvironment
	}
	return res.ExitCode
}

// hookVar sets name for hooks under pre-commit's prefix and hookrun's own.
func hookVar(name, value string) []string {
	return []string{"PRE_COMMIT_" + name + "=" + value, "HOOKRUN_" + name + "=" + value}
}

// refVars are the variables of a run between two revisions.
func refVars(from, to string) []string {
	return slices.Concat(hookVar("FROM_REF", from), hookVar("TO_REF", to), legacyRefVars(from, to))
}

// legacyRefVars are pre-commit's old names for FROM_REF and TO_REF, which it still sets
// and older hooks still read.
func legacyRefVars(from, to string) []string {
	return []string{"PRE_COMMIT_ORIGIN=" + from, "PRE_COMMIT_SOURCE=" + to}
}

// pushVars are the variables of a pre-push run beyond git's arguments: the branches of
// the first ref pushed (pre-commit names one pair; hookrun checks every ref) and, when
// the pushed commits are one range, its ends as commit names.
func pushVars(ctx context.Context, repo *gitrepo.Repo, ranges []gitrepo.PushRange, scope gitrepo.Scope) []string {
	var env []string
	for _, r := range ranges {
		if strings.Trim(r.LocalSHA, "0") != "" { // not a deletion
			env = slices.Concat(hookVar("LOCAL_BRANCH", r.LocalRef), hookVar("REMOTE_BRANCH", r.RemoteRef))
			break
		}
	}
	if scope.Kind != gitrepo.Range {
		return env
	}
	from := scope.From
	// The range may start at the parent of the first new commit ("SHA^"); hooks get a
	// commit name, as from pre-commit.
	if out, err := repo.Git(ctx, "rev-parse", "--verify", "--quiet", from+"^{commit}"); err == nil {
		from = strings.TrimSpace(string(out))
	}
	return append(env, refVars(from, scope.To)...)
}
