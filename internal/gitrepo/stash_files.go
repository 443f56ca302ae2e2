package gitrepo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Kinds of work-tree entry the stash records.
const (
	stashKindFile    = "file"
	stashKindSymlink = "symlink"
	stashKindMissing = "missing" // nothing at the path
	stashKindOther   = "other"   // a directory, a socket, or a path under a non-directory
)

// stashState describes what is at a work-tree path: its kind, the sha256 of its content
// (of the target for a symlink) and, for a file, its permission bits.
type stashState struct {
	Kind string      `json:"kind"`
	Sum  string      `json:"sum,omitempty"`
	Perm fs.FileMode `json:"perm,omitempty"`
}

// sameContent reports whether a and b hold the same bytes (or link target).
func (a stashState) sameContent(b stashState) bool { return a.Kind == b.Kind && a.Sum == b.Sum }

// sameForGit is sameContent plus the executable bit, the only permission git records.
func (a stashState) sameForGit(b stashState) bool {
	return a.sameContent(b) && (a.Perm&0o111 != 0) == (b.Perm&0o111 != 0)
}

// sameExactly is sameContent with every permission bit.
func (a stashState) sameExactly(b stashState) bool { return a.sameContent(b) && a.Perm == b.Perm }

// stashStateOf reads the state of path.
func stashStateOf(path string) (stashState, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return stashState{Kind: stashKindMissing}, nil
	case errors.Is(err, syscall.ENOTDIR):
		return stashState{Kind: stashKindOther}, nil
	case err != nil:
		return stashState{}, fmt.Errorf("inspect %s: %w", path, err)
	}
	switch {
	case fi.Mode().IsRegular():
		sum, err := stashHashFile(path)
		return stashState{Kind: stashKindFile, Sum: sum, Perm: fi.Mode().Perm()}, err
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return stashState{}, fmt.Errorf("read link %s: %w", path, err)
		}
		return stashState{Kind: stashKindSymlink, Sum: stashHash([]byte(target))}, nil
	}
	return stashState{Kind: stashKindOther}, nil
}

func stashHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func stashHashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stashCopyFile copies src to a new file dst with perm, fsyncs it and returns the sha256
// of what it wrote.
func stashCopyFile(dst, src string, perm fs.FileMode) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("copy %s: %w", src, err)
	}
	defer func() { _ = in.Close() }() // read-only: closing cannot lose data
	h := sha256.New()
	if err := stashWriteSync(dst, io.TeeReader(in, h), perm); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stashWriteSync writes r to a new file path (replacing any). It does not fsync: a file
// written is safe from hookrun's death as soon as write returns; with Repo.Durable the
// journal makes everything durable against a system crash at once, with stashSyncFS at
// its commit points (one syncfs instead of an fsync per file, 20-45 ms per run here).
func stashWriteSync(path string, r io.Reader, perm fs.FileMode) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = io.Copy(f, r)
	if err == nil {
		// Chmod, not the open mode: the umask must not change the user's permissions.
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// stashInstaller replaces work-tree files atomically: it writes a temporary file beside
// the target and renames it into place, so a kill leaves either the old or the new
// content, never a mix. Temporary names are derived from the run's nonce and the path,
// so Recover can find and delete one a kill left behind.
type stashInstaller struct {
	root, nonce string
	durable     bool            // sync before the backup is deleted (Repo.Durable)
	dirs        map[string]bool // directories whose entries changed
	kill        *stashKiller    // a kill point inside each replacement, for the tests
}

func newStashInstaller(root, nonce string, durable bool, kill *stashKiller) *stashInstaller {
	return &stashInstaller{root: root, nonce: nonce, durable: durable, dirs: map[string]bool{}, kill: kill}
}

func (in *stashInstaller) abs(rel string) string {
	return filepath.Join(in.root, filepath.FromSlash(rel))
}

// BeyondLinkError says that a work-tree path lies below a symbolic link (or below
// something else that is not a directory), so the stash did not write it: see "Symbolic
// links" in stash.go.
type BeyondLinkError struct {
	Path string // repo-relative, slash-separated
	Link string // the parent of Path that is not a directory
}

func (e *BeyondLinkError) Error() string {
	return fmt.Sprintf("%s not written: %s is a symbolic link (or not a directory) in the work tree, "+
		"and hookrun never writes through one; move %s aside and run `hookrun restore`", e.Path, e.Link, e.Link)
}

// stashBeyondLink returns the first parent directory of rel (repo-relative) that exists
// in the work tree under root but is not a directory, such as a symbolic link; "" when
// there is none. Each component is checked with lstat from the root down, so no check
// follows a link.
func stashBeyondLink(root, rel string) string {
	dirs := strings.Split(rel, "/")
	dirs = dirs[:len(dirs)-1]
	for i := range dirs {
		dir := strings.Join(dirs[:i+1], "/")
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
		switch {
		case err != nil:
			return "" // missing: whatever is created below it is new, and the write creates it
		case !fi.IsDir():
			return dir
		}
	}
	return ""
}

// checkParents fails with a *BeyondLinkError when rel lies below a symbolic link.
func (in *stashInstaller) checkParents(rel string) error {
	if link := stashBeyondLink(in.root, rel); link != "" {
		return &BeyondLinkError{Path: rel, Link: link}
	}
	return nil
}

// state is stashStateOf for the work-tree path rel; a path below a symbolic link is
// "other", as git sees no file there.
func (in *stashInstaller) state(rel string) (stashState, error) {
	if stashBeyondLink(in.root, rel) != "" {
		return stashState{Kind: stashKindOther}, nil
	}
	return stashStateOf(in.abs(rel))
}

// tmpFor is the temporary name used while replacing rel.
func (in *stashInstaller) tmpFor(rel string) string {
	return filepath.Join(filepath.Dir(in.abs(rel)), ".hookrun-"+in.nonce+"-"+stashHash([]byte(rel))[:16])
}

// writeFrom puts the content of r at rel with perm and, unless zero, mtime.
func (in *stashInstaller) writeFrom(rel string, r io.Reader, perm fs.FileMode, mtime time.Time) error {
	if err := in.checkParents(rel); err != nil {
		return err
	}
	dst := in.abs(rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	tmp := in.tmpFor(rel)
	if err := stashWriteSync(tmp, r, perm); err != nil {
		_ = os.Remove(tmp) // best effort; Recover removes it too
		return err
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(tmp, time.Time{}, mtime); err != nil {
			_ = os.Remove(tmp) // best effort; Recover removes it too
			return fmt.Errorf("restore %s: %w", rel, err)
		}
	}
	return in.rename(tmp, dst, rel)
}

// writeBytes is writeFrom for content in memory.
func (in *stashInstaller) writeBytes(rel string, b []byte, perm fs.FileMode, mtime time.Time) error {
	return in.writeFrom(rel, bytes.NewReader(b), perm, mtime)
}

// copyFrom puts the content of the file src at rel.
func (in *stashInstaller) copyFrom(rel, src string, perm fs.FileMode, mtime time.Time) error {
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	defer func() { _ = f.Close() }() // read-only: closing cannot lose data
	return in.writeFrom(rel, f, perm, mtime)
}

// symlink makes rel a symbolic link to target.
func (in *stashInstaller) symlink(rel, target string) error {
	if err := in.checkParents(rel); err != nil {
		return err
	}
	dst := in.abs(rel)
	if err := os.MkdirAll(filepath.Dir(dst), 0o777); err != nil {
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	tmp := in.tmpFor(rel)
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	return in.rename(tmp, dst, rel)
}

func (in *stashInstaller) rename(tmp, dst, rel string) error {
	if err := stashReplace(tmp, dst, in.kill.point); err != nil {
		_ = os.Remove(tmp) // best effort; Recover removes it too
		return fmt.Errorf("restore %s: %w", rel, err)
	}
	in.dirs[filepath.Dir(dst)] = true
	return nil
}

// remove deletes the file or symlink at rel; it never removes a directory, nor anything
// below a symbolic link (for git, no file is there).
func (in *stashInstaller) remove(rel string) error {
	if stashBeyondLink(in.root, rel) != "" {
		return nil
	}
	dst := in.abs(rel)
	if fi, err := os.Lstat(dst); err != nil || fi.IsDir() {
		return nil // nothing, or a directory we must keep, is there
	}
	if err := os.Remove(dst); err != nil {
		return fmt.Errorf("remove %s: %w", rel, err)
	}
	in.dirs[filepath.Dir(dst)] = true
	return nil
}

// removeEmptyDirs removes the directories (repo-relative, deepest first) that the stash
// created, as long as nothing was put in them since.
func (in *stashInstaller) removeEmptyDirs(dirs []string) {
	for _, d := range dirs {
		abs := in.abs(d)
		if fi, err := os.Lstat(abs); err != nil || !fi.IsDir() || stashBeyondLink(in.root, d) != "" {
			continue // a hook put something else there, or it lies below a symbolic link
		}
		if os.Remove(abs) == nil { // fails when not empty: then it stays
			in.dirs[filepath.Dir(abs)] = true
		}
	}
}

// removeTemps deletes the temporary files a killed run may have left for paths.
func (in *stashInstaller) removeTemps(paths []string) error {
	for _, p := range paths {
		if stashBeyondLink(in.root, p) != "" {
			continue // never written below a link; whatever is there is not ours
		}
		if err := os.Remove(in.tmpFor(p)); err != nil && !errors.Is(err, fs.ErrNotExist) &&
			!errors.Is(err, syscall.ENOTDIR) {
			return fmt.Errorf("remove temporary file for %s: %w", p, err)
		}
	}
	return nil
}

// syncDirs makes the restored files durable before the backup that could recreate them
// is deleted: one syncfs covers every directory whose entries changed.
func (in *stashInstaller) syncDirs() error {
	if len(in.dirs) == 0 || !in.durable {
		return nil
	}
	in.dirs = map[string]bool{}
	return stashSyncFS(in.root)
}

// stashJoinZ joins paths for git's -z --stdin.
func stashJoinZ(paths []string) []byte {
	var b bytes.Buffer
	for _, p := range paths {
		b.WriteString(p)
		b.WriteByte(0)
	}
	return b.Bytes()
}

// stashChtimes sets path's modification time, leaving its access time alone.
func stashChtimes(path string, mtime time.Time) error {
	if err := os.Chtimes(path, time.Time{}, mtime); err != nil {
		return fmt.Errorf("restore modification time: %w", err)
	}
	return nil
}
