package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// stashIndexState says who changed the index since Stash copied it.
type stashIndexState int

const (
	stashIndexUnchanged stashIndexState = iota // byte for byte the copy
	stashIndexOurs                             // what our own steps made of it, or a stat refresh of that
	stashIndexForeign                          // entries somebody else changed: a hook, or the user after a kill
)

// indexState compares the index with the copy: first by checksum (no process), then by
// entries (`git ls-files -s`, which ignores stat data, so a hook's `git status`
// refreshing the index does not count as a change). Our entries are the copy's, with or
// without the intent-to-add entries.
func (j *stashJournal) indexState(ctx context.Context) (stashIndexState, error) {
	sum, err := stashHashFile(j.m.IndexFile)
	if errors.Is(err, fs.ErrNotExist) {
		return stashIndexForeign, nil
	}
	if err != nil {
		return 0, err
	}
	if sum == j.m.IndexSum {
		return stashIndexUnchanged, nil
	}
	ops, err := j.readOps()
	if err != nil {
		return 0, err
	}
	if ops.sums[sum] {
		return stashIndexOurs, nil
	}
	live, err := j.r.Git(ctx, "ls-files", "-s", "-z")
	if err != nil {
		return 0, fmt.Errorf("read index: %w", err)
	}
	orig, err := j.r.stashWithIndex(filepath.Join(j.dir, stashIndexName)).Git(ctx, "ls-files", "-s", "-z")
	if err != nil {
		return 0, fmt.Errorf("read index copy: %w", err)
	}
	if bytes.Equal(live, orig) || bytes.Equal(live, stashDropEntries(orig, j.m.ITA)) {
		return stashIndexOurs, nil
	}
	return stashIndexForeign, nil
}

// stashDropEntries removes the records of paths from `git ls-files -s -z` output
// ("mode oid stage\tpath\0").
func stashDropEntries(out []byte, paths []string) []byte {
	var b bytes.Buffer
	for _, rec := range bytes.SplitAfter(out, []byte{0}) {
		_, p, _ := bytes.Cut(bytes.TrimSuffix(rec, []byte{0}), []byte{'\t'})
		if !slices.Contains(paths, string(p)) {
			b.Write(rec)
		}
	}
	return b.Bytes()
}

// restoreIndex puts the index back byte for byte, intent-to-add entries included, when
// nobody but us changed it and keep is false. Otherwise it keeps git's index (with what
// a hook or the stage list put there) and re-adds the intent-to-add entries.
func (j *stashJournal) restoreIndex(ctx context.Context, keep bool) error {
	if !keep {
		st, err := j.indexState(ctx)
		if err != nil {
			return err
		}
		switch st {
		case stashIndexUnchanged:
			return nil
		case stashIndexOurs:
			return j.installIndex()
		}
	}
	return j.readdITA(ctx)
}

// installIndex replaces the index with the copy the way git writes an index: create
// <index>.lock exclusively, write, rename. A git command running meanwhile sees the old
// or the new index, and one holding the lock makes us fail rather than overwrite it.
func (j *stashJournal) installIndex() error {
	return j.indexOp("restore index", func() error {
		in, err := os.Open(filepath.Join(j.dir, stashIndexName))
		if err != nil {
			return fmt.Errorf("restore index: %w", err)
		}
		defer func() { _ = in.Close() }() // read-only: closing cannot lose data
		return writeIndex(j.m.IndexFile, in, j.kill.point)
	})
}

// writeIndex replaces the index at path with the content of r the way git writes an index:
// <path>.lock created exclusively, written, renamed into place. A git command holding the
// lock makes it fail rather than write under that command. point (a kill point in the
// tests) is called once the lock is taken and again once it is written.
func writeIndex(path string, r io.Reader, point func()) error {
	lock := path + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("restore index: %s exists: another git process is running "+
			"(if not, remove the file and run hookrun again)", lock)
	}
	if err != nil {
		return fmt.Errorf("restore index: %w", err)
	}
	point()
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	point()
	if err == nil {
		err = os.Rename(lock, path)
	}
	if err != nil {
		_ = os.Remove(lock) // ours; leaving it would block git
		return fmt.Errorf("restore index: %w", err)
	}
	return nil
}

// readdITA marks the intent-to-add files again with `git add -N` (-f: one may be
// ignored); a file deleted meanwhile has nothing left to mark.
func (j *stashJournal) readdITA(ctx context.Context) error {
	var present []string
	for _, p := range j.m.ITA {
		if stashExists(j.inst.abs(p)) {
			present = append(present, p)
		}
	}
	if len(present) == 0 {
		return nil
	}
	return j.indexOp("add intent-to-add", func() error {
		_, err := j.r.GitInput(ctx, stashJoinZ(present),
			"--literal-pathspecs", "add", "-f", "-N", "--pathspec-from-file=-", "--pathspec-file-nul")
		if err != nil {
			return fmt.Errorf("re-add intent-to-add entries: %w", err)
		}
		return nil
	})
}
