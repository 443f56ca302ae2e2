package engine

import (
	"context"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// Hooks that stage their own fixes. Many public pre-commit configs run a fixer and then
// `git add -u` in one entry (`bash -c 'black "$@"; git add -u' --`), and pre-commit
// accepts it: the hook passes when its changes ended up staged, and the run keeps the
// index the hooks left. In a pre-commit config hookrun does the same, under two rules:
//
//   - No hook may stage the user's unstaged work. With the stash, a hidden file's work
//     tree holds its index version while hooks run, so what a hook stages of it is the
//     hook's result; only the intent-to-add files keep the user's content (untracked for
//     the run), and the paths the stash leaves alone (userWork). A hook that stages one
//     of those, or a submodule's commit, has its index change undone, and the run fails.
//     When nothing was hidden (run --all, --files), the same holds for every file that
//     had unstaged changes before the run (pre-commit would stage them).
//   - A hook that may stage (Hook.WritesIndex) runs alone (sched.NewOrderedPlan): a
//     `git add -u` stages whatever is modified at that moment, and takes the index lock.
//
// Restoring the hidden work on top works as without staging (gitrepo.Stash.Restore keeps
// an index somebody else changed); when a fix conflicts with it, every hook edit is rolled
// back, the index too, and the run fails. (pre-commit 4.7.0 crashes there: its rollback
// checks out the hook's staged fix, its patch no longer applies, and the unstaged work is
// left in its patch file.)

// unstagedAround is what differed from the index before and after a job that may stage.
type unstagedAround struct{ before, after []string }

// execStaging runs j, a job whose hook may stage, and records what differed from the
// index around it, for preCommitModified.
func (e *Engine) execStaging(ctx context.Context, j hooks.Job, run func() hooks.Result) hooks.Result {
	before, err := e.opt.Repo.Unstaged(ctx)
	r := run()
	if err != nil {
		return r // the hashes alone decide: a fix it staged counts as modified
	}
	after, err := e.opt.Repo.Unstaged(context.WithoutCancel(ctx))
	if err == nil {
		e.stagingMu.Lock()
		e.staging[keyOf(j)] = unstagedAround{before, after}
		e.stagingMu.Unlock()
	}
	return r
}

// preCommitModified turns r.Modified (files whose content the job changed) into what
// pre-commit calls "files were modified by this hook": the work tree's difference from
// the index changed. A fix the hook staged is no change; a file whose difference the
// hook staged away (another hook's fix) is one. Only for jobs execStaging ran.
func (e *Engine) preCommitModified(r *hooks.Result) {
	e.stagingMu.Lock()
	around, ok := e.staging[keyOf(r.Job)]
	e.stagingMu.Unlock()
	if !ok {
		return
	}
	var mod []string
	for _, f := range r.Modified {
		if slices.Contains(around.after, f) {
			mod = append(mod, f)
		}
	}
	for _, f := range around.before {
		if !slices.Contains(around.after, f) {
			mod = append(mod, f)
		}
	}
	for _, f := range around.after {
		if !slices.Contains(around.before, f) {
			mod = append(mod, f)
		}
	}
	slices.Sort(mod)
	r.Modified = slices.Compact(mod)
}

// userWork lists, before hooks run in a pre-commit config, the files whose unstaged
// changes hooks can see, which no hook may stage: with hidden work, what the stash left
// (paths it does not touch, such as a directory replaced by a symbolic link) and the
// intent-to-add files; with nothing hidden, every file that differed from the index.
func (e *Engine) userWork(ctx context.Context, stash *gitrepo.Stash) (map[string]bool, error) {
	if !e.opt.PreCommit || e.opt.Mode != hooks.Fix {
		return nil, nil
	}
	if len(stash.Hidden()) == 0 {
		return e.dirty, nil // listed by Run before any job, when nothing was hidden
	}
	left, err := e.opt.Repo.Unstaged(ctx)
	if err != nil {
		return nil, err
	}
	work := map[string]bool{}
	for _, f := range slices.Concat(left, stash.IntentToAdd()) {
		work[f] = true
	}
	return work, nil
}

// checkIndex makes sure no hook changed the index in a way the run does not allow, and
// puts it back when one did (gitrepo.IndexGuard.Check). In a pre-commit config a hook may
// stage, except the user's work (userWork) and submodules: see the top of the file.
func (e *Engine) checkIndex(ctx context.Context, guard *gitrepo.IndexGuard, work map[string]bool) error {
	if !e.opt.PreCommit || e.opt.Mode != hooks.Fix {
		return guard.Check(ctx)
	}
	changes, err := guard.Changes(ctx)
	if err != nil || len(changes) == 0 {
		return err
	}
	var theirs []string
	for _, c := range changes {
		if work[c.Path] || c.Gitlink {
			theirs = append(theirs, c.Path)
		}
	}
	if len(theirs) == 0 {
		return nil
	}
	e.opt.Warn("a hook staged %s, which held unstaged work of yours: hookrun never stages it", strings.Join(theirs, ", "))
	return guard.Check(ctx)
}
