package gitrepo

// The go-git side of the package: in-process versions of what Open and the Staged scope
// ask the git command for. BenchmarkChanges compares the two and a differential test
// keeps them equal; see the top of changes.go for which one each operation uses.
// go-git refuses some repositories git handles (split index, sparse index, index
// extensions it does not know, unknown repository extensions), so every caller treats a
// go-git error as "ask git" and never as a failure.

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
)

// gogitInfo is what Open learns about a repository, read in-process by go-git.
type gogitInfo struct {
	Root, GitDir, CommonDir string
	HooksPath               string // core.hooksPath from the repository's own config file, unexpanded
	worktree                string // core.worktree from the same file
}

// gogitOpen finds the repository containing dir like `git rev-parse` does, reading only
// the files go-git knows: GIT_DIR, GIT_WORK_TREE, the global and system config,
// includes, `-c` and safe.directory are not considered. openFast decides when that is
// enough.
func gogitOpen(dir string) (gogitInfo, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return gogitInfo{}, fmt.Errorf("go-git open %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return gogitInfo{}, fmt.Errorf("go-git open %s: %w", dir, err)
	}
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return gogitInfo{}, fmt.Errorf("go-git open %s: unexpected storage %T", dir, repo.Storer)
	}
	info := gogitInfo{Root: wt.Filesystem.Root(), GitDir: st.Filesystem().Root()}
	info.CommonDir = info.GitDir
	if b, rerr := os.ReadFile(filepath.Join(info.GitDir, "commondir")); rerr == nil {
		info.CommonDir = strings.TrimSpace(string(b))
		if !filepath.IsAbs(info.CommonDir) {
			info.CommonDir = filepath.Join(info.GitDir, info.CommonDir)
		}
	}
	cfg, err := repo.Config()
	if err != nil {
		return gogitInfo{}, fmt.Errorf("go-git read config: %w", err)
	}
	core := cfg.Raw.Section("core")
	info.HooksPath, info.worktree = core.Options.Get("hooksPath"), core.Options.Get("worktree")
	return info, nil
}

// discoveryEnv are the variables that change how git finds a repository; openFast
// leaves those cases to git. GIT_DIR is handled separately because git sets it for
// hooks.
var discoveryEnv = []string{
	"GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM",
}

// openFast is Open's in-process path. It returns false whenever git's own discovery
// might answer differently from go-git's, and Open then asks git: a discovery variable
// is set, GIT_DIR is set but names another directory or dir is not the work-tree root
// (git then takes the current directory as the root), core.worktree names another
// directory, dir is inside the git dir, the git dir does not look complete, or the
// repository belongs to another user (safe.directory is git's to judge). Paths come
// back with symlinks resolved, as git prints them.
func openFast(dir string, env []string) (gogitInfo, bool) {
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if slices.Contains(discoveryEnv, name) {
			return gogitInfo{}, false
		}
	}
	phys, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return gogitInfo{}, false
	}
	info, err := gogitOpen(phys)
	if err != nil {
		return gogitInfo{}, false
	}
	for _, p := range []*string{&info.Root, &info.GitDir, &info.CommonDir} {
		if *p, err = filepath.EvalSymlinks(*p); err != nil {
			return gogitInfo{}, false
		}
	}
	if within(phys, info.GitDir) || within(phys, info.CommonDir) || !worktreeMatches(info) ||
		!gitDirMatchesEnv(dir, phys, info, env) {
		return gogitInfo{}, false
	}
	return info, looksLikeGitDir(info) && ownedByMe(info.Root) && ownedByMe(info.GitDir)
}

// worktreeMatches reports whether core.worktree, when set (as git does for a
// submodule's git dir), names the work tree go-git found. A relative value is relative
// to the git dir.
func worktreeMatches(info gogitInfo) bool {
	if info.worktree == "" {
		return true
	}
	wt := info.worktree
	if !filepath.IsAbs(wt) {
		wt = filepath.Join(info.GitDir, wt)
	}
	phys, err := filepath.EvalSymlinks(wt)
	return err == nil && phys == info.Root
}

// gitDirMatchesEnv reports whether GIT_DIR is unset, or names the git dir go-git found
// while dir (phys, resolved) is the work-tree root: git sets GIT_DIR so when it runs a
// hook from a subdirectory or a linked worktree, and runs the hook in the root.
func gitDirMatchesEnv(dir, phys string, info gogitInfo, env []string) bool {
	v, ok := "", false
	for _, kv := range env {
		if val, found := strings.CutPrefix(kv, "GIT_DIR="); found {
			v, ok = val, true
		}
	}
	if !ok {
		return true
	}
	if !filepath.IsAbs(v) {
		v = filepath.Join(dir, v)
	}
	gitDir, err := filepath.EvalSymlinks(v)
	return err == nil && gitDir == info.GitDir && phys == info.Root
}

// within reports whether path is dir or below it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// looksLikeGitDir checks what git's is_git_directory checks: HEAD in the git dir,
// objects and refs in the common dir.
func looksLikeGitDir(info gogitInfo) bool {
	for _, p := range []string{
		filepath.Join(info.GitDir, "HEAD"), filepath.Join(info.CommonDir, "objects"), filepath.Join(info.CommonDir, "refs"),
	} {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

// gogitStaged lists what stagedCLI lists (`git diff --cached` with diffArgs), by
// comparing the index with HEAD's tree in-process: index entries at stage 0 that are
// not intent-to-add and not gitlinks, and are absent from HEAD or differ in object or
// mode. Paths with unmerged entries are left out, like git's "U" under the filter.
func (r *Repo) gogitStaged() ([]string, error) {
	idx, err := gogitReadIndex(r.IndexFile())
	if err != nil {
		return nil, err
	}
	head, err := r.gogitHeadFiles()
	if err != nil {
		return nil, err
	}
	unmerged := map[string]bool{}
	for _, e := range idx.Entries {
		if e.Stage != 0 {
			unmerged[e.Name] = true
		}
	}
	var out []string
	for _, e := range idx.Entries {
		if e.Stage != 0 || e.IntentToAdd || e.Mode == filemode.Submodule || unmerged[e.Name] {
			continue
		}
		if old, ok := head[e.Name]; !ok || old.Hash != e.Hash || old.Mode != e.Mode {
			out = append(out, e.Name)
		}
	}
	slices.Sort(out)
	return out, nil
}

// gogitReadIndex decodes the index file at path.
func gogitReadIndex(path string) (*index.Index, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &index.Index{}, nil // a repository nothing was ever added to
	}
	if err != nil {
		return nil, fmt.Errorf("go-git read index: %w", err)
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	idx := &index.Index{}
	if err := index.NewDecoder(f).Decode(idx); err != nil {
		return nil, fmt.Errorf("go-git read index %s: %w", path, err)
	}
	return idx, nil
}

// gogitHeadFiles maps every non-tree path in HEAD's tree to its entry; an unborn HEAD
// has none.
func (r *Repo) gogitHeadFiles() (map[string]object.TreeEntry, error) {
	repo, err := git.Open(r.gogitStorage(), nil)
	if err != nil {
		return nil, fmt.Errorf("go-git open: %w", err)
	}
	ref, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return map[string]object.TreeEntry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("go-git read HEAD: %w", err)
	}
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("go-git read HEAD: %w", err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("go-git read HEAD tree: %w", err)
	}
	files := map[string]object.TreeEntry{}
	if err := gogitWalk(repo, tree, "", files); err != nil {
		return nil, fmt.Errorf("go-git read HEAD tree: %w", err)
	}
	return files, nil
}

// gogitWalk adds tree's blobs, symlinks and gitlinks to files, under prefix.
func gogitWalk(repo *git.Repository, tree *object.Tree, prefix string, files map[string]object.TreeEntry) error {
	for _, e := range tree.Entries {
		name := path.Join(prefix, e.Name)
		if e.Mode != filemode.Dir {
			files[name] = e
			continue
		}
		sub, err := repo.TreeObject(e.Hash)
		if err != nil {
			return err
		}
		if err := gogitWalk(repo, sub, name, files); err != nil {
			return err
		}
	}
	return nil
}

// gogitStorage opens the object and ref storage of r's git dirs.
func (r *Repo) gogitStorage() *filesystem.Storage {
	var common billy.Filesystem
	if r.CommonDir != r.GitDir {
		common = osfs.New(r.CommonDir)
	}
	fs := dotgit.NewRepositoryFilesystem(osfs.New(r.GitDir), common)
	return filesystem.NewStorage(fs, cache.NewObjectLRUDefault())
}
