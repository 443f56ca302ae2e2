package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/internal/proc"
)

// This file finds the newest release of a hook repository, for `hookrun autoupdate`, the
// way pre-commit's autoupdate does: with the git command (so the user's git config,
// url.<base>.insteadOf and credential helpers included, applies), in a scratch
// repository that fetches the remote's default branch and its tags and checks nothing
// out. Nothing fetched is ever run.

// NewestOptions say which revision Newest picks.
type NewestOptions struct {
	// BleedingEdge picks the head of the default branch (a tag only when one points at
	// it exactly), not the newest tag reachable from it.
	BleedingEdge bool
	// Freeze gives the commit the picked tag points at, with the tag as Frozen.
	Freeze bool
}

// NewestRev is what Newest found.
type NewestRev struct {
	Rev    string // a tag, or a full commit id when no tag applies or with Freeze
	Frozen string // with Freeze, the tag Rev was (the "# frozen:" comment); "" otherwise
	// Manifest is the repository's .pre-commit-hooks.yaml at Rev; nil when it has none.
	Manifest []byte
}

// manifestPath is the file Newest reads at the new revision.
const manifestPath = ".pre-commit-hooks.yaml"

// Newest fetches url (a URL, file:// URL or local directory) into a scratch repository
// and returns its newest revision: `git describe --tags --abbrev=0` of the default
// branch's head (with --exact-match under BleedingEdge), preferring among the tags on
// that commit one that looks like a version (has a "."), else the head's commit id.
// env is the environment git gets; the variables that would point git at another
// repository (GIT_DIR, GIT_INDEX_FILE, ... set when hookrun runs inside a git hook) are
// removed.
func Newest(ctx context.Context, url string, env []string, opt NewestOptions) (NewestRev, error) {
	if fi, err := os.Stat(url); err == nil && fi.IsDir() {
		if abs, err := filepath.Abs(url); err == nil {
			url = abs
		}
	}
	tmp, err := os.MkdirTemp("", "hookrun-autoupdate-*")
	if err != nil {
		return NewestRev{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer func() { _ = os.RemoveAll(tmp) }() // a scratch repository: nothing in it is kept
	g, err := newScratch(ctx, tmp, url, env)
	if err != nil {
		return NewestRev{}, fmt.Errorf("fetch %s: %w", url, err)
	}
	for _, args := range [][]string{
		{"config", "extensions.partialClone", "true"},
		{"fetch", "origin", "HEAD", "--quiet", "--filter=blob:none", "--tags"},
	} {
		if _, err := g.git(ctx, args...); err != nil {
			return NewestRev{}, fmt.Errorf("fetch %s: %w", url, err)
		}
	}
	return g.pick(ctx, opt)
}

// pick chooses the revision in a scratch repository that has fetched FETCH_HEAD.
func (g scratch) pick(ctx context.Context, opt NewestOptions) (NewestRev, error) {
	describe := []string{"describe", "FETCH_HEAD", "--tags", "--abbrev=0"}
	if opt.BleedingEdge {
		describe = []string{"describe", "FETCH_HEAD", "--tags", "--exact-match"}
	}
	var out NewestRev
	tag, err := g.git(ctx, describe...)
	var ge *GitError
	switch {
	case errors.As(err, &ge): // no tag: the commit itself
		head, herr := g.git(ctx, "rev-parse", "FETCH_HEAD")
		if herr != nil {
			return NewestRev{}, herr
		}
		out.Rev = head
	case err != nil:
		return NewestRev{}, err
	case opt.BleedingEdge:
		out.Rev = tag
	default:
		out.Rev = g.bestTag(ctx, tag)
	}
	if opt.Freeze {
		commit, cerr := g.git(ctx, "rev-parse", out.Rev+"^{commit}")
		if cerr != nil {
			return NewestRev{}, cerr
		}
		if commit != out.Rev {
			out.Rev, out.Frozen = commit, out.Rev
		}
	}
	manifest, err := g.git(ctx, "show", out.Rev+":"+manifestPath)
	if err == nil {
		out.Manifest = []byte(manifest + "\n")
	}
	return out, nil
}

// bestTag is the first tag on tag's commit that looks like a version: a moving tag
// ("stable", "latest") often sits beside the release's.
func (g scratch) bestTag(ctx context.Context, tag string) string {
	tags, err := g.git(ctx, "tag", "--points-at", tag)
	if err != nil {
		return tag
	}
	for t := range strings.SplitSeq(tags, "\n") {
		if strings.Contains(t, ".") {
			return t
		}
	}
	return tag
}

type scratch struct {
	dir string
	env []string
}

// newScratch makes dir an empty repository (no template, so no sample hooks) whose
// origin is url; git gets env less repoLocating (scratchEnv).
func newScratch(ctx context.Context, dir, url string, env []string) (scratch, error) {
	g := scratch{dir: dir, env: scratchEnv(env)}
	for _, args := range [][]string{
		{"init", "--quiet", "--template=", dir},
		{"remote", "add", "origin", url},
	} {
		if _, err := g.git(ctx, args...); err != nil {
			return scratch{}, err
		}
	}
	return g, nil
}

// git runs git in the scratch repository and returns its stdout, trimmed.
func (g scratch) git(ctx context.Context, args ...string) (string, error) {
	// No fsmonitor daemon, and no hooks (a global core.hooksPath included): a scratch
	// repository runs nothing.
	full := append([]string{
		"-c", "core.useBuiltinFSMonitor=false", "-c", "core.fsmonitor=false",
		"-c", "core.hooksPath=" + os.DevNull, "-C", g.dir,
	}, args...)
	res, err := proc.Run(ctx, proc.Cmd{Path: "git", Args: full, Env: g.env})
	if err != nil {
		return "", fmt.Errorf("git %s: %w", args[0], err)
	}
	if res.ExitCode != 0 {
		return "", &GitError{Args: args, ExitCode: res.ExitCode, Stderr: string(res.Stderr)}
	}
	return strings.TrimSpace(string(res.Stdout)), nil
}

// repoLocating are the variables that point git at a repository other than the one in
// its working directory: git sets some of them for the hooks it runs.
var repoLocating = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
	"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX",
	"GIT_QUARANTINE_PATH",
}

// scratchEnv is env (nil: hookrun's) without repoLocating, so git works on the scratch
// repository whatever hook hookrun runs in.
func scratchEnv(env []string) []string {
	if env == nil {
		env = os.Environ()
	}
	out := make([]string, 0, len(env))
	for _, kv := range env {
		if name, _, _ := strings.Cut(kv, "="); !slices.Contains(repoLocating, name) {
			out = append(out, kv)
		}
	}
	return out
}
