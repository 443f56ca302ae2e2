package gitrepo

// The go-git side of the package: in-process versions of what Open and the Staged scope
// ask the git command for. BenchmarkChanges compares the two and a differential test
// keeps them equal; see the top of changes.go for which one each operation uses.
// go-git refuses some repositories git handles (split index, sparse index, index
// extensions it does not know, unknown repository extensions), so every caller treats a
// go-git error as "ask git" and never as a failure.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	cfgformat "github.com/go-git/go-git/v5/plumbing/format/config"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/hookrun/hookrun/internal/safefile"
)

// gogitInfo is what Open learns about a repository, read in-process by go-git.
type gogitInfo struct {
	Root, GitDir, CommonDir string
	HooksPath               string // core.hooksPath from the repository's own config file, unexpanded
	worktree                string // core.worktree from the same file
}

// gogitOpen finds the repository containing dir like `git rev-parse` does, reading only
// what go-git's storage reads: the nearest .git (a directory, or a `gitdir:` file as in
// linked worktrees and submodules) at or above dir, the git dir's commondir, HEAD and
// the repository's own config file. GIT_DIR, GIT_WORK_TREE, the global and system
// config, includes, `-c` and safe.directory are not considered; openFast decides when
// that is enough. It fails, and Open asks git, for a bare repository, a git dir without
// HEAD, a config go-git cannot read, or a repository extension go-git does not know
// (gogitStorageOf).
func gogitOpen(dir string) (gogitInfo, error) {
	root, gitDir, err := findDotGit(dir)
	if err != nil {
		return gogitInfo{}, fmt.Errorf("go-git open %s: %w", dir, err)
	}
	info := gogitInfo{Root: root, GitDir: gitDir, CommonDir: gitDir}
	if b, rerr := os.ReadFile(filepath.Join(info.GitDir, "commondir")); rerr == nil && len(b) > 0 {
		info.CommonDir = strings.TrimSpace(string(b))
		if !filepath.IsAbs(info.CommonDir) {
			info.CommonDir = filepath.Join(info.GitDir, info.CommonDir)
		}
	}
	_, cfg, err := gogitStorageOf(info.GitDir, info.CommonDir)
	if err != nil {
		return gogitInfo{}, fmt.Errorf("go-git open %s: %w", dir, err)
	}
	core := cfg.Raw.Section("core")
	info.HooksPath, info.worktree = core.Options.Get("hooksPath"), core.Options.Get("worktree")
	return info, nil
}

// errNoDotGit: no .git at or above the directory.
var errNoDotGit = errors.New("no .git found")

// findDotGit walks up from dir to the first directory holding a .git entry (a
// directory, or a file naming the git dir in a `gitdir: ` line, relative to that
// directory), as go-git's DetectDotGit does. It returns that directory (the work tree's
// root) and the git dir, which must exist. A bare repository has no .git: an error.
func findDotGit(dir string) (root, gitDir string, err error) {
	path, err := filepath.Abs(dir)
	if err != nil {
		return "", "", err
	}
	for {
		dot := filepath.Join(path, ".git")
		fi, serr := os.Stat(dot)
		switch {
		case serr == nil && fi.IsDir():
			return path, dot, nil
		case serr == nil:
			named, rerr := readGitFile(path, dot)
			return path, named, rerr
		case !errors.Is(serr, fs.ErrNotExist):
			return "", "", serr
		}
		parent := filepath.Dir(path)
		if parent == path {
			return "", "", errNoDotGit
		}
		path = parent
	}
}

// readGitFile reads the git dir a .git file at dot names (relative to root, the
// directory holding it) and checks it is a directory.
func readGitFile(root, dot string) (string, error) {
	b, err := safefile.Read(dot, safefile.MaxConfigSize)
	if err != nil {
		return "", err
	}
	line, found := strings.CutPrefix(string(b), "gitdir: ")
	if !found {
		return "", fmt.Errorf("%s has no gitdir: line", dot)
	}
	line, _, _ = strings.Cut(line, "\n")
	gitDir := strings.TrimSpace(line)
	if !filepath.IsAbs(gitDir) {
		gitDir = filepath.Join(root, gitDir)
	}
	if fi, err := os.Stat(gitDir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s names %s, not a directory", dot, gitDir)
	}
	return gitDir, nil
}

// gogitStorageOf opens the object and ref storage of a git dir and its common dir (the
// same directory outside linked worktrees) and reads its config, as go-git's
// repository open does: it fails when the common dir is missing, HEAD is missing or
// unreadable, the config does not decode, or the repository uses a format version or
// extension go-git does not know (a reftable, sha256 objects, per-worktree config):
// the caller then asks git.
func gogitStorageOf(gitDir, commonDir string) (*filesystem.Storage, *config.Config, error) {
	var common billy.Filesystem
	if commonDir != gitDir {
		if fi, err := os.Stat(commonDir); err != nil || !fi.IsDir() {
			return nil, nil, fmt.Errorf("common dir %s is not a directory", commonDir)
		}
		common = osfs.New(commonDir)
	}
	dirs := dotgit.NewRepositoryFilesystem(osfs.New(gitDir), common)
	st := filesystem.NewStorage(dirs, cache.NewObjectLRUDefault())
	if _, err := st.Reference(plumbing.HEAD); err != nil {
		return nil, nil, fmt.Errorf("read HEAD: %w", err)
	}
	cfg, err := st.Config()
	if err != nil {
		return nil, nil, fmt.Errorf("read config: %w", err)
	}
	if err := knownFormat(cfg); err != nil {
		return nil, nil, err
	}
	return st, cfg, nil
}

// knownFormat accepts the repository format versions go-git reads (unset, 0, 1) and no
// extension but the no-op ones, as go-git's own open does: any other extension changes
// how refs, objects or config are stored.
func knownFormat(cfg *config.Config) error {
	switch v := cfg.Core.RepositoryFormatVersion; v {
	case "", cfgformat.Version_0, cfgformat.Version_1:
	default:
		return fmt.Errorf("core.repositoryformatversion %s not supported", v)
	}
	if !cfg.Raw.HasSection("extensions") {
		return nil
	}
	for _, opt := range cfg.Raw.Section("extensions").Options {
		name := strings.ToLower(opt.Key)
		v1Only := name == "noop-v1"
		if name != "noop" && !v1Only || v1Only && cfg.Core.RepositoryFormatVersion != cfgformat.Version_1 {
			return fmt.Errorf("repository extension %s not supported", opt.Key)
		}
	}
	return nil
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

// headEntry is one non-tree entry of HEAD's tree: its object and mode.
type headEntry struct {
	Hash plumbing.Hash
	Mode filemode.FileMode
}

// gogitHeadFiles maps every non-tree path in HEAD's tree to its entry; an unborn HEAD
// has none.
func (r *Repo) gogitHeadFiles() (map[string]headEntry, error) {
	st, _, err := gogitStorageOf(r.GitDir, r.CommonDir)
	if err != nil {
		return nil, fmt.Errorf("go-git open: %w", err)
	}
	ref, err := storer.ResolveReference(st, plumbing.HEAD)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return map[string]headEntry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("go-git read HEAD: %w", err)
	}
	tree, err := commitTree(st, ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("go-git read HEAD: %w", err)
	}
	files := map[string]headEntry{}
	if err := gogitWalk(st, tree, "", files); err != nil {
		return nil, fmt.Errorf("go-git read HEAD tree: %w", err)
	}
	return files, nil
}

// gogitWalk adds the blobs, symlinks and gitlinks of the tree object id to files,
// under prefix.
func gogitWalk(st storer.EncodedObjectStorer, id plumbing.Hash, prefix string, files map[string]headEntry) error {
	data, err := readObject(st, plumbing.TreeObject, id)
	if err != nil {
		return err
	}
	for len(data) > 0 {
		var name string
		var e headEntry
		if name, e, data, err = nextTreeEntry(data); err != nil {
			return fmt.Errorf("tree %s: %w", id, err)
		}
		name = path.Join(prefix, name)
		if e.Mode != filemode.Dir {
			files[name] = e
			continue
		}
		if err := gogitWalk(st, e.Hash, name, files); err != nil {
			return err
		}
	}
	return nil
}

// nextTreeEntry decodes the first entry of a tree object's content (`<octal mode>
// <name>\x00<binary object id>`) and returns the rest.
func nextTreeEntry(data []byte) (string, headEntry, []byte, error) {
	var e headEntry
	mode, after, ok := bytes.Cut(data, []byte{' '})
	if !ok {
		return "", e, nil, errors.New("entry without a mode")
	}
	name, after, ok := bytes.Cut(after, []byte{0})
	if !ok || len(after) < len(e.Hash) {
		return "", e, nil, errors.New("truncated entry")
	}
	m, err := filemode.New(string(mode))
	if err != nil {
		return "", e, nil, err
	}
	e.Mode = m
	copy(e.Hash[:], after)
	return string(name), e, after[len(e.Hash):], nil
}

// commitTree is the tree of the commit id (HEAD never names a tag): the id on the
// commit's first header line, `tree <hex>`.
func commitTree(st storer.EncodedObjectStorer, id plumbing.Hash) (plumbing.Hash, error) {
	data, err := readObject(st, plumbing.CommitObject, id)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	line, _, _ := bytes.Cut(data, []byte{'\n'})
	hex, ok := bytes.CutPrefix(line, []byte("tree "))
	if !ok || !plumbing.IsHash(string(hex)) {
		return plumbing.ZeroHash, fmt.Errorf("commit %s: no tree line", id)
	}
	return plumbing.NewHash(string(hex)), nil
}

// readObject reads the content of the object id, which must be of type t.
func readObject(st storer.EncodedObjectStorer, t plumbing.ObjectType, id plumbing.Hash) (data []byte, err error) {
	obj, err := st.EncodedObject(t, id)
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, id, err)
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, id, err)
	}
	defer func() { _ = rd.Close() }() // read-only: closing cannot lose data
	if data, err = io.ReadAll(rd); err != nil {
		return nil, fmt.Errorf("read %s %s: %w", t, id, err)
	}
	return data, nil
}
