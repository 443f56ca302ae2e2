package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/hookrun/hookrun/internal/proc"
)

// Clone makes dir a checkout of the repository at url (a URL, a file:// URL or a local
// path) at rev: a tag, a branch or a commit, full or abbreviated. It clones in-process
// with go-git into a temporary sibling of dir and renames it into place, so dir either
// does not exist or is complete; a dir that already exists is left alone (another run
// made it). It returns the commit checked out. Submodules are not cloned. The user's git
// config in environ rewrites url first, as `git clone` would (FetchURL).
func Clone(ctx context.Context, url, rev, dir string, environ []string) (string, error) {
	if _, err := os.Stat(dir); err == nil {
		return headOf(dir)
	}
	url, uerr := FetchURL(ctx, url, environ)
	if uerr != nil {
		return "", fmt.Errorf("clone %s: %w", url, uerr)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".clone-*")
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	defer func() { _ = os.RemoveAll(tmp) }() // gone after the rename; else a partial clone
	repo, err := git.PlainCloneContext(ctx, tmp, false, &git.CloneOptions{
		URL: url, NoCheckout: true, Tags: git.AllTags,
	})
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	hash, err := resolveRev(repo, rev)
	if err != nil {
		return "", fmt.Errorf("clone %s: rev %s: %w", url, rev, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Hash: hash, Force: true}); err != nil {
		return "", fmt.Errorf("clone %s: check out %s: %w", url, rev, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil { // another run finished first
			return headOf(dir)
		}
		return "", fmt.Errorf("clone %s: %w", url, err)
	}
	return hash.String(), nil
}

// resolveRev finds rev among the clone's tags, branches (remote-tracking after a clone)
// and commits.
func resolveRev(repo *git.Repository, rev string) (plumbing.Hash, error) {
	var firstErr error
	for _, cand := range []string{rev, "refs/tags/" + rev, "refs/remotes/origin/" + rev} {
		h, err := repo.ResolveRevision(plumbing.Revision(cand))
		if err == nil {
			if c, cerr := repo.CommitObject(*h); cerr == nil {
				return c.Hash, nil
			}
			return *h, nil
		}
		firstErr = cmpErr(firstErr, err)
	}
	return plumbing.ZeroHash, firstErr
}

func cmpErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// headOf returns the commit checked out in an existing clone.
func headOf(dir string) (string, error) {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return "", fmt.Errorf("open clone %s: %w", dir, err)
	}
	ref, err := repo.Head()
	if err != nil {
		if errors.Is(err, plumbing.ErrReferenceNotFound) {
			return "", fmt.Errorf("clone %s has no HEAD: %w", dir, err)
		}
		return "", fmt.Errorf("open clone %s: %w", dir, err)
	}
	return ref.Hash().String(), nil
}

// FetchURL is the URL git fetches for url: the url.<base>.insteadOf rules of the git
// config environ gives (system, global, `git -c`), the longest base winning, as
// companies point GitHub URLs at their mirrors. go-git applies none of them, so git says
// (`ls-remote --get-url`, which contacts nothing). GIT_DIR names no repository, so the
// config of whatever repository the working directory is in plays no part, as for
// pre-commit's and prek's clones into fresh directories.
func FetchURL(ctx context.Context, url string, environ []string) (string, error) {
	env := append(gitEnv(environ), "GIT_DIR="+os.DevNull)
	res, err := proc.Run(ctx, proc.Cmd{Path: "git", Args: []string{"ls-remote", "--get-url", "--", url}, Env: env})
	switch {
	case err != nil:
		return url, fmt.Errorf("apply git's url rewrites: %w", err)
	case res.ExitCode != 0:
		return url, fmt.Errorf("apply git's url rewrites: git ls-remote --get-url: exit %d: %s", res.ExitCode, strings.TrimSpace(string(res.Stderr)))
	}
	if got := strings.TrimSuffix(string(res.Stdout), "\n"); got != "" {
		return got, nil
	}
	return url, nil
}
