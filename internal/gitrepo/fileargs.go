package gitrepo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// FileArgs turns the paths of `--files` (relative to the working directory) into the
// repo-relative, slash-separated ones a Files scope holds. A path outside the work tree,
// a directory and a name that is no file are errors.
func (r *Repo) FileArgs(paths []string) ([]string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("get working directory: %w", err)
	}
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(wd, p)
		}
		if !within(p, r.Root) {
			return nil, fmt.Errorf("%s is outside the repository %s", p, r.Root)
		}
		rel, _ := filepath.Rel(r.Root, p) // within: no error
		// A name that is no file would otherwise leave every hook with nothing to check,
		// and the run would pass.
		switch fi, err := os.Lstat(p); {
		case err != nil:
			return nil, fmt.Errorf("--files %s: %w", rel, errors.Unwrap(err))
		case fi.IsDir():
			return nil, fmt.Errorf("--files %s: a directory; name its files, or use --all", rel)
		}
		out = append(out, filepath.ToSlash(rel))
	}
	return out, nil
}
