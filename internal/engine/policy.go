package engine

import (
	"context"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// The fix policy: what a fixer's changes mean. It is applied once per result, in the
// scheduler's OnFinish, where the job ends (a job that never ran changed nothing).

// applyFixPolicy fails a fixer that changed files unless the hook re-stages its fixes and
// staging is possible. It is idempotent.
func (e *Engine) applyFixPolicy(r *hooks.Result) {
	e.preCommitModified(r) // a fix a pre-commit hook staged itself is no change
	fixPolicy(r, e.opt.Mode, e.stageOK && e.mayStage(r))
}

// stagesFixes says whether the run may stage a stage_fixed hook's fixes.
func (e *Engine) stagesFixes(jobs []hooks.Job) bool {
	return e.opt.Mode == hooks.Fix && e.stageOK && slices.ContainsFunc(jobs, func(j hooks.Job) bool { return j.Hook.StageFixed })
}

// mayStage reports whether the fixes of r, a stage_fixed fixer's result, may be staged.
// Staging a file stages all of it. With the stash (the staged scope) the work tree held
// only what was staged when the hooks ran, so any fix may be. When nothing was hidden
// (run --all, --files) only a tracked file whose work tree matched the index before the
// run may be: anything else would stage the user's unstaged work with the fix, or add a
// file the user never added. A refusal holds all of r's fixes (the hook fails as
// modified), and the files are recorded for toStage to name.
func (e *Engine) mayStage(r *hooks.Result) bool {
	if e.dirty == nil || !r.Job.Hook.StageFixed || r.Status != hooks.Passed || len(r.Modified) == 0 {
		return true
	}
	var refused, clean []string
	for _, f := range r.Modified {
		if e.dirty[f] {
			refused = append(refused, f)
		} else {
			clean = append(clean, f)
		}
	}
	for _, f := range clean { // tracked before the run: Run listed the tree (treeIDs)
		if _, ok := e.tree.IDs[f]; !ok && !slices.Contains(e.tree.Modified, f) {
			refused = append(refused, f)
		}
	}
	if len(refused) == 0 {
		return true
	}
	e.heldMu.Lock()
	defer e.heldMu.Unlock()
	e.unsafe = append(e.unsafe, refused...)
	return false
}

func fixPolicy(r *hooks.Result, m hooks.Mode, stageOK bool) {
	if len(r.Modified) == 0 || r.Status != hooks.Passed {
		return
	}
	if m == hooks.Check || !r.Job.Hook.StageFixed || !stageOK {
		r.Status = hooks.Modified
	}
}

// tally reports the jobs that never ran (the scheduler reports only those that did) and
// returns the fixes to stage: files changed by stage_fixed hooks, except those another
// fixer changed too, whose fixes are for the user to review (held lists them).
func (e *Engine) tally(results []hooks.Result) (stage, held []string) {
	for _, r := range results {
		if r.Started.IsZero() && e.opt.OnFinish != nil { // never ran
			e.opt.OnFinish(r)
		}
	}
	return fixesToStage(results)
}

// fixesToStage splits the files stage_fixed hooks changed into those to stage and those
// another fixer changed too (held, sorted), which are the user's to review.
func fixesToStage(results []hooks.Result) (stage, held []string) {
	review := map[string]bool{}
	for _, r := range results {
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

// partialCommit reports whether git runs the hook for `git commit <paths>` (--only): it
// then commits from a temporary next-index-*.lock while your own index, locked, already
// holds the paths as they were, so a fix staged into the temporary index would be
// committed and then undone by the index git puts back.
func partialCommit(repo *gitrepo.Repo) bool {
	return strings.HasPrefix(filepath.Base(repo.IndexFile()), "next-index-")
}

// watchTree says whether the run must look for changes beyond what fixers report: when a
// hook without a file list may write anywhere, in check mode, where no hook may write, and
// for a pre-commit config, where a hook that changes any file fails, as in pre-commit.
// Elsewhere fixers' files are hashed by the scheduler and checks are trusted to read. A
// fix-mode run of only in-process hooks that report their writes (knownWrites) changes
// nothing but what its results name, so there is nothing more to look for.
func watchTree(jobs []hooks.Job, m hooks.Mode, precommit bool) bool {
	switch {
	case m == hooks.Check:
		return true
	case knownWrites(jobs):
		return false
	case precommit:
		return true
	}
	for _, j := range jobs {
		if !j.Hook.PassFiles {
			return true
		}
	}
	return false
}

// strayChanges finds tracked files that differ from the index after the run but did not
// before, and that no fixer was given: a fixer without a file list changed them (staged
// when every such fixer has stage_fixed), or a check changed files it should only read.
func strayChanges(ctx context.Context, repo *gitrepo.Repo, results []hooks.Result, before, hidden []string, m hooks.Mode, warn func(string, ...any)) ([]string, Verdict) {
	after, err := repo.Unstaged(context.WithoutCancel(ctx))
	if err != nil {
		warn("list files changed by hooks: %v", err)
		return nil, Environment
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
		return nil, OK
	case m == hooks.Fix && fixers > 0 && stageAll:
		stage, review := withoutHidden(stray, hidden)
		if len(review) == 0 {
			return stage, OK
		}
		warn("not staged, for you to review: %s (it has unstaged changes of yours)", strings.Join(review, ", "))
		return stage, Failed
	}
	warn("hooks changed files they were not allowed to change: %s (by one of the hooks named)", strings.Join(suspects(stray, results), ", "))
	return nil, Failed
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
