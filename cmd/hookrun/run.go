package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cliflag"
	"github.com/hookrun/hookrun/internal/engine"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/trace"
)

// runRequest is everything a run needs, decided from flags, environment and git.
type runRequest struct {
	flags   runFlags
	stage   hooks.Stage
	scope   gitrepo.Scope
	noFiles bool     // the stage passes no files (post-checkout, post-merge, pre-rebase)
	msgFile string   // commit-msg and prepare-commit-msg: the message file
	vars    []string // NAME=value: what git told the hook, for hooks (see engine.ArgVars)
	stash   bool     // hide unstaged changes while hooks run
	ids     []string // hook ids to run; empty means the stage's hooks
	// precommit: the hooks come from a .pre-commit-config.yaml, whose semantics say that
	// any hook changing any file fails ("files were modified by this hook").
	precommit bool
	readOnly  bool            // list: clone, build and execute nothing from the repository
	everyHook bool            // install-hooks: build every hook's environment, whatever the stage
	trace     *trace.Recorder // --trace; nil records nothing
	// contentIDs waits for the tree's content ids, listed in the background (nil: none).
	contentIDs func() (gitrepo.TreeIDs, error)
	clean      map[string]string // the stash's clean staged files (engine.Files.CleanIDs)
}

func cmdRun(ctx context.Context, args []string, s stdio) int {
	req, code, ok := parseRunRequest("run", "run [ID...] [--all | --files FILE... | --from-ref REF [--to-ref REF] | --last-commit] [flags]", args, s)
	if !ok {
		return code
	}
	return execute(ctx, req, s)
}

// parseRunRequest parses the flags that run and list share; ok is false when the caller
// should return code (help was printed, or the flags were bad).
func parseRunRequest(name, synopsis string, args []string, s stdio) (req runRequest, code int, ok bool) {
	fs := newFlags(name, synopsis)
	var f runFlags
	f.register(fs)
	// `run lint --files a.py b.py`: the words before --files name hooks, those after it
	// are files.
	head, tail := args, []string(nil)
	for i, a := range args {
		if a == "--" {
			break
		}
		if a == "--files" || a == "-files" {
			head, tail = args[:i], args[i:]
			break
		}
	}
	pos, err := cliflag.ParseInterspersed(fs, head)
	var files []string
	if err == nil && tail != nil {
		files, err = cliflag.ParseInterspersed(fs, tail)
	}
	if code, ok := flagResult(fs, err, s); !ok {
		return req, code, false
	}
	f.args = pos
	if tail != nil {
		f.hookIDs = append(f.hookIDs, pos...)
		f.args = files
	}
	if err := f.validate(s.env); err != nil {
		s.errorf("%v", err)
		return req, exitUsage, false
	}
	req = runRequest{flags: f, stage: hooks.Stage(f.stage), readOnly: name == "list"}
	if req.stage == "" {
		req.stage = hooks.PreCommit
	}
	return req, exitOK, true
}

// execute runs a request: the common path of `hookrun run` and the git hook entry point.
func execute(ctx context.Context, req runRequest, s stdio) int {
	if skipAll(ctx, s.env) {
		return exitOK
	}
	repo, proj, code := openProject(ctx, &req, s)
	if proj == nil {
		return code
	}
	cfg, hs := proj.cfg, proj.hooks
	if !proj.precommit && !slices.Contains(config.Stages, string(req.stage)) {
		s.errorf("unknown stage %q; one of %s", req.stage, strings.Join(config.Stages, ", "))
		return exitUsage
	}
	if bad, ok := checkIDs(hs, req.ids, s); !ok {
		return bad
	}
	warnUnknownSkips(hs, s)
	ctx, stop := signalContext(ctx)
	defer stop()
	req.trace = trace.New(req.flags.trace)
	cache := !req.flags.noCache && !req.noFiles && req.msgFile == ""
	if cache && req.scope.Kind == gitrepo.All { // nothing to hide: the ids list the files too
		req.contentIDs = repo.ContentIDsLater(ctx)
	}
	req.scope.Unchecked = req.precommit && req.contentIDs == nil // Select drops the missing
	files, stash, v := engine.Gather(ctx, repo, req.files(), s.errorf)
	if v != engine.OK {
		return exitCode(v)
	}
	if cache && req.contentIDs == nil && mode(req.flags, s.env) == hooks.Check {
		// Check mode's snapshot lists the tree: started while hooks are selected. Else the
		// result cache lists it only if it must (engine's hashedTree).
		req.contentIDs = repo.ContentIDsLater(ctx)
	}
	req.clean = stash.CleanIDs()
	ctx, sel := selectHooks(ctx, true, repo, cfg, hs, files, req, s)
	return runSelected(ctx, repo, cfg, req, sel, proj.tools, stash, s)
}

// openProject opens the repository (finishing an interrupted run), completes req from
// the flags and environment, and loads the config it names. proj is nil when the caller
// should return code.
func openProject(ctx context.Context, req *runRequest, s stdio) (repo *gitrepo.Repo, proj *project, code int) {
	if repo, code = openRepo(ctx, s); repo == nil {
		return nil, nil, code
	}
	completeRequest(req, s.env)
	if req.scope.Kind == gitrepo.Files {
		files, err := repo.FileArgs(req.scope.Files)
		if err != nil {
			s.errorf("%v", err)
			return nil, nil, exitUsage
		}
		req.scope.Files = files
	}
	if proj, code = loadProject(ctx, repo, *req, s); proj != nil { // pre-commit passes submodules to hooks
		req.precommit, req.scope.Gitlinks = proj.precommit, proj.precommit
	}
	return repo, proj, code
}

// completeRequest fills in what flags and environment imply: scope, mode and stash.
func completeRequest(req *runRequest, env *environment) {
	f := req.flags
	switch {
	case f.all:
		req.scope = gitrepo.Scope{Kind: gitrepo.All}
	case f.files:
		req.scope = gitrepo.Scope{Kind: gitrepo.Files, Files: f.args}
	case f.lastCommit:
		req.scope = gitrepo.Scope{Kind: gitrepo.LastCommit}
	case f.fromRef != "":
		req.scope = gitrepo.Scope{Kind: gitrepo.Range, From: f.fromRef, To: f.toRef}
		if f.toRef != "" {
			req.vars = append(req.vars, engine.RefVars(f.fromRef, f.toRef)...)
		}
	}
	if !f.files {
		req.ids = append(req.ids, f.args...)
	}
	req.ids = append(req.ids, f.hookIDs...)
	switch req.stage {
	case hooks.PostCheckout, hooks.PostMerge, hooks.PreRebase:
		req.noFiles = true
	}
	// Hide unstaged work whenever hooks check what git holds rather than files named
	// outright (as pre-commit does); never inside pre-commit, which already did, or in CI.
	req.stash = req.scope.Kind == gitrepo.Staged && !req.noFiles && req.msgFile == "" &&
		!env.preCommit && !env.ci
}

func checkIDs(hs []*hooks.Hook, ids []string, s stdio) (int, bool) {
	for _, id := range ids {
		if !hooks.HasID(hs, id) {
			hint := "`hookrun list` shows them"
			if c := config.Suggest(id, hookIDs(hs)); c != "" {
				hint = fmt.Sprintf("did you mean %q?", c)
			}
			if slices.ContainsFunc(commands(), func(c subcommand) bool { return c.name == id }) {
				hint = "flags go after the command: hookrun " + id + " [flags]" // hookrun -v run
			}
			s.errorf("no hook with id %q; %s", id, hint)
			return exitUsage, false
		}
	}
	return exitOK, true
}

func hookIDs(hs []*hooks.Hook) []string {
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.ID
	}
	return ids
}

// skipAll reports whether HOOKRUN=0 asks to skip every hook, or whether this hookrun was
// started by a hook of an outer hookrun in the same work tree (a tool that commits): both
// exit 0 at once, before anything touches the work tree the outer run has stashed.
func skipAll(ctx context.Context, env *environment) bool {
	return env.off || nestedRun(ctx, env)
}

// nestedRun reports whether active, the HOOKRUN_ACTIVE an outer run gave its hooks (its
// git dir), names the work tree around the working directory. A hook may commit in
// another repository (a fixture, a submodule, a checkout of its own): hookrun runs
// there as usual. An older hookrun set "1", which is no path: that still skips. A hook of
// a .pre-commit-config.yaml run (PRE_COMMIT=1) that starts hookrun, as the shipped
// hookrun hook does, is not nested: it runs hookrun's own config, as inside pre-commit.
func nestedRun(ctx context.Context, env *environment) bool {
	active := env.active
	if active == "" || env.preCommit {
		return false
	}
	if !filepath.IsAbs(active) {
		return true
	}
	wd, err := os.Getwd()
	if err != nil {
		return false // openRepo reports it
	}
	repo, err := gitrepo.OpenEnv(ctx, wd, env.environ)
	return err == nil && repo.GitDir == active
}

// warnUnknownSkips warns about ids in HOOKRUN_SKIP or SKIP that name no hook: a typo
// would otherwise run the hook meant to be skipped without a word. Only a warning, as
// pre-commit ignores them and SKIP is often set for more configs than this one.
func warnUnknownSkips(hs []*hooks.Hook, s stdio) {
	skipped := s.env.skipped
	for _, id := range slices.Sorted(maps.Keys(skipped)) {
		if !hooks.HasID(hs, id) {
			s.errorf("warning: %s: no hook with id %q, so it skips nothing; `hookrun list` shows them", skipped[id], id)
		}
	}
}

func mode(f runFlags, env *environment) hooks.Mode {
	switch {
	case f.check:
		return hooks.Check
	case f.fix:
		return hooks.Fix
	case env.ci:
		return hooks.Check
	}
	return hooks.Fix
}

func jobsLimit(f runFlags, cfg *config.File) int {
	switch {
	case f.jobs > 0:
		return f.jobs
	case cfg.Jobs > 0 && f.jobs < 0: // --jobs 0 asks for one per CPU, as jobs: 0 does
		return cfg.Jobs
	}
	return runtime.GOMAXPROCS(0)
}

// signalContext cancels on SIGINT and SIGTERM. Signals stay caught until stop is called,
// so a second Ctrl-C cannot interrupt the restore that follows the first.
func signalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
}

// files is which files req checks.
func (req *runRequest) files() engine.Files {
	return engine.Files{Scope: req.scope, NoFiles: req.noFiles, MsgFile: req.msgFile, Hide: req.stash, Phase: req.trace.Phase, ContentIDs: req.contentIDs, CleanIDs: req.clean}
}

// selectHooks picks the request's hooks and the files each one gets, saying first when a
// merge in progress narrowed the files. For a run (run, not list) in fix mode the files
// may be read as they are tagged, for the hooks (engine.SelectReading).
func selectHooks(ctx context.Context, run bool, repo *gitrepo.Repo, cfg *config.File, hs []*hooks.Hook, files []string, req runRequest, s stdio) (context.Context, []hooks.Selection) {
	if note := engine.MergeNote(repo, req.files()); note != "" {
		s.errorf("%s", note)
	}
	o := hooks.SelectOptions{Stage: req.stage, IDs: req.ids, Skipped: s.env.skipped, Exclude: cfg.Exclude}
	if !run || mode(req.flags, s.env) != hooks.Fix {
		return ctx, engine.Select(repo.Root, hs, files, req.files(), o)
	}
	return engine.SelectReading(ctx, repo.Root, hs, files, req.files(), o)
}
