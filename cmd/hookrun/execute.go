package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/report"
	"github.com/hookrun/hookrun/internal/sched"
	"github.com/hookrun/hookrun/runners/command"
)

// execution is one run of selected hooks, from building its jobs to the reports.
type execution struct {
	repo    *gitrepo.Repo
	cfg     *config.File
	req     runRequest
	bi      *builtins
	s       stdio
	mode    hooks.Mode
	preview bool // check mode shows fixers' changes as diffs (--show-diff)
	stageOK bool // stage_fixed may stage (not in `git commit <paths>`: see partialCommit)
	cmds    *command.Runner
	fixes   *command.Runner // commands in fix mode, for previews
	logMu   sync.Mutex      // log_file appends
}

// runSelected hides unstaged work if asked, runs the selected hooks, applies the fix
// policy, puts the work back and reports. Once anything is hidden, the restore runs
// whatever happens after it.
func runSelected(ctx context.Context, repo *gitrepo.Repo, cfg *config.File, req runRequest, sel []hooks.Selection, bi *builtins, stash *gitrepo.Stash, s stdio) int {
	start := time.Now()
	m := mode(req.flags)
	e := &execution{repo: repo, cfg: cfg, req: req, bi: bi, s: s, mode: m, preview: showDiff(req.flags, m), stageOK: !partialCommit(repo)}
	env := append(command.BaseEnv(m, !isTerminal(s.err), repo.GitDir), req.vars...)
	if req.precommit {
		// pre-commit's hooks see PRE_COMMIT=1, and some rely on it; a hookrun started by
		// one (the shipped hookrun hook) then runs as it does inside pre-commit: its own
		// config, no second hiding of unstaged changes.
		env = append(env, "PRE_COMMIT=1")
	}
	e.cmds = &command.Runner{Root: repo.Root, Mode: m, Env: env}
	if tracker, err := proc.NewTracker(pidsDir(repo)); err == nil {
		e.cmds.Track = tracker.Add
		defer func() { _ = tracker.Close() }() // a leftover record only costs a no-op kill later
	}
	fixes := *e.cmds
	fixes.Mode = hooks.Fix
	e.fixes = &fixes
	jobs, batches := buildJobs(sel, bi, m, e.previews, jobsLimit(req.flags, cfg), e.cmds.Env)
	sink, stop := newSink(s, req.flags, sel, batches)
	var held bytes.Buffer
	if _, live := sink.(*report.Live); live {
		// The live view redraws its lines in place: anything printed meanwhile would be
		// drawn over, so messages wait until the view is done.
		e.s.err = &held
	}
	_, code := e.run(ctx, jobs, stash, sink)
	stop()
	sink.Flush()
	_, _ = s.err.Write(held.Bytes()) // a closed terminal is not worth failing over
	_, live := sink.(*report.Live)   // the live view ends with a summary of its own
	reps := sink.Results()
	code = max(code, summarize(ctx, reps, !live, code, s))
	return max(code, writeReports(req.flags, runReport(repo.Root, req, m, reps, time.Since(start)), s))
}

// run runs the jobs between hiding and restoring, and returns their results.
func (e *execution) run(ctx context.Context, jobs []hooks.Job, stash *gitrepo.Stash, sink report.Sink) ([]hooks.Result, int) {
	if len(jobs) == 0 {
		return nil, finishStash(ctx, e.repo, stash, nil, e.s)
	}
	if err := e.bi.locate(ctx, jobs, e.cmds.Env); err != nil {
		results := e.notRun(jobs, err, sink)
		return results, max(exitEnvironment, finishStash(ctx, e.repo, stash, nil, e.s))
	}
	watch := watchTree(jobs, e.mode, e.req.precommit)
	var dirty []string
	if stash == nil && watch {
		var err error
		if dirty, err = e.repo.Unstaged(ctx); err != nil {
			e.s.errorf("list unstaged files: %v", err)
			return nil, exitEnvironment
		}
	}
	// In the pre-commit stage the index is what will be committed: no hook may change it.
	var guard *gitrepo.IndexGuard
	if e.req.stage == hooks.PreCommit {
		var err error
		if guard, err = e.repo.GuardIndex(); err != nil {
			e.s.errorf("%v", err)
			return nil, max(exitEnvironment, finishStash(ctx, e.repo, stash, nil, e.s))
		}
	}
	results := e.schedule(ctx, jobs, sink)
	stage := e.toStage(results, sink)
	code := exitOK
	if guard != nil {
		if err := guard.Check(context.WithoutCancel(ctx)); err != nil {
			// Nothing the hooks did stays: no fix is merged into the user's unstaged work
			// and nothing is staged over the staged versions.
			e.s.errorf("%v", err)
			if len(stash.Hidden()) > 0 {
				e.s.errorf("%v", stash.Abort(ctx, errors.New("every hook edit was rolled back and your unstaged changes restored")))
			}
			return results, exitFailed
		}
	}
	if watch {
		extra, c := strayChanges(ctx, e.repo, results, dirty, stash.Hidden(), e.mode, e.s)
		if code == exitOK {
			stage = append(stage, extra...)
		}
		code = max(code, c)
	}
	if stash != nil {
		code = max(code, finishStash(ctx, e.repo, stash, stage, e.s))
	} else if len(stage) > 0 {
		code = max(code, stageFiles(ctx, e.repo, stage, e.s))
	}
	return results, code
}

// schedule runs the jobs, in parallel as their files allow, or one hook after another
// with fail-fast, and reports each result to sink as it ends.
func (e *execution) schedule(ctx context.Context, jobs []hooks.Job, sink report.Sink) []hooks.Result {
	opt := sched.Options{
		Jobs:     jobsLimit(e.req.flags, e.cfg),
		FailFast: e.req.flags.failFast || e.cfg.FailFast,
		Root:     e.repo.Root,
		OnFinish: func(r hooks.Result) {
			applyFixPolicy(&r, e.mode, e.stageOK)
			sink.Finished(r)
		},
	}
	if st, ok := sink.(report.Starter); ok {
		opt.OnStart = st.Started
	}
	plan := sched.NewPlan(jobs)
	if opt.FailFast || slices.ContainsFunc(jobs, func(j hooks.Job) bool { return j.Hook.FailFast }) {
		// A hook that ran beside an earlier one that fails would already have done its
		// work (a fixer its edits): fail-fast runs hooks one after another, in config order.
		plan = sched.NewSequentialPlan(jobs)
	}
	return sched.Run(ctx, plan, e.exec, opt)
}

// toStage tallies the results and returns the fixes to stage, saying which fixes are
// left for review instead, and why.
func (e *execution) toStage(results []hooks.Result, sink report.Sink) []string {
	stage, held := tally(results, sink, e.mode, e.stageOK)
	if !e.stageOK && slices.ContainsFunc(results, func(r hooks.Result) bool {
		return r.Job.Hook.StageFixed && r.Status == hooks.Modified
	}) {
		e.s.errorf("stage_fixed does not stage with `git commit <paths>`: git commits from a temporary index " +
			"and would leave the unfixed version in yours; review the fixes, git add them and commit again")
	}
	if len(held) > 0 {
		e.s.errorf("not staged, for you to review: %s (fixed by a stage_fixed hook and by one without)", strings.Join(held, ", "))
	}
	return stage
}

// notRun reports why no job ran when a tool could not be found (err), and gives every
// job a result, so that reports say it too.
func (e *execution) notRun(jobs []hooks.Job, err error, sink report.Sink) []hooks.Result {
	if n := len(e.bi.missing); n > 0 {
		// Each hook's result names its missing tool and how to install it.
		e.s.errorf("nothing ran: %s not installed", plural(n, "a tool is", fmt.Sprintf("%d tools are", n)))
	} else {
		e.s.errorf("%v", err)
	}
	results := make([]hooks.Result, len(jobs))
	for i, j := range jobs {
		results[i] = e.bi.notRun(j, errors.New("a tool is missing"))
		sink.Finished(results[i])
	}
	return results
}

// exec runs one job: a built-in or a command, or in a preview its fixer.
func (e *execution) exec(ctx context.Context, j hooks.Job) hooks.Result {
	r := e.execMode(ctx, j, e.mode)
	// A failed check whose hook can fix shows what the fix would change: the check's
	// findings say what is wrong, the diff how to put it right.
	if r.Status == hooks.Failed && e.previews(j.Hook) {
		diff, err := previewFix(ctx, e.repo.Root, j, func(ctx context.Context, j hooks.Job) hooks.Result {
			return e.execMode(ctx, j, hooks.Fix)
		})
		r.Diff = diff
		if err != nil { // the files could not be put back: that outranks the findings
			r.Err = err
		}
	}
	if j.Hook.LogFile != "" && (r.Status >= hooks.Modified || j.Hook.Verbose) {
		e.appendLog(j.Hook, r.Output)
	}
	return r
}

// appendLog adds a hook's shown output to its log_file (pre-commit's), relative to the
// repository root. Jobs of one hook may finish together, hence the lock.
func (e *execution) appendLog(h *hooks.Hook, out []byte) {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	f, err := os.OpenFile(filepath.Join(e.repo.Root, filepath.FromSlash(h.LogFile)), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		e.s.errorf("%s: log_file: %v", h.ID, err)
		return
	}
	_, werr := f.Write(out)
	if err := errors.Join(werr, f.Close()); err != nil {
		e.s.errorf("%s: log_file: %v", h.ID, err)
	}
}

func (e *execution) execMode(ctx context.Context, j hooks.Job, m hooks.Mode) hooks.Result {
	switch {
	case j.Hook.Uses != "":
		return e.bi.exec(ctx, j, m, e.cmds.Env)
	case m == hooks.Fix:
		return e.fixes.Exec(ctx, j)
	}
	return e.cmds.Exec(ctx, j)
}

// previews reports whether h runs its fixer to show a diff in this check-mode run: only
// fixers whose effects stay within the files they are given, so that putting those back
// undoes everything.
func (e *execution) previews(h *hooks.Hook) bool {
	if !e.preview || !h.PassFiles {
		return false
	}
	if h.Uses != "" {
		t := e.bi.tools[h]
		return h.CanFix && t != nil && t.Unit.Splittable()
	}
	return h.FixCmd != "" && h.FixCmd != h.CheckCmd
}

// watchTree says whether the run must look for changes beyond what fixers report: when a
// hook without a file list may write anywhere, in check mode, where no hook may write, and
// for a pre-commit config, where a hook that changes any file fails, as in pre-commit.
// Elsewhere fixers' files are hashed by the scheduler and checks are trusted to read.
func watchTree(jobs []hooks.Job, m hooks.Mode, precommit bool) bool {
	if m == hooks.Check || precommit {
		return true
	}
	for _, j := range jobs {
		if !j.Hook.PassFiles {
			return true
		}
	}
	return false
}

// tally applies the fix policy to every result, reports the jobs that never ran (the
// scheduler reports only those that did) and returns the fixes to stage: files changed by
// stage_fixed hooks, except those another fixer changed too, whose fixes are for the user
// to review (held lists them).
func tally(results []hooks.Result, rep report.Sink, m hooks.Mode, stageOK bool) (stage, held []string) {
	review := map[string]bool{}
	for i := range results {
		r := &results[i]
		applyFixPolicy(r, m, stageOK)
		if r.Started.IsZero() { // never ran
			rep.Finished(*r)
		}
		if r.Status == hooks.Modified {
			for _, f := range r.Modified {
				review[f] = true
			}
		}
	}
	for _, r := range results {
		if !r.Job.Hook.StageFixed || r.Status != hooks.Passed {
			continue
		}
		for _, f := range r.Modified {
			if review[f] {
				held = append(held, f)
			} else {
				stage = append(stage, f)
			}
		}
	}
	slices.Sort(held)
	return stage, slices.Compact(held)
}

// buildJobs splits each selected hook's files into batches (a built-in's into the
// invocations its tool plans); batches[i] counts hook i's jobs. A hook left with no job
// is marked skipped in sel.
func buildJobs(sel []hooks.Selection, bi *builtins, m hooks.Mode, preview func(*hooks.Hook) bool, slots int, env []string) ([]hooks.Job, []int) {
	var jobs []hooks.Job
	batches := make([]int, len(sel))
	limit := sched.ArgLimit(env)
	// Hooks already run side by side; splitting a hook's files further only pays when
	// there are more slots than hooks, and otherwise just starts more processes.
	running := 0
	for _, s := range sel {
		if s.Skip == "" {
			running++
		}
	}
	slots = max(1, slots/max(1, running))
	for i, s := range sel {
		if s.Skip != "" {
			continue
		}
		_, writes := s.Hook.Command(m)
		writes = writes || preview(s.Hook) // a previewed fixer writes, if only for a moment
		var hj []hooks.Job
		if s.Hook.Uses != "" {
			hj = bi.jobs(s.Hook, s.Files, writes, slots, limit)
		} else {
			parts := [][]string{s.Files}
			if s.Hook.PassFiles && len(s.Files) > 0 {
				parts = sched.Split(s.Hook, s.Files, slots, limit)
			}
			for b, files := range parts {
				hj = append(hj, hooks.Job{Hook: s.Hook, Files: files, Writes: writes, Batch: b})
			}
		}
		if len(hj) == 0 { // a tool found nothing to run on (deleted files, no project)
			sel[i].Skip = "no files to check"
		}
		jobs = append(jobs, hj...)
		batches[i] = len(hj)
	}
	return jobs, batches
}

// applyFixPolicy fails a fixer that changed files unless the hook re-stages its fixes and
// staging is possible (stageOK). It is idempotent: the report and the final tally both
// call it.
func applyFixPolicy(r *hooks.Result, m hooks.Mode, stageOK bool) {
	if len(r.Modified) == 0 || r.Status != hooks.Passed {
		return
	}
	if m == hooks.Check || !r.Job.Hook.StageFixed || !stageOK {
		r.Status = hooks.Modified
	}
}

// partialCommit reports whether git runs the hook for `git commit <paths>` (--only): it
// then commits from a temporary next-index-*.lock while your own index, locked, already
// holds the paths as they were, so a fix staged into the temporary index would be
// committed and then undone by the index git puts back.
func partialCommit(repo *gitrepo.Repo) bool {
	return strings.HasPrefix(filepath.Base(repo.IndexFile()), "next-index-")
}

// finishStash puts the hidden work back, staging fixes first. A fixer whose edits collide
// with unstaged changes gets every fix rolled back, and the run fails.
func finishStash(ctx context.Context, repo *gitrepo.Repo, st *gitrepo.Stash, stage []string, s stdio) int {
	if st == nil {
		return exitOK
	}
	err := st.Restore(context.WithoutCancel(ctx), stage)
	var conflict *gitrepo.ConflictError
	switch {
	case errors.As(err, &conflict):
		s.errorf("%v\nthe fixes were rolled back and your unstaged changes restored; stage or stash them, then commit again", err)
		return exitFailed
	case err != nil && len(st.Hidden()) == 0: // nothing was hidden: staging the fixes failed
		s.errorf("%v", err)
		return exitEnvironment
	case err != nil:
		s.errorf("restore unstaged changes: %v\nyour changes are safe in %s; run `hookrun restore`", err, stashDir(repo))
		return exitEnvironment
	}
	if n := len(st.Hidden()); n > 0 {
		s.errorf("restored unstaged changes in %d %s", n, plural(n, "file", "files"))
	}
	return exitOK
}

// strayChanges finds tracked files that differ from the index after the run but did not
// before, and that no fixer was given: a fixer without a file list changed them (staged
// when every such fixer has stage_fixed), or a check changed files it should only read.
func strayChanges(ctx context.Context, repo *gitrepo.Repo, results []hooks.Result, before, hidden []string, m hooks.Mode, s stdio) ([]string, int) {
	after, err := repo.Unstaged(context.WithoutCancel(ctx))
	if err != nil {
		s.errorf("list files changed by hooks: %v", err)
		return nil, exitEnvironment
	}
	stray := unexplained(after, before, results)
	stageAll, fixers := true, 0
	for _, r := range results {
		if r.Job.Writes && !r.Job.Hook.PassFiles && r.Status != hooks.Cancelled {
			fixers++
			stageAll = stageAll && r.Job.Hook.StageFixed
		}
	}
	switch {
	case len(stray) == 0:
		return nil, exitOK
	case m == hooks.Fix && fixers > 0 && stageAll:
		stage, review := withoutHidden(stray, hidden)
		if len(review) == 0 {
			return stage, exitOK
		}
		s.errorf("not staged, for you to review: %s (it has unstaged changes of yours)", strings.Join(review, ", "))
		return stage, exitFailed
	}
	s.errorf("hooks changed files they were not allowed to change: %s (by one of the hooks named)", strings.Join(suspects(stray, results), ", "))
	return nil, exitFailed
}

// unexplained lists the files of after that neither differed before the hooks nor are a
// fixer's reported changes.
func unexplained(after, before []string, results []hooks.Result) []string {
	known := map[string]bool{}
	for _, f := range before {
		known[f] = true
	}
	for _, r := range results {
		for _, f := range r.Modified {
			known[f] = true
		}
	}
	var stray []string
	for _, f := range after {
		if !known[f] {
			stray = append(stray, f)
		}
	}
	return stray
}

// withoutHidden splits the files a stage_fixed fixer changed into those to stage and
// those that had hidden unstaged changes. Those are never staged whole: what is there now
// may be the user's work saved during the run as much as a fix. Their fixes are merged
// with the unstaged changes on restore, for the user to review.
func withoutHidden(files, hidden []string) (stage, review []string) {
	for _, f := range files {
		if slices.Contains(hidden, f) {
			review = append(review, f)
		} else {
			stage = append(stage, f)
		}
	}
	return stage, review
}

// suspects names, beside each stray file, the hooks that could have changed it: those
// given the file, and those given no file list; when there are none, every hook that ran
// (hooks run side by side, so the run cannot tell which one wrote outside its files).
func suspects(stray []string, results []hooks.Result) []string {
	out := make([]string, len(stray))
	for i, f := range stray {
		var ids []string
		for _, r := range results {
			h := r.Job.Hook
			if (!h.PassFiles || slices.Contains(r.Job.Files, f)) && !slices.Contains(ids, h.ID) {
				ids = append(ids, h.ID)
			}
		}
		if len(ids) == 0 {
			for _, r := range results {
				if !r.Started.IsZero() && !slices.Contains(ids, r.Job.Hook.ID) {
					ids = append(ids, r.Job.Hook.ID)
				}
			}
		}
		out[i] = f
		if len(ids) > 0 {
			out[i] += " (" + strings.Join(ids, ", ") + ")"
		}
	}
	return out
}

func stageFiles(ctx context.Context, repo *gitrepo.Repo, files []string, s stdio) int {
	if _, err := repo.Git(context.WithoutCancel(ctx), append([]string{"add", "--"}, files...)...); err != nil {
		s.errorf("stage fixed files: %v", err)
		return exitFailed
	}
	return exitOK
}

// summarize turns the results into an exit code, printing the closing line if asked;
// runCode is what the run decided beside the hooks' results (a restore conflict, files
// changed outside the hooks' lists), which the line mentions when no hook failed.
func summarize(ctx context.Context, reps []report.HookReport, line bool, runCode int, s stdio) int {
	sum := report.Summarize(reps)
	code := exitOK
	switch {
	case ctx.Err() != nil:
		s.errorf("interrupted")
		code = exitInterrupted
	case sum.Failed > 0:
		code = exitFailed
	}
	if line && sum.Hooks > 0 && code != exitInterrupted {
		msg := sum.String()
		if runCode != exitOK && code == exitOK {
			msg += "; the run failed all the same (see above)"
		}
		s.errorf("%s", msg)
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
