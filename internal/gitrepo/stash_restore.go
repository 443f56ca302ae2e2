package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// stashPlan is what Restore will write, decided before it writes anything.
type stashPlan struct {
	merged    map[int][]byte // entry index: a fixer's result merged with the user's version
	conflicts []string       // paths whose fixer edits cannot be merged
}

// plan compares each hidden path with what Stash put there. Unchanged, it gets the
// user's bytes back; changed by a fixer, the fixer's edits are merged with the user's
// version (base: the index version, ours: the fixer's result, theirs: the user's).
func (j *stashJournal) plan(ctx context.Context) (*stashPlan, error) {
	p := &stashPlan{merged: map[int][]byte{}}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		cur, err := j.inst.state(e.Path)
		if err != nil {
			return nil, err
		}
		if cur.sameForGit(e.Base) || cur.sameExactly(e.Backup) {
			continue
		}
		merged, ok, err := j.merge(ctx, i, cur)
		if err != nil {
			return nil, err
		}
		if !ok {
			p.conflicts = append(p.conflicts, e.Path)
			continue
		}
		p.merged[i] = merged
	}
	return p, nil
}

// merge runs `git merge-file -p`. ok is false when the edits overlap, when a side is
// binary, or when a side is not a regular file (a symlink, a deletion).
func (j *stashJournal) merge(ctx context.Context, i int, cur stashState) (merged []byte, ok bool, err error) {
	e := &j.m.Entries[i]
	if cur.Kind != stashKindFile || e.Base.Kind != stashKindFile || e.Backup.Kind != stashKindFile {
		return nil, false, nil
	}
	out, err := j.r.Git(ctx, "merge-file", "-p", "-L", "fixed", "-L", "staged", "-L", "unstaged",
		j.inst.abs(e.Path), j.baseFile(e.Path), j.backupFile(i))
	if _, isGit := errors.AsType[*GitError](err); isGit {
		return nil, false, nil // the exit code counts conflicts; 255 is binary content
	}
	if err != nil {
		return nil, false, fmt.Errorf("merge fixer edits into %s: %w", e.Path, err)
	}
	return out, true, nil
}

// apply is Restore without conflicts. The order matters: the fixed files are staged
// while the work tree still holds the fixer's results on top of the index versions, so
// the index gets exactly the fixed staged content; only then do the user's unstaged
// changes come back.
func (s *Stash) apply(ctx context.Context, stage []string) error {
	j := s.j
	if !s.staged {
		if len(stage) > 0 {
			err := j.indexOp("stage fixed files", func() error { return j.r.stashStage(ctx, stage) })
			if err != nil {
				return err
			}
		}
		s.staged = true
		j.kill.point()
	}
	for i := range j.m.Entries {
		var err error
		if merged, ok := s.plan.merged[i]; ok {
			err = j.inst.writeBytes(j.m.Entries[i].Path, merged, j.m.Entries[i].Backup.Perm, time.Time{})
		} else {
			_, err = j.putBack(i, nil)
		}
		if err != nil {
			return err
		}
		j.kill.point()
	}
	if err := j.restoreIndex(ctx, len(stage) > 0); err != nil {
		return err
	}
	j.kill.point()
	return j.finish()
}

// putBack gives entry i the user's version again; changed is false when it already had
// it. With a rescuer, content found there that is neither the user's version nor what
// Stash put there is saved first.
func (j *stashJournal) putBack(i int, resc *stashRescuer) (changed bool, err error) {
	e := &j.m.Entries[i]
	abs := j.inst.abs(e.Path)
	cur, err := j.inst.state(e.Path)
	if err != nil {
		return false, err
	}
	if cur.sameExactly(e.Backup) {
		if e.Backup.Kind == stashKindFile {
			if err = stashChtimes(abs, e.MTime); err != nil {
				return false, err
			}
		}
		j.inst.removeEmptyDirs(e.Dirs)
		return false, nil
	}
	if resc != nil && !cur.sameForGit(e.Base) {
		if err = resc.save(e.Path); err != nil {
			return false, err
		}
	}
	switch e.Backup.Kind {
	case stashKindFile:
		err = j.inst.copyFrom(e.Path, j.backupFile(i), e.Backup.Perm, e.MTime)
	case stashKindSymlink:
		err = j.inst.symlink(e.Path, e.Target)
	default:
		err = j.inst.remove(e.Path)
		j.inst.removeEmptyDirs(e.Dirs)
	}
	return true, err
}
