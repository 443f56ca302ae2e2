package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// Clone makes dir a checkout of the repository at url (a URL, a file:// URL or a local
// path) at rev: a tag, a branch or a commit, full or abbreviated. It clones with the git
// command, as pre-commit does, into a temporary sibling of dir and renames it into
// place, so dir either does not exist or is complete; a dir that already exists is left
// alone (another run made it). It returns the commit checked out. Submodules are not
// cloned.
//
// git, not go-git, so that the user's git config applies as it does to their own
// clones (url.<base>.insteadOf, credential helpers, proxies, ssh settings) and so that
// hookrun's binary carries no network transports (go-git's root package links HTTP,
// SSH and OpenPGP, a millisecond and a half of every start-up). The variables that
// point git at another repository (set when hookrun runs inside a git hook) are
// removed from environ, so nothing of the enclosing repository plays a part.
func Clone(ctx context.Context, url, rev, dir string, environ []string) (string, error) {
	if _, err := os.Stat(dir); err == nil {
		return headOf(dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".clone-*")
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	defer func() { _ = os.RemoveAll(tmp) }() // gone after the rename; else a partial clone
	g, err := newScratch(ctx, tmp, url, environ)
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	commit, err := g.fetchRev(ctx, rev)
	if err != nil {
		return "", fmt.Errorf("clone %s: rev %s: %w", url, rev, err)
	}
	if _, err := g.git(ctx, "checkout", "--quiet", "--detach", commit); err != nil {
		return "", fmt.Errorf("clone %s: check out %s: %w", url, rev, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil { // another run finished first
			return headOf(dir)
		}
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	return commit, nil
}

// fetchRev fetches rev from origin into the scratch repository and returns its commit.
// Like pre-commit, it first fetches rev alone with no history (a tag, a branch or a
// full commit id, which protocol version 2 servers hand out), and when the server
// refuses that (an abbreviated commit, an old server) fetches every branch and tag and
// looks rev up among them: rev as git reads it, else a remote-tracking branch.
func (g scratch) fetchRev(ctx context.Context, rev string) (string, error) {
	_, err := g.git(ctx, "-c", "protocol.version=2", "fetch", "--quiet", "--no-tags", "--depth=1", "origin", "--", rev)
	if err == nil {
		return g.git(ctx, "rev-parse", "--verify", "--quiet", "FETCH_HEAD^{commit}")
	}
	if _, ferr := g.git(ctx, "fetch", "--quiet", "--tags", "origin"); ferr != nil {
		return "", ferr
	}
	for _, cand := range []string{rev, "refs/remotes/origin/" + rev} {
		if commit, rerr := g.git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", cand+"^{commit}"); rerr == nil {
			return commit, nil
		}
	}
	return "", fmt.Errorf("not found in the repository: %w", err)
}

// headOf returns the commit checked out in an existing clone, read in-process.
func headOf(dir string) (string, error) {
	gitDir := filepath.Join(dir, ".git")
	st, _, err := gogitStorageOf(gitDir, gitDir)
	if err != nil {
		return "", fmt.Errorf("open clone %s: %w", dir, err)
	}
	ref, err := storer.ResolveReference(st, plumbing.HEAD)
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return "", fmt.Errorf("clone %s has no HEAD: %w", dir, err)
		}
		return "", fmt.Errorf("open clone %s: %w", dir, err)
	}
	return ref.Hash().String(), nil
}
