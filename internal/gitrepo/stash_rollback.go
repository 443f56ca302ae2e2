package gitrepo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// stashRollbackOpts says how rollback treats what it finds.
// Every rollback undoes every hook change: the index copy wins over the live index (a
// foreign one is saved first), and the other tracked files are compared with the copy.
type stashRollbackOpts struct {
	// recover is set for Recover: the run's git command is gone, so a temporary index it
	// made is left alone (Restore and Abort run while git still waits for the hook).
	recover bool
	// rescue, when set, saves content found where it cannot stay before replacing it.
	rescue *stashRescuer
}

// rollback puts everything back as it was before Stash: each hidden path gets the
// user's bytes, the index its entries, and every other tracked file a hook changed its
// index version. It is idempotent: a rollback killed halfway is finished by the next.
func (j *stashJournal) rollback(ctx context.Context, o stashRollbackOpts) (RecoverReport, error) {
	var rep RecoverReport
	if err := j.rollbackSteps(ctx, o, &rep); err != nil {
		return rep, err
	}
	return rep, j.finish()
}

// A hidden path that now lies below a symbolic link (a hook replaced a directory with
// one) cannot get the user's version back without writing through the link: the rest is
// rolled back all the same, and the error names it, so the journal, holding that
// version, stays until the link is moved aside and Recover runs again.
func (j *stashJournal) rollbackSteps(ctx context.Context, o stashRollbackOpts, rep *RecoverReport) error {
	var linked []error
	for i := range j.m.Entries {
		changed, err := j.putBack(i, o.rescue)
		if _, ok := errors.AsType[*BeyondLinkError](err); ok {
			linked = append(linked, err)
			continue
		}
		if err != nil {
			return err
		}
		if changed {
			rep.Restored = append(rep.Restored, j.m.Entries[i].Path)
		}
		j.kill.point()
	}
	if err := j.rollbackIndex(ctx, o, rep); err != nil {
		return err
	}
	j.kill.point()
	if err := j.rollbackOthers(ctx, o, rep); err != nil {
		return err
	}
	return errors.Join(linked...)
}

// rollbackIndex restores the copy whatever happened, after saving a foreign index. Recover
// leaves alone a temporary index git made for one command (`commit -a`, `commit <paths>`):
// that command is gone, and its file is git's lock, or will be another command's index.
func (j *stashJournal) rollbackIndex(ctx context.Context, o stashRollbackOpts, rep *RecoverReport) error {
	if o.recover && j.m.TempIndex && strings.HasSuffix(j.m.IndexFile, ".lock") {
		return nil
	}
	st, err := j.indexState(ctx)
	if err != nil || st == stashIndexUnchanged {
		return err
	}
	if st == stashIndexForeign && stashExists(j.m.IndexFile) {
		if rep.RescuedIndex, err = o.rescue.saveIndex(j.m.IndexFile); err != nil {
			return err
		}
	}
	if err := j.installIndex(); err != nil {
		return err
	}
	rep.Restored = append(rep.Restored, j.m.ITA...)
	return nil
}

// rollbackOthers gives every tracked file that is not hidden, and now differs from the
// index, its index version back: a hook changed it. (Before the hooks ran, such files
// matched the index, or Stash would have hidden them.)
func (j *stashJournal) rollbackOthers(ctx context.Context, o stashRollbackOpts, rep *RecoverReport) error {
	// A scratch copy of the index copy: git may write to the index it is pointed at.
	index := filepath.Join(j.dir, "index.scratch")
	if _, err := stashCopyFile(index, filepath.Join(j.dir, stashIndexName), 0o600); err != nil {
		return err
	}
	paths, err := j.changedOthers(ctx, index)
	if err != nil || len(paths) == 0 {
		return err
	}
	rb := filepath.Join(j.dir, "rollback")
	if err = os.RemoveAll(rb); err != nil {
		return fmt.Errorf("roll back hook edits: %w", err)
	}
	_, err = j.r.stashWithIndex(index).GitInput(ctx, stashJoinZ(paths),
		"checkout-index", "-q", "--prefix="+rb+string(filepath.Separator), "-z", "--stdin")
	if err != nil {
		return fmt.Errorf("roll back hook edits: %w", err)
	}
	list, _ := json.Marshal(paths) // a []string always encodes
	// Recorded before the first temporary file can appear, so Recover can remove it.
	if err := j.appendOp("touch " + string(list)); err != nil {
		return err
	}
	for _, p := range paths {
		if err := j.putIndexVersion(p, filepath.Join(rb, filepath.FromSlash(p)), o.rescue); err != nil {
			return err
		}
		j.kill.point()
	}
	rep.RolledBack = append(rep.RolledBack, paths...)
	return nil
}

// changedOthers lists the tracked paths that differ from index, apart from the ones
// the manifest names.
func (j *stashJournal) changedOthers(ctx context.Context, index string) ([]string, error) {
	out, err := j.r.stashWithIndex(index).Git(ctx, stashStatusArgs...)
	if err != nil {
		return nil, fmt.Errorf("list hook edits: %w", err)
	}
	changes, err := stashParseStatus(out)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range append(j.paths(), j.m.Skipped...) {
		known[p] = true
	}
	var paths []string
	for _, c := range changes {
		// Below a symbolic link a hook made, the index version would go through the
		// link: the path stays as the hook left it (nothing of the user's is lost, git
		// has the staged version).
		if !c.unmerged && !known[c.path] && stashBeyondLink(j.inst.root, c.path) == "" {
			paths = append(paths, c.path)
		}
	}
	return paths, nil
}

// putIndexVersion replaces rel with src, its index version as checkout-index wrote it.
func (j *stashJournal) putIndexVersion(rel, src string, resc *stashRescuer) error {
	if err := resc.save(rel); err != nil {
		return err
	}
	fi, err := os.Lstat(src)
	if err != nil {
		return fmt.Errorf("roll back %s: %w", rel, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := os.Readlink(src)
		if err != nil {
			return fmt.Errorf("roll back %s: %w", rel, err)
		}
		return j.inst.symlink(rel, target)
	}
	return j.inst.copyFrom(rel, src, fi.Mode().Perm(), time.Time{})
}

// stashRescuer saves content Recover must replace but cannot prove is disposable, under
// <GitDir>/hookrun/rescued/<timestamp>/<path> (how: stash_rescue.go).
type stashRescuer struct {
	root, base string
	dir        string   // created on the first save
	saved      []string // repo-relative paths
	notSaved   []string // repo-relative paths with sizes: too large to copy
	limit      int64    // bytes of data a copy may hold; 0: stashRescueLimit
	noLink     bool     // copy even where a hard link could be made (tests)
}

func newStashRescuer(r *Repo) *stashRescuer {
	return &stashRescuer{root: r.Root, base: filepath.Join(r.GitDir, "hookrun", "rescued")}
}

// save copies the file or symlink at rel, if there is one. A nil rescuer saves nothing.
func (rs *stashRescuer) save(rel string) error {
	if rs == nil {
		return nil
	}
	if stashBeyondLink(rs.root, rel) != "" {
		return nil // below a symbolic link: nothing of the repository's is there
	}
	src := filepath.Join(rs.root, filepath.FromSlash(rel))
	fi, err := os.Lstat(src)
	if err != nil || (!fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0) {
		return nil // nothing there that a copy could keep
	}
	if err = rs.mkdir(); err != nil {
		return err
	}
	dst := filepath.Join(rs.dir, filepath.FromSlash(rel))
	if err = os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("rescue %s: %w", rel, err)
	}
	if fi.Mode().IsRegular() {
		var ok bool
		if ok, err = rs.copyFile(rel, dst, src, fi); err == nil && !ok {
			return nil
		}
	} else {
		var target string
		if target, err = os.Readlink(src); err == nil {
			_ = os.Remove(dst) // a rescue killed halfway may have made it
			err = os.Symlink(target, dst)
		}
	}
	if err != nil {
		return fmt.Errorf("rescue %s: %w", rel, err)
	}
	rs.saved = append(rs.saved, rel)
	return stashSyncFS(dst)
}

// saveIndex copies an index file to <dir>.index, beside the work-tree copies.
func (rs *stashRescuer) saveIndex(index string) (string, error) {
	if err := rs.mkdir(); err != nil {
		return "", err
	}
	dst := rs.dir + ".index"
	if _, err := stashCopyFile(dst, index, 0o600); err != nil {
		return "", fmt.Errorf("rescue index: %w", err)
	}
	return dst, nil
}

func (rs *stashRescuer) mkdir() error {
	if rs.dir != "" {
		return nil
	}
	if err := os.MkdirAll(rs.base, 0o700); err != nil {
		return fmt.Errorf("rescue: %w", err)
	}
	stamp := time.Now().UTC().Format(stashStampLayout)
	for n := 1; ; n++ {
		dir := filepath.Join(rs.base, stamp)
		if n > 1 {
			dir += "-" + strconv.Itoa(n)
		}
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			rs.dir = dir
			stashPruneRescued(rs.base, time.Now()) // the new rescue is the newest: it stays
			return nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("rescue: %w", err)
		}
	}
}
