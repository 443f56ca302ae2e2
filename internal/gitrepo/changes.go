package gitrepo

// Which implementation serves each operation, by BenchmarkChanges (bench_test.go): a
// generated repository of 2,000 files in 40 directories, packed, with 1 and then 1,000
// files staged; go 1.26.8, git 2.39.5, go-git 5.19.3, 2-CPU Linux VM (shared and busy,
// hence the spread). Reproduce with
//
//	go test -run '^$' -bench BenchmarkChanges -count 6 ./internal/gitrepo | benchstat -col /impl -
//
//	operation                     git command      go-git          used
//	Open (root, git/common dir)   2.21 ms ± 30%    48 µs ± 36%     go-git, guarded: 75 µs ± 15%
//	staged list, 1 staged         2.54 ms ± 18%    7.42 ms ± 18%   git command
//	staged list, 1,000 staged     3.46 ms ± 22%    8.20 ms ± 23%   git command
//	status (Worktree.Status)      5.38 ms ± 11%    26.9 ms ± 20%   neither (hookrun needs none)
//	status, 1,000 staged          5.82 ms ± 36%    25.5 ms ±  4%
//
// Open reads the repository in-process and hands the cases go-git may get wrong to git
// (see openFast). The staged list is `git diff --cached`: go-git spends about a third of
// its time decoding the index and half walking HEAD's trees out of the pack, more than
// git takes including its process start. Ranges, LastCommit, All and Unmerged use the
// git command too (one process each, like the staged list). HooksDir asks git because go-git's config
// reader ignores includes, GIT_CONFIG_GLOBAL and `-c`.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// ScopeKind says which files a run considers.
type ScopeKind int

// The scopes. The zero Scope is Staged, what a pre-commit hook checks. During a merge
// (InMerge), Staged lists only the merge's conflicted files, as pre-commit does.
const (
	Staged     ScopeKind = iota // added, copied, modified, renamed-to or type-changed in the index
	All                         // every tracked file
	Files                       // the files named in Scope.Files
	Range                       // files changed between Scope.From and Scope.To, as a pull request shows them
	LastCommit                  // files HEAD changed against its first parent; all of its files for a root commit
)

var scopeNames = [...]string{Staged: "staged", All: "all", Files: "files", Range: "range", LastCommit: "last-commit"}

// String returns the scope's name, for messages.
func (k ScopeKind) String() string {
	if k >= 0 && int(k) < len(scopeNames) {
		return scopeNames[k]
	}
	return fmt.Sprintf("ScopeKind(%d)", int(k))
}

// Scope selects the files of a run.
type Scope struct {
	Kind ScopeKind
	// Files holds repo-relative paths (absolute paths inside the work tree are accepted
	// too) when Kind is Files; the caller converts paths given relative to its cwd.
	Files []string
	// From and To bound a Range with merge-base semantics (git's From...To): the files
	// that changed on To since it forked from From. To "" means HEAD.
	From, To string
	// Gitlinks lists submodules (gitlinks) present in the work tree too, as pre-commit
	// does for its hooks, which see them tagged directory (forbid-new-submodules). Only
	// for a .pre-commit-config.yaml: hookrun.yaml's tools read files, not directories.
	Gitlinks bool
	// Unchecked, in the All scope, lists the index's files without asking git which are
	// missing from the work tree (one git call, not two): the caller drops those itself,
	// as a run of a .pre-commit-config.yaml does while it tags every file (an lstat each,
	// pre-commit's os.path.lexists). Skip-worktree entries are still looked for.
	Unchecked bool
	// Pushed marks a Files scope PushScope made (several refs, or a pushed root commit):
	// LineDiff unites the changes of Parts, the refs' own scopes; with none (a root
	// commit) every line is new.
	Pushed bool
	Parts  []Scope
}

// Changes returns the files in scope s: sorted, deduplicated, repo-relative,
// slash-separated paths of regular files and symlinks present in the work tree. Deleted
// paths, submodules and directories are never listed.
func (r *Repo) Changes(ctx context.Context, s Scope) ([]string, error) {
	if s.Kind == All {
		paths, err := r.allFiles(ctx, s.Gitlinks, s.Unchecked)
		if err != nil {
			return nil, fmt.Errorf("changes (%s): %w", s.Kind, err)
		}
		return paths, nil
	}
	paths, err := r.Candidates(ctx, s)
	if err != nil {
		return nil, err
	}
	return r.ExistingIn(ctx, s, paths)
}

// Candidates is Changes before the work-tree check, for a caller that must first put
// files back (a staged file deleted in the work tree is restored by Stash, and must be
// checked), then keep those that exist with Existing. Not for the All scope.
func (r *Repo) Candidates(ctx context.Context, s Scope) ([]string, error) {
	paths, err := r.candidates(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("changes (%s): %w", s.Kind, err)
	}
	return paths, nil
}

// allFiles lists every tracked file present in the work tree (unchecked: and those
// missing from it, but skip-worktree ones). Two git calls side by side (the index with
// modes, and the entries missing from the work tree) replace an lstat per file, which
// cost most of a 20,000-file run's time. --deleted never lists a skip-worktree entry (a
// file a sparse checkout left out): `-t` tags those S, and only they are looked for in
// the work tree.
func (r *Repo) allFiles(ctx context.Context, gitlinks, unchecked bool) ([]string, error) {
	var (
		deleted []byte
		derr    error
		wg      sync.WaitGroup
	)
	if !unchecked {
		wg.Go(func() { deleted, derr = r.Git(ctx, "ls-files", "-z", "--deleted", "--full-name") })
	}
	out, err := r.Git(ctx, "ls-files", "-z", "--cached", "--stage", "-t", "--full-name")
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, derr
	}
	gone := map[string]bool{}
	for _, p := range splitZ(deleted) {
		gone[p] = true
	}
	var paths []string
	for _, rec := range splitZ(out) {
		// "<tag> <mode> <object> <stage>\t<path>"; 160000 is a submodule.
		meta, p, ok := strings.Cut(rec, "\t")
		tag, meta, _ := strings.Cut(meta, " ")
		if !ok || gone[p] {
			continue
		}
		if strings.HasPrefix(meta, "160000 ") {
			if gitlinks && r.isDir(p) {
				paths = append(paths, p)
			}
			continue
		}
		if tag == "S" && len(r.Existing([]string{p})) == 0 {
			continue // skip-worktree and absent
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return slices.Compact(paths), nil
}

// candidates lists the paths of scope s before the work-tree check.
func (r *Repo) candidates(ctx context.Context, s Scope) ([]string, error) {
	switch s.Kind {
	case Staged:
		if r.InMerge() {
			return r.mergeFiles(ctx)
		}
		return r.stagedCLI(ctx, diffArgs(s))
	case Files:
		return r.cleanFiles(s.Files)
	case Range:
		return r.rangeFiles(ctx, s.From, s.To, diffArgs(s))
	case LastCommit:
		return r.lastCommitFiles(ctx, diffArgs(s))
	}
	return nil, fmt.Errorf("unknown scope kind %d", int(s.Kind))
}

// diffArgs are the options of every name-listing diff of scope s. --no-renames lists a
// rename as a deletion plus an addition, so the filter keeps the new path exactly as
// with rename detection, without its cost. Gitlinks are ignored unless s asks for them
// (a diff of the index or of commits never looks inside a submodule's work tree; the
// existence check drops any that remain, since a submodule is a directory).
func diffArgs(s Scope) []string {
	ignore := "--ignore-submodules=all"
	if s.Gitlinks {
		ignore = "--ignore-submodules=dirty"
	}
	return []string{
		"--name-only", "-z", "--no-ext-diff", "--no-textconv", "--no-renames",
		"--diff-filter=ACMRT", ignore,
	}
}

// stagedCLI lists the staged paths with `git diff --cached`. On an unborn branch git
// compares the index with the empty tree by itself.
func (r *Repo) stagedCLI(ctx context.Context, opts []string) ([]string, error) {
	args := append([]string{"diff", "--cached"}, opts...)
	out, err := r.Git(ctx, append(args, "--")...)
	return splitZ(out), err
}

// rangeFiles lists the paths changed on to since it forked from from.
func (r *Repo) rangeFiles(ctx context.Context, from, to string, opts []string) ([]string, error) {
	if to == "" {
		to = "HEAD"
	}
	if err := checkRev(from); err != nil {
		return nil, err
	}
	if err := checkRev(to); err != nil {
		return nil, err
	}
	args := append([]string{"diff"}, opts...)
	out, err := r.Git(ctx, append(args, from+"..."+to, "--")...)
	if err != nil {
		// Say which end git does not know, rather than the diff's message.
		for _, rev := range []string{from, to} {
			if _, verr := r.Git(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); verr != nil {
				return nil, &UnknownRevError{Rev: rev}
			}
		}
	}
	if err != nil && r.shallow() {
		// A shallow clone often lacks the merge base that From...To needs.
		return nil, fmt.Errorf("%w\nthis is a shallow clone and may lack the merge base of %s and %s: "+
			"fetch more history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)", err, from, to)
	}
	return splitZ(out), err
}

// UnknownRevError says that a revision given for a range names no commit here.
type UnknownRevError struct{ Rev string }

func (e *UnknownRevError) Error() string {
	msg := fmt.Sprintf("unknown revision %q: no branch, tag or commit of that name here", e.Rev)
	if strings.Contains(e.Rev, "/") {
		msg += " (a remote branch must be fetched first: git fetch)"
	}
	return msg
}

// shallow reports whether the repository is a shallow clone.
func (r *Repo) shallow() bool {
	_, err := os.Stat(filepath.Join(r.CommonDir, "shallow"))
	return err == nil
}

// checkRev refuses revisions git would read as options.
func checkRev(rev string) error {
	if rev == "" {
		return errors.New("empty revision")
	}
	if strings.HasPrefix(rev, "-") {
		return fmt.Errorf("revision %q starts with '-'", rev)
	}
	return nil
}

// lastCommitFiles lists the paths HEAD changed against its first parent, or all of its
// files when HEAD is a root commit.
func (r *Repo) lastCommitFiles(ctx context.Context, opts []string) ([]string, error) {
	out, err := r.Git(ctx, "rev-list", "--parents", "-n", "1", "HEAD", "--")
	if err != nil {
		return nil, fmt.Errorf("read HEAD: %w", err)
	}
	commits := strings.Fields(string(out))
	if len(commits) == 1 {
		return r.treeFiles(ctx, commits[0])
	}
	args := append([]string{"diff"}, opts...)
	out, err = r.Git(ctx, append(args, commits[1], commits[0], "--")...)
	return splitZ(out), err
}

// treeFiles lists every path in commit's tree.
func (r *Repo) treeFiles(ctx context.Context, commit string) ([]string, error) {
	out, err := r.Git(ctx, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--")
	return splitZ(out), err
}

// cleanFiles turns user-given paths into clean repo-relative slash paths.
func (r *Repo) cleanFiles(files []string) ([]string, error) {
	out := make([]string, 0, len(files))
	for _, f := range files {
		p := f
		if filepath.IsAbs(p) {
			rel, err := filepath.Rel(r.Root, p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			p = rel
		}
		p = filepath.ToSlash(filepath.Clean(p))
		if p == ".." || strings.HasPrefix(p, "../") {
			return nil, fmt.Errorf("%s is outside the repository %s", f, r.Root)
		}
		out = append(out, p)
	}
	return out, nil
}

// ExistingIn is Existing for scope s: with s.Gitlinks it keeps the submodules among
// paths too (directories in the work tree that the index holds as gitlinks), asking git
// only when some path is a directory.
func (r *Repo) ExistingIn(ctx context.Context, s Scope, paths []string) ([]string, error) {
	if !s.Gitlinks {
		return r.Existing(paths), nil
	}
	var dirs []string
	for _, p := range paths {
		if r.isDir(p) {
			dirs = append(dirs, p)
		}
	}
	out := r.Existing(paths)
	if len(dirs) == 0 {
		return out, nil
	}
	ls, err := r.Git(ctx, append([]string{"--literal-pathspecs", "ls-files", "-z", "--stage", "--full-name", "--"}, dirs...)...)
	if err != nil {
		return nil, fmt.Errorf("list submodules: %w", err)
	}
	for _, rec := range splitZ(ls) {
		meta, p, _ := strings.Cut(rec, "\t")
		if strings.HasPrefix(meta, "160000 ") && slices.Contains(dirs, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// isDir reports whether the repo-relative path p is a directory in the work tree (not
// a link to one).
func (r *Repo) isDir(p string) bool {
	fi, err := os.Lstat(filepath.Join(r.Root, filepath.FromSlash(p)))
	return err == nil && fi.IsDir()
}

// Existing sorts and deduplicates paths and keeps those that are regular files or
// symlinks in the work tree.
func (r *Repo) Existing(paths []string) []string {
	slices.Sort(paths)
	paths = slices.Compact(paths)
	out := paths[:0]
	for _, p := range paths {
		fi, err := os.Lstat(filepath.Join(r.Root, filepath.FromSlash(p)))
		if err != nil { // deleted, or a path under a file: not a file to check
			continue
		}
		if m := fi.Mode(); m.IsRegular() || m&fs.ModeSymlink != 0 {
			out = append(out, p)
		}
	}
	return slices.Clip(out)
}

// splitZ splits git's NUL-terminated output.
func splitZ(out []byte) []string {
	s := strings.TrimSuffix(string(out), "\x00")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\x00")
}

// Unmerged returns the sorted paths that have unmerged index entries (a merge, rebase or
// cherry-pick stopped on conflicts), whether or not they exist in the work tree.
func (r *Repo) Unmerged(ctx context.Context) ([]string, error) {
	out, err := r.Git(ctx, "ls-files", "-u", "-z", "--full-name")
	if err != nil {
		return nil, fmt.Errorf("list unmerged: %w", err)
	}
	var paths []string
	for _, rec := range splitZ(out) {
		// "<mode> <object> <stage>\t<path>"
		if _, p, ok := strings.Cut(rec, "\t"); ok {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths), nil
}
