package gitrepo

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Unstageable lists, with why, the paths (repo-relative) whose staging could put content
// read through a symbolic link into the index: a path that lies below a link in the work
// tree, and a path the index holds as a link (mode 120000) that is now something else
// there (a hook or a fixer replaced the link, often with the bytes of its target, which
// may be a secret from outside the repository). Staging never turns a link into a
// regular file; the caller stages the other paths only. A link staged over a regular
// file records only the link's target, never content read through it, so it passes.
func (r *Repo) Unstageable(ctx context.Context, paths []string) (map[string]string, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	// ls-files takes no pathspec file, and the list may be past the argument limit:
	// the whole index, a few milliseconds even for a large one.
	out, err := r.Git(ctx, "ls-files", "-s", "-z", "--full-name")
	if err != nil {
		return nil, fmt.Errorf("list index entries to stage: %w", err)
	}
	links := map[string]bool{}
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		// "mode object stage\tpath"
		meta, p, ok := strings.Cut(string(rec), "\t")
		if ok && strings.HasPrefix(meta, "120000 ") {
			links[p] = true
		}
	}
	refused := map[string]string{}
	for _, p := range paths {
		if link := stashBeyondLink(r.Root, p); link != "" {
			refused[p] = link + " is a symbolic link in the work tree"
			continue
		}
		if !links[p] {
			continue
		}
		fi, err := os.Lstat(filepath.Join(r.Root, filepath.FromSlash(p)))
		if err == nil && fi.Mode()&fs.ModeSymlink == 0 {
			refused[p] = "a symbolic link in the index, replaced by a hook in the work tree"
		}
	}
	return refused, nil
}
