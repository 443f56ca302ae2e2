package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// This file serves `hookrun try-repo`: the commit a hook repository's HEAD names, and,
// for a local repository with uncommitted changes, a shadow clone whose one extra
// commit holds them, as pre-commit's try-repo makes. The user's repository is only
// read: git add writes to the shadow's index and object store (GIT_INDEX_FILE and
// GIT_OBJECT_DIRECTORY point there), never to the user's.

// RemoteHead is the commit HEAD names in the repository at url (git ls-remote).
func RemoteHead(ctx context.Context, url string, env []string) (string, error) {
	g := scratch{env: scratchEnv(env)}
	out, err := g.git(ctx, "ls-remote", "--exit-code", "--", url, "HEAD")
	if err != nil {
		return "", fmt.Errorf("read HEAD of %s: %w", url, err)
	}
	head, _, _ := strings.Cut(out, "\t")
	return head, nil
}

// Shadow returns a repository and commit that hold the work tree of the local
// repository at dir as it is now: dir and rev when nothing differs from rev (its HEAD),
// else a clone in tmp with one commit on top of rev holding the staged and unstaged
// changes to tracked files (untracked files are left out, as pre-commit leaves them).
func Shadow(ctx context.Context, dir, rev, tmp string, env []string) (repo, commit string, err error) {
	src := scratch{dir: dir, env: scratchEnv(env)}
	_, err = src.git(ctx, "diff", "--quiet", "--no-ext-diff", "HEAD")
	var ge *GitError
	if !errors.As(err, &ge) || ge.ExitCode != 1 {
		return dir, rev, err // nil: no difference; else git could not tell
	}
	shadow := filepath.Join(tmp, "shadow-repo")
	gitDir := filepath.Join(shadow, ".git")
	staged, err := src.git(ctx, "diff", "--cached", "--name-only", "--no-renames", "-z", "--diff-filter=ACMRTUXB")
	if err != nil {
		return "", "", err
	}
	sh := scratch{dir: shadow, env: slices.Concat(src.env, []string{
		"GIT_AUTHOR_NAME=hookrun", "GIT_COMMITTER_NAME=hookrun",
		"GIT_AUTHOR_EMAIL=hookrun@localhost", "GIT_COMMITTER_EMAIL=hookrun@localhost",
	})}
	into := scratch{dir: dir, env: slices.Concat(src.env, []string{
		"GIT_INDEX_FILE=" + filepath.Join(gitDir, "index"), "GIT_OBJECT_DIRECTORY=" + filepath.Join(gitDir, "objects"),
	})}
	steps := []struct {
		g    scratch
		args []string
	}{
		{src, []string{"clone", "--quiet", "--no-checkout", "--template=", "--", dir, shadow}},
		{sh, []string{"checkout", "--quiet", rev, "-b", "_hookrun_tmp"}},
		{into, []string{"add", "-u"}},
		{sh, []string{"commit", "--quiet", "--no-verify", "--no-gpg-sign", "--allow-empty", "-m", "hookrun try-repo: uncommitted changes"}},
	}
	if staged != "" { // the staged files' work tree state, new files included
		add := append([]string{"add", "--"}, strings.Split(strings.TrimRight(staged, "\x00"), "\x00")...)
		steps = slices.Insert(steps, 2, struct {
			g    scratch
			args []string
		}{into, add})
	}
	for _, st := range steps {
		if _, serr := st.g.git(ctx, st.args...); serr != nil {
			return "", "", serr
		}
	}
	commit, err = sh.git(ctx, "rev-parse", "HEAD")
	return shadow, commit, err
}
