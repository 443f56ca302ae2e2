package gitrepo

import (
	"context"
	"fmt"
	"strings"
)

// Unstaged lists tracked files whose work-tree content differs from the index
// (repo-relative, sorted as git sorts them), among paths when any are given (only those
// are looked at). Submodules are ignored.
func (r *Repo) Unstaged(ctx context.Context, paths ...string) ([]string, error) {
	args := []string{"diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv", "--ignore-submodules"}
	if len(paths) > 0 {
		args = append(append(args, "--"), paths...)
	}
	out, err := r.Git(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("list unstaged files: %w", err)
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	return files, nil
}
