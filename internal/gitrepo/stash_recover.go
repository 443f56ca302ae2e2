package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// RecoverReport says what Recover did. The zero value means there was nothing to do.
type RecoverReport struct {
	// Restored lists the paths whose unstaged changes (or intent-to-add entries) an
	// interrupted run had hidden and Recover put back.
	Restored []string
	// RolledBack lists other tracked files that a hook of the interrupted run had changed
	// and that got their staged version back.
	RolledBack []string
	// Rescued lists paths whose content, found where the user's version had to go back,
	// was neither that version nor what the run had put there (a fixer's result, or an
	// edit made after the kill). Each was saved as RescueDir/<path> before being replaced.
	Rescued   []string
	RescueDir string
	// RescuedIndex is where the index was saved when its entries had changed in a way
	// the run did not make; "" otherwise.
	RescuedIndex string
	// RemovedLock is the index lock a killed git child of the run left behind, now
	// removed; "" when there was none.
	RemovedLock string
	// HeadMoved is set when HEAD was at another commit than when the run was killed
	// (a commit, a checkout since): the index and the files that were not hidden were
	// then left as they are, and only the hidden changes were put back, where the file
	// still held what the run had put there. Intent-to-add entries were not re-added.
	HeadMoved bool
	// SavedAside lists, with HeadMoved, the hidden paths whose file had changed since:
	// they were left as they are, and the interrupted run's version (the user's unstaged
	// work) of each is saved as RescueDir/<path> (a deleted file has nothing to save).
	SavedAside []string
	// NotRescued lists, with sizes and why, files replaced without a copy (too large).
	NotRescued []string
	// Damage says what could not be put back because the backup was deleted or damaged
	// in both its copies; nil when it was whole.
	Damage *BackupError
}

// Empty reports whether Recover did nothing.
func (rep RecoverReport) Empty() bool {
	return len(rep.Restored) == 0 && len(rep.RolledBack) == 0 && len(rep.Rescued) == 0 &&
		rep.RescuedIndex == "" && rep.RemovedLock == "" && !rep.HeadMoved && len(rep.SavedAside) == 0 &&
		len(rep.NotRescued) == 0 && rep.Damage == nil
}

// Recover finishes an interrupted run: when hookrun was killed (at any moment, even
// inside Stash or Restore), it puts the work tree and the index back as they were before
// that run, byte for byte, and removes the backup. Nothing found in the way is lost: what
// cannot be proven to be the run's own doing is saved under <GitDir>/hookrun/rescued.
// Every hookrun start calls it before anything else; with nothing to do it costs one
// stat. It ignores ctx's cancellation once it has started. Its error wraps ErrStashInUse
// when another hookrun process is running in this work tree.
func (r *Repo) Recover(ctx context.Context) (RecoverReport, error) {
	return r.recoverWith(ctx, newStashKiller())
}

// Notes says, one sentence each, what Recover did beyond putting files back: that HEAD
// had moved, what it saved aside or replaced without a copy, what a damaged backup lost.
func (rep RecoverReport) Notes() []string {
	var notes []string
	if rep.HeadMoved {
		notes = append(notes, "HEAD moved since the interruption (a commit or a checkout): "+
			"the index and the files that were not hidden were left as they are")
	}
	if len(rep.SavedAside) > 0 {
		notes = append(notes, fmt.Sprintf("not put back, because the file changed since the interruption: %s; "+
			"your unstaged version of each is saved in %s", strings.Join(rep.SavedAside, ", "), rep.RescueDir))
	}
	if len(rep.NotRescued) > 0 {
		notes = append(notes, "replaced without a copy: "+strings.Join(rep.NotRescued, ", "))
	}
	if rep.Damage != nil {
		notes = append(notes, rep.Damage.Error())
	}
	return notes
}

func (r *Repo) recoverWith(ctx context.Context, kill *stashKiller) (RecoverReport, error) {
	dir := stashDirOf(r)
	if !stashExists(dir) && !stashExists(stashMirrorDir(dir)) {
		return RecoverReport{}, nil
	}
	ctx = context.WithoutCancel(ctx)
	stashPruneRescued(filepath.Join(r.GitDir, "hookrun", "rescued"), time.Now())
	j, err := stashOpenJournal(r, dir, kill)
	if err != nil {
		return RecoverReport{}, err
	}
	if j.m == nil {
		// The backup never got its manifest, so nothing had been touched; or the restore
		// had finished and was deleting the backup.
		return RecoverReport{}, j.finish()
	}
	rep, err := j.recover(ctx)
	if err != nil {
		return rep, errors.Join(fmt.Errorf("recover interrupted run (backup kept in %s): %w", dir, err), j.close())
	}
	return rep, nil
}

func (j *stashJournal) recover(ctx context.Context) (RecoverReport, error) {
	damage, err := j.repair()
	if err != nil {
		return RecoverReport{}, err
	}
	lock, err := j.clearStaleLock()
	if err != nil {
		return RecoverReport{}, err
	}
	head, err := j.r.headCommit(ctx)
	if err != nil {
		return RecoverReport{}, err
	}
	resc := newStashRescuer(j.r)
	var rep RecoverReport
	if head != j.m.Head {
		rep, err = j.recoverMoved(resc)
	} else {
		rep, err = j.rollback(ctx, stashRollbackOpts{recover: true, rescue: resc})
	}
	rep.RemovedLock, rep.Damage = lock, damage
	rep.Rescued, rep.RescueDir, rep.NotRescued = resc.saved, resc.dir, resc.notSaved
	slices.Sort(rep.Restored)
	slices.Sort(rep.Rescued)
	return rep, err
}

// recoverMoved is Recover after HEAD moved since the kill: the user committed, reset or
// switched branches, so the index copy is older than HEAD (reinstating it would stage a
// revert of the new commit) and the files that differ from it are the new commit's,
// not a hook's. Only the hidden work-tree changes come back, each where its file still
// holds what Stash put there; a file changed since keeps its content, and the user's
// version is saved aside instead. Run again after a kill, it does the same.
func (j *stashJournal) recoverMoved(resc *stashRescuer) (RecoverReport, error) {
	rep := RecoverReport{HeadMoved: true}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		cur, err := stashStateOf(j.inst.abs(e.Path))
		if err != nil {
			return rep, err
		}
		switch {
		case cur.sameExactly(e.Backup):
		case cur.sameForGit(e.Base):
			if _, err := j.putBack(i, nil); err != nil {
				return rep, err
			}
			rep.Restored = append(rep.Restored, e.Path)
		default:
			if err := resc.saveVersion(e, j.backupFile(i)); err != nil {
				return rep, err
			}
			rep.SavedAside = append(rep.SavedAside, e.Path)
		}
		j.kill.point()
	}
	return rep, j.finish()
}

// clearStaleLock removes <index>.lock when a child of ours left it: the journal's last
// index step started and never recorded its end, and the lock is no older than that
// start. (Had somebody else held the lock then, our step would have failed at once and
// recorded its end.) It returns the path it removed.
func (j *stashJournal) clearStaleLock() (string, error) {
	ops, err := j.readOps()
	if err != nil || !ops.open {
		return "", err
	}
	lock := j.m.IndexFile + ".lock"
	fi, lerr := os.Lstat(lock)
	if lerr != nil || fi.ModTime().Before(ops.mtime) {
		return "", nil // no lock, or somebody else's
	}
	if err := os.Remove(lock); err != nil {
		return "", fmt.Errorf("remove stale index lock: %w", err)
	}
	return lock, nil
}

// headCommit is the commit HEAD names, "" when HEAD is unborn: read in-process by go-git,
// or by git where go-git cannot (a reftable, say).
func (r *Repo) headCommit(ctx context.Context) (string, error) {
	if st, _, err := gogitStorageOf(r.GitDir, r.CommonDir); err == nil {
		ref, err := storer.ResolveReference(st, plumbing.HEAD)
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return "", nil
		}
		if err == nil {
			return ref.Hash().String(), nil
		}
	}
	out, err := r.Git(ctx, "rev-parse", "-q", "--verify", "HEAD^{commit}")
	if _, ok := errors.AsType[*GitError](err); ok {
		return "", nil // unborn
	}
	if err != nil {
		return "", fmt.Errorf("read HEAD: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
