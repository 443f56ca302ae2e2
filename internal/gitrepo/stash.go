package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
)

// Hiding unstaged changes, and putting them back, without ever losing them.
//
// Stash copies the index and the work-tree bytes of every path with unstaged changes into
// a journal under <GitDir>/hookrun/stash (stash_journal.go), then makes those paths match
// the index, so hooks see exactly what will be committed. Restore puts the user's bytes
// back, merged with a fixer's edits when they do not overlap, and deletes the journal.
// Recover, which every hookrun start calls, finds a journal that a killed run left and
// puts everything back as it was before that run. The steps:
//
//	stash_hide.go      Stash: list, back up, hide
//	stash_restore.go   Restore when no fixer edit conflicts
//	stash_rollback.go  put everything back as it was (after a conflict, and for Recover)
//	stash_index.go     the index: is it still ours, put it back, re-add intent-to-add
//	stash_recover.go   Recover
//	stash_files.go     atomic file replacement and fsync
//	stash_backup.go    the backup's second copy, outside <GitDir>/hookrun, and its repair
//	stash_rescue.go    rescue copies: hard links or sparse copies, bounded, pruned
//
// Symbolic links. The stash writes only inside the work tree and the git dir, and never
// through a symbolic link out of them. Every write, creation, removal or rename of a
// work-tree path goes through stashInstaller, which first lstats each parent directory of
// the path from the root down (stashBeyondLink); a link (or any non-directory) among them
// means the path is not the repository's to write:
//   - Stash leaves such a path alone (Manifest.Skipped): a tracked directory the user
//     replaced with a link is the user's change, and it stays, hidden from nothing.
//   - Restore, Abort and Recover never write below such a link. A hidden path below a
//     link a hook made cannot get the user's version back: everything else is put back,
//     the error names the link, and the backup (with that version) stays until the link
//     is moved aside and `hookrun restore` runs. Other tracked files below it are left as
//     the hook made them (git still has their staged version), and nothing below it is
//     read into rescued/.
// The path itself may be a link: it is replaced by rename, which never follows it.

// Stash is one hiding of unstaged changes. Restore must be called once the hooks are
// done, also when they failed or were interrupted.
type Stash struct {
	r    *Repo
	j    *stashJournal // nil when there was nothing to hide
	kill *stashKiller
	// stagedList is what the status Stash read says is staged (StagedList), and
	// cleanIDs the ids of those its work tree matched (CleanIDs).
	stagedList []string
	cleanIDs   map[string]string

	// Restore's progress, so that calling it again finishes a half-done restore.
	plan   *stashPlan
	staged bool  // the stage list is in the index
	reason error // why Restore puts everything back as it was instead (a *ConflictError, or a failure)
	done   bool
	// repaired is set once the backup was checked and made whole from its mirror;
	// damage then says what it had lost, or is nil.
	repaired bool
	damage   *BackupError
}

// ConflictError is returned by Restore when a fixer's edit to a file cannot be combined
// with that file's unstaged changes. Every hook edit, in every file, has been rolled back
// and the user's work restored exactly, as pre-commit does.
type ConflictError struct {
	Paths []string // the files whose fixer edits conflicted, sorted
	// Rescued lists the files whose content was saved under RescueDir before the rollback
	// replaced it: the hooks' results, and any edit saved while the hooks ran.
	Rescued   []string
	RescueDir string
	// RescuedIndex is where an index a hook or somebody else changed was saved; "" if
	// there was none.
	RescuedIndex string
	// NotRescued lists, with why, the files that were replaced without a copy (too large).
	NotRescued []string
}

func (e *ConflictError) Error() string {
	msg := fmt.Sprintf("restore unstaged changes: hook edits conflict with unstaged changes in %s; "+
		"all hook edits were rolled back", strings.Join(e.Paths, ", "))
	if len(e.Rescued) > 0 {
		msg += fmt.Sprintf("; what was in %s before the rollback is saved in %s", strings.Join(e.Rescued, ", "), e.RescueDir)
	}
	if e.RescuedIndex != "" {
		msg += fmt.Sprintf("; the changed index is saved as %s", e.RescuedIndex)
	}
	if len(e.NotRescued) > 0 {
		msg += "; not saved: " + strings.Join(e.NotRescued, ", ")
	}
	return msg
}

// UnmergedError is returned by Stash when a merge left paths unresolved: hiding changes
// then could not be undone exactly, so Stash touches nothing.
type UnmergedError struct {
	Paths []string // sorted as git lists them
}

func (e *UnmergedError) Error() string {
	return fmt.Sprintf("a merge is in progress with unresolved files: %s", strings.Join(e.Paths, ", "))
}

// Hidden lists, sorted, the paths whose unstaged changes Stash hid, intent-to-add
// entries included.
func (s *Stash) Hidden() []string {
	if s == nil || s.j == nil {
		return nil
	}
	paths := s.j.paths()
	slices.Sort(paths)
	return paths
}

// StagedList is the Staged scope's candidates (Candidates) as the status Stash read
// before hiding says: the paths added, modified or type-changed in the index against
// HEAD, sorted, submodules left out, as `git diff --cached` lists them with diffArgs. It
// saves that git process. Not for a merge in progress (InMerge: pre-commit's merge files)
// nor a scope with Gitlinks (the status ignores submodules).
func (s *Stash) StagedList() []string { return s.stagedList }

// CleanIDs are the content ids ("<mode> <blob id>", as ContentIDs gives them) of the
// staged files whose work tree matched the index when Stash read the status: git's own
// check (stat data, racily clean entries compared by content), as `ls-files --modified`
// makes it for ContentIDs. Stash leaves those files alone, so the index's ids name their
// content with nothing hashed. Empty when the index may hold skip-worktree entries
// (stashIndexPlain), which the status calls clean without looking at the work tree,
// and for a nil Stash.
func (s *Stash) CleanIDs() map[string]string {
	if s == nil {
		return nil
	}
	return s.cleanIDs
}

// IntentToAdd lists, sorted, the hidden intent-to-add paths: untracked while hooks run,
// though their content is the user's unstaged work, so no hook may stage them.
func (s *Stash) IntentToAdd() []string {
	if s == nil || s.j == nil {
		return nil
	}
	return slices.Sorted(slices.Values(s.j.m.ITA))
}

// Restore puts the hidden changes back. stage lists files (repo-relative) whose current
// work-tree content, a fixer's result, is added to the index first; it may be nil.
// A hidden file a fixer changed gets the fixer's edits merged with the user's unstaged
// changes. When one cannot be merged, every hook edit is rolled back and the error is a
// *ConflictError. Restore ignores ctx's cancellation: once started it runs to the end.
// Calling it again after an error finishes what the first call left undone.
func (s *Stash) Restore(ctx context.Context, stage []string) error {
	if s.done {
		return s.reason
	}
	// Ctrl-C must not stop a restore halfway: no git call below can be cancelled.
	ctx = context.WithoutCancel(ctx)
	if s.j == nil {
		if err := s.r.stashStage(ctx, stage); err != nil {
			return err
		}
		s.done = true
		return nil
	}
	if err := s.repair(); err != nil {
		return err // nothing was changed yet; calling Restore again retries
	}
	if s.plan == nil {
		p, err := s.j.plan(ctx)
		if err != nil {
			return err // nothing was changed yet; calling Restore again retries
		}
		s.plan = p
		if len(p.conflicts) > 0 {
			s.reason = &ConflictError{Paths: p.conflicts}
		}
	}
	if s.reason == nil {
		err := s.apply(ctx, s.stageList(stage))
		if err == nil {
			s.done = true
			s.reason = s.withDamage(nil)
			return s.reason
		}
		s.reason = err
	}
	// A conflict, or a failure: the user's work comes back exactly and the hooks' changes
	// are dropped, the index's too. Whatever is replaced that is neither the user's version
	// nor what Stash put there (a fixer's result, or an edit the user saved while hooks
	// ran) is saved first.
	resc := newStashRescuer(s.r)
	rep, err := s.j.rollback(ctx, stashRollbackOpts{rescue: resc})
	if err != nil {
		return errors.Join(s.reason, err)
	}
	if conflict, ok := errors.AsType[*ConflictError](s.reason); ok {
		conflict.Rescued, conflict.RescueDir, conflict.RescuedIndex = resc.saved, resc.dir, rep.RescuedIndex
		conflict.NotRescued = resc.notSaved
	}
	s.done = true
	s.reason = s.withDamage(s.reason)
	return s.reason
}

// Abort puts everything back as it was before Stash, whatever the hooks did, because of
// why (a hook changed the index, say): every hidden path gets the user's bytes, the index
// its copy, and every other tracked file a hook changed its index version. Content that
// is replaced and is neither the user's nor what Stash put there is saved first, under
// <GitDir>/hookrun/rescued. It returns why, with where anything was saved. Like Restore,
// it ignores ctx's cancellation, and calling it again finishes what an error left undone.
func (s *Stash) Abort(ctx context.Context, why error) error {
	if s == nil {
		return why
	}
	if s.done {
		return s.reason
	}
	ctx = context.WithoutCancel(ctx)
	s.reason = why
	if s.j == nil {
		s.done = true
		return why
	}
	if err := s.repair(); err != nil {
		return errors.Join(why, err)
	}
	resc := newStashRescuer(s.r)
	if _, err := s.j.rollback(ctx, stashRollbackOpts{rescue: resc}); err != nil {
		return errors.Join(why, err)
	}
	if len(resc.saved) > 0 {
		s.reason = fmt.Errorf("%w; what the hooks left in %s is saved in %s", why, strings.Join(resc.saved, ", "), resc.dir)
	}
	if len(resc.notSaved) > 0 {
		s.reason = fmt.Errorf("%w; replaced without a copy: %s", s.reason, strings.Join(resc.notSaved, ", "))
	}
	s.done = true
	s.reason = s.withDamage(s.reason)
	return s.reason
}

// repair checks the backup once, before the first restore step, and makes it whole
// from its mirror (stash_backup.go); what it had lost is reported when Restore ends.
func (s *Stash) repair() error {
	if s.repaired {
		return nil
	}
	damage, err := s.j.repair()
	if err != nil {
		return err
	}
	s.damage, s.repaired = damage, true
	return nil
}

// withDamage adds to err what the damaged backup could not restore.
func (s *Stash) withDamage(err error) error {
	if s.damage == nil {
		return err
	}
	return errors.Join(s.damage, err)
}

// stageList drops the intent-to-add paths from stage: during the run they were untracked,
// and adding one would stage all of it.
func (s *Stash) stageList(stage []string) []string {
	out := make([]string, 0, len(stage))
	for _, p := range stage {
		if !slices.Contains(s.j.m.ITA, p) {
			out = append(out, p)
		}
	}
	return out
}

// stashStage adds the current content of paths to the index.
func (r *Repo) stashStage(ctx context.Context, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	_, err := r.GitInput(ctx, stashJoinZ(paths), "--literal-pathspecs", "add", "--pathspec-from-file=-", "--pathspec-file-nul")
	if err != nil {
		return fmt.Errorf("stage fixed files: %w", err)
	}
	return nil
}

// stashHasEnv reports whether env sets name to a non-empty value.
func stashHasEnv(env []string, name string) bool {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok && v != "" {
			return true
		}
	}
	return false
}

// stashExists reports whether path exists (as anything, a dangling symlink included).
func stashExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}
