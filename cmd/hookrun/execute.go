package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/report"
	"github.com/hookrun/hookrun/internal/sched"
	"github.com/hookrun/hookrun/runners/command"
)

// runSelected hides unstaged work if asked, runs the selected hooks, applies the fix
// policy, puts the work back and reports. The restore runs whatever happened before it.
func runSelected(ctx context.Context, repo *gitrepo.Repo, cfg *config.File, req runRequest, sel []hooks.Selection, s stdio) int {
	ctx, stop := signalContext(ctx)
	defer stop()
	m := mode(req.flags)
	plain := !isTerminal(s.err)
	runner := &command.Runner{Root: repo.Root, Mode: m, Env: command.BaseEnv(m, plain)}
	jobs, batches := buildJobs(sel, m, jobsLimit(req.flags, cfg), runner.Env)
	rep := report.NewText(s.err, report.TextOptions{
		Color: !plain && !noColor(), Verbose: req.flags.verbose, Quiet: req.flags.quiet,
	}, sel, batches)

	var stash *gitrepo.Stash
	if req.stash && len(jobs) > 0 {
		var err error
		if stash, err = repo.Stash(ctx); err != nil {
			s.errorf("hide unstaged changes: %v", err)
			return exitEnvironment
		}
		if n := len(stash.Hidden()); n > 0 {
			s.errorf("hid unstaged changes in %d %s while hooks run (backup in %s)", n, plural(n, "file", "files"), stashDir(repo))
		}
	}
	var (
		stage []string
		ran   sync.Map // jobs reported as they finished; the rest are reported after Run
	)
	results := sched.Run(ctx, sched.NewPlan(jobs), func(ctx context.Context, j hooks.Job) hooks.Result {
		return runner.Exec(ctx, j)
	}, sched.Options{
		Jobs:     jobsLimit(req.flags, cfg),
		FailFast: req.flags.failFast || cfg.FailFast,
		Root:     repo.Root,
		OnFinish: func(r hooks.Result) {
			applyFixPolicy(&r, m)
			ran.Store(jobKey{r.Job.Hook, r.Job.Batch}, true)
			rep.Finished(r)
		},
	})
	for i := range results {
		r := &results[i]
		applyFixPolicy(r, m)
		if _, ok := ran.Load(jobKey{r.Job.Hook, r.Job.Batch}); !ok {
			rep.Finished(*r)
		}
		if r.Job.Hook.StageFixed && r.Status == hooks.Passed {
			stage = append(stage, r.Modified...)
		}
	}
	code := exitOK
	if stash != nil {
		code = max(code, finishStash(ctx, repo, stash, results, stage, s))
	} else if len(stage) > 0 {
		code = max(code, stageFiles(ctx, repo, stage, s))
	}
	rep.Flush()
	return max(code, summarize(ctx, rep.Results(), s))
}

// buildJobs splits each selected hook's files into batches; batches[i] counts hook i's jobs.
func buildJobs(sel []hooks.Selection, m hooks.Mode, slots int, env []string) ([]hooks.Job, []int) {
	var jobs []hooks.Job
	batches := make([]int, len(sel))
	limit := sched.ArgLimit(env)
	for i, s := range sel {
		if s.Skip != "" {
			continue
		}
		_, writes := s.Hook.Command(m)
		parts := [][]string{s.Files}
		if s.Hook.PassFiles && len(s.Files) > 0 {
			parts = sched.Split(s.Hook, s.Files, slots, limit)
		}
		for b, files := range parts {
			jobs = append(jobs, hooks.Job{Hook: s.Hook, Files: files, Writes: writes, Batch: b})
		}
		batches[i] = len(parts)
	}
	return jobs, batches
}

// applyFixPolicy fails a fixer that changed files unless the hook re-stages its fixes.
// It is idempotent: the report and the final tally both call it.
func applyFixPolicy(r *hooks.Result, m hooks.Mode) {
	if len(r.Modified) == 0 || r.Status != hooks.Passed {
		return
	}
	if m == hooks.Check || !r.Job.Hook.StageFixed {
		r.Status = hooks.Modified
	}
}

// jobKey names a job across the scheduler's callbacks and its results.
type jobKey struct {
	hook  *hooks.Hook
	batch int
}

// finishStash puts the hidden work back, staging fixes first. A fixer whose edits collide
// with unstaged changes gets every fix rolled back, and the run fails.
func finishStash(ctx context.Context, repo *gitrepo.Repo, st *gitrepo.Stash, results []hooks.Result, stage []string, s stdio) int {
	code := exitOK
	// Hooks ran on exactly what will be committed, so any difference from the index now
	// is a hook's doing, including hooks that take no file list.
	if extra := unclaimedChanges(ctx, repo, results, stage); len(extra) > 0 {
		s.errorf("hooks modified files they were not given: %s", strings.Join(extra, ", "))
		code = exitFailed
	}
	err := st.Restore(context.WithoutCancel(ctx), stage)
	var conflict *gitrepo.ConflictError
	switch {
	case errors.As(err, &conflict):
		s.errorf("%v\nthe fixes were rolled back and your unstaged changes restored; stage or stash them, then commit again", err)
		return exitFailed
	case err != nil:
		s.errorf("restore unstaged changes: %v\nyour changes are safe in %s; run `hookrun restore`", err, stashDir(repo))
		return exitEnvironment
	}
	if len(st.Hidden()) > 0 {
		s.errorf("restored unstaged changes in %d %s", len(st.Hidden()), plural(len(st.Hidden()), "file", "files"))
	}
	return code
}

func unclaimedChanges(ctx context.Context, repo *gitrepo.Repo, results []hooks.Result, stage []string) []string {
	changed, err := repo.Unstaged(context.WithoutCancel(ctx))
	if err != nil || len(changed) == 0 {
		return nil // the per-job check still caught what the hooks were given
	}
	claimed := map[string]bool{}
	for _, r := range results {
		for _, f := range r.Modified {
			claimed[f] = true
		}
	}
	for _, f := range stage {
		claimed[f] = true
	}
	var extra []string
	for _, f := range changed {
		if !claimed[f] {
			extra = append(extra, f)
		}
	}
	return extra
}

func stageFiles(ctx context.Context, repo *gitrepo.Repo, files []string, s stdio) int {
	if _, err := repo.Git(context.WithoutCancel(ctx), append([]string{"add", "--"}, files...)...); err != nil {
		s.errorf("stage fixed files: %v", err)
		return exitFailed
	}
	return exitOK
}

// summarize prints the closing line and turns the results into an exit code.
func summarize(ctx context.Context, results []report.HookResult, s stdio) int {
	count := map[hooks.Status]int{}
	for _, r := range results {
		count[r.Status]++
	}
	code := exitOK
	switch {
	case ctx.Err() != nil || count[hooks.Cancelled] > 0:
		s.errorf("interrupted")
		code = exitInterrupted
	case count[hooks.Failed] > 0 || count[hooks.Modified] > 0:
		code = exitFailed
	}
	if len(results) > 0 && code != exitInterrupted {
		var parts []string
		for _, st := range []hooks.Status{hooks.Passed, hooks.Failed, hooks.Modified, hooks.Skipped, hooks.NoFiles} {
			if count[st] > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
			}
		}
		s.errorf("%d %s: %s", len(results), plural(len(results), "hook", "hooks"), strings.Join(parts, ", "))
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
