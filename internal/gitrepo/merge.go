package gitrepo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// InMerge reports whether a merge is in progress, as pre-commit decides it: MERGE_HEAD
// and MERGE_MSG both exist in the git dir. During a merge the Staged scope lists only
// the merge's conflicted files (see mergeFiles).
func (r *Repo) InMerge() bool {
	for _, name := range []string{"MERGE_HEAD", "MERGE_MSG"} {
		if _, err := os.Stat(filepath.Join(r.GitDir, name)); err != nil {
			return false
		}
	}
	return true
}

// mergeFiles lists what pre-commit checks during a merge instead of every staged file:
// the paths MERGE_MSG names as conflicted (they may have been resolved by taking one
// side whole, so no diff shows them), plus the paths whose index version differs from
// both HEAD and MERGE_HEAD. A file that came in cleanly from either side is left out,
// though it is staged.
//
// pre-commit gets the second set from a combined diff, `git diff -m $(git write-tree)
// HEAD MERGE_HEAD`, which lists a path only when it differs from every parent. Here it
// is the intersection of the index's diffs against each side: the same paths, without
// write-tree, which takes index.lock and would race with Stash working beside the
// listing (see execute in cmd/hookrun).
func (r *Repo) mergeFiles(ctx context.Context) ([]string, error) {
	msg, err := os.ReadFile(filepath.Join(r.GitDir, "MERGE_MSG"))
	if err != nil {
		return nil, fmt.Errorf("read merge message: %w", err)
	}
	var (
		theirs []byte
		terr   error
		wg     sync.WaitGroup
	)
	args := append([]string{"diff", "--cached"}, diffArgs(Scope{})...)
	wg.Go(func() { theirs, terr = r.Git(ctx, append(args, "MERGE_HEAD", "--")...) })
	ours, err := r.Git(ctx, append(args, "HEAD", "--")...)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("diff index with HEAD: %w", err)
	}
	if terr != nil {
		return nil, fmt.Errorf("diff index with MERGE_HEAD: %w", terr)
	}
	paths := mergeMsgConflicts(msg)
	fromTheirs := map[string]bool{}
	for _, p := range splitZ(theirs) {
		fromTheirs[p] = true
	}
	for _, p := range splitZ(ours) {
		if fromTheirs[p] {
			paths = append(paths, p)
		}
	}
	return paths, nil
}

// mergeMsgConflicts returns the file names in the conflict list of a merge message:
// git writes them one a line after "# Conflicts:", as "#\t<path>" (plain "\t<path>"
// before git 2.4.1). Like pre-commit, it takes every line so prefixed, with leading
// '#'s and surrounding ASCII whitespace removed, but only names inside the work tree
// (a hand-edited message could name "../x").
func mergeMsgConflicts(msg []byte) []string {
	var paths []string
	for line := range strings.Lines(string(msg)) {
		if !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "#\t") {
			continue
		}
		if p := strings.Trim(strings.TrimLeft(line, "#"), " \t\r\n\v\f"); filepath.IsLocal(p) {
			paths = append(paths, p)
		}
	}
	return paths
}
