package gitrepo

import (
	"context"
	"fmt"
)

// Unstaged lists tracked files whose work-tree content differs from the index
// (repo-relative, sorted as git sorts them), among paths when any are given (only those
// are looked at): intent-to-add and unmerged paths included, submodules left out. It is
// the stash's listing (`git status`, which never rewrites the index; `git diff` would,
// taking index.lock to refresh stat data).
func (r *Repo) Unstaged(ctx context.Context, paths ...string) ([]string, error) {
	args := stashStatusArgs
	if len(paths) > 0 {
		args = append(append(args[:len(args):len(args)], "--"), paths...)
	}
	out, err := r.Git(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("list unstaged files: %w", err)
	}
	changes, err := stashParseStatus(out)
	if err != nil {
		return nil, fmt.Errorf("list unstaged files: %w", err)
	}
	files := make([]string, 0, len(changes))
	for _, c := range changes {
		files = append(files, c.path)
	}
	return files, nil
}
