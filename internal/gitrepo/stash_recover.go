package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
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

func (r *Repo) recoverWith(ctx context.Context, kill *stashKiller) (RecoverReport, error) {
	dir := stashDirOf(r)
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return RecoverReport{}, nil
	}
	ctx = context.WithoutCancel(ctx)
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
	lock, err := j.clearStaleLock()
	if err != nil {
		return RecoverReport{}, err
	}
	resc := newStashRescuer(j.r)
	rep, err := j.rollback(ctx, stashRollbackOpts{recover: true, rescue: resc})
	rep.RemovedLock = lock
	rep.Rescued, rep.RescueDir = resc.saved, resc.dir
	slices.Sort(rep.Restored)
	slices.Sort(rep.Rescued)
	return rep, err
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
