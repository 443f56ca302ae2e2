package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookrun/hookrun/internal/gitrepo"
)

// A tree snapshot is what check mode keeps of the files hooks may touch, so that it can
// tell which changed and put them back. It is cheap by design: before the run each file
// is only stat'ed; its content is kept only where git does not hold it (files that differ
// from the index, untracked files), copied aside, and hashed only where a stat cannot
// tell a rewrite apart (a file modified moments before the run: a rewrite of the same size
// within the file system's timestamp granularity, the "racy git" problem). After, a file
// whose stat is unchanged is unchanged; one whose stat changed is compared by content
// and mode with its original, which for a file equal to the index is fetched from the
// index only then.

// statSig is what a stat says of a file: a change to any field is a possible change.
type statSig struct {
	exists bool
	mode   fs.FileMode // type and permission bits
	size   int64
	mtime  int64
	ino    uint64 // a rewrite by rename changes it
	ctime  int64  // no tool can set it back (0 where the platform does not say)
}

func lstatSig(path string) statSig {
	fi, err := os.Lstat(path)
	if err != nil {
		return statSig{}
	}
	ino, ctime := inodeTimes(fi)
	return statSig{exists: true, mode: fi.Mode() & (fs.ModeType | fs.ModePerm), size: fi.Size(), mtime: fi.ModTime().UnixNano(), ino: ino, ctime: ctime}
}

// content identifies what a file holds: its type and permission bits and a hash of its
// bytes (a link's target). Two files with equal content are the same to git and to tools.
type content struct {
	exists bool
	mode   fs.FileMode
	sum    uint64
}

// original is a file as it was before the run.
type original struct {
	sig   statSig
	clean bool    // tracked and equal to the index: the index holds its content
	known bool    // content is set
	cont  content // its content, once known
	copy  string  // a file holding its bytes (or a link with its target); "" until known or when absent
}

// treeSnapshot holds the originals of files, and what the last look at each saw.
type treeSnapshot struct {
	repo    *gitrepo.Repo
	dir     string // where originals are copied; removed by close
	taken   time.Time
	seed    maphash.Seed
	files   []string // repo-relative, slash-separated
	orig    []original
	seen    []statSig // the stat of each file when it was last compared
	changed []bool    // the file differed from its original when last compared
}

// racyWindow is how recent a modification must be for a stat to be unable to rule out a
// rewrite of the same size: generous beside any file system's timestamp granularity.
const racyWindow = 2 * time.Second

// takeSnapshot stats files (sorted, unique) under repo's root; dirty lists those whose
// content git does not hold (modified against the index, or untracked), which are copied
// aside now.
func takeSnapshot(repo *gitrepo.Repo, files []string, dirty map[string]bool) (*treeSnapshot, error) {
	base := filepath.Join(repo.GitDir, "hookrun")
	if err := os.MkdirAll(base, 0o755); err != nil {
		return nil, fmt.Errorf("check mode snapshot: %w", err)
	}
	dir, err := os.MkdirTemp(base, "check-")
	if err != nil {
		return nil, fmt.Errorf("check mode snapshot: %w", err)
	}
	s := &treeSnapshot{repo: repo, dir: dir, taken: time.Now(), seed: maphash.MakeSeed()}
	for _, f := range files {
		sig := lstatSig(s.abs(f))
		if sig.mode.IsDir() { // a submodule, or a directory where a file was
			continue
		}
		o := original{sig: sig, clean: !dirty[f]}
		switch {
		case !sig.exists:
			o.known = true
		case !o.clean:
			if o.copy, o.cont, err = s.keep(f, len(s.files)); err != nil {
				return nil, errors.Join(err, s.close())
			}
			o.known = true
		}
		s.files = append(s.files, f)
		s.orig = append(s.orig, o)
		s.seen = append(s.seen, sig)
		s.changed = append(s.changed, false)
	}
	return s, nil
}

func (s *treeSnapshot) abs(f string) string { return filepath.Join(s.repo.Root, filepath.FromSlash(f)) }

// racy says whether a file last seen as sig may have been rewritten without its stat
// showing it.
func (s *treeSnapshot) racy(sig statSig) bool {
	return sig.exists && sig.mtime >= s.taken.Add(-racyWindow).UnixNano()
}

// keep copies file f aside as the i-th copy and returns where, and its content.
func (s *treeSnapshot) keep(f string, i int) (string, content, error) {
	dst := filepath.Join(s.dir, fmt.Sprintf("c%d", i))
	src := s.abs(f)
	fi, err := os.Lstat(src)
	if err != nil {
		return "", content{}, nil // gone already: the hook's change will show
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, lerr := os.Readlink(src)
		if lerr == nil {
			lerr = os.Symlink(target, dst)
		}
		if lerr != nil {
			return "", content{}, fmt.Errorf("check mode snapshot: %w", lerr)
		}
		return dst, s.contentOf(dst), nil
	}
	in, err := os.Open(src)
	if err != nil {
		return "", content{}, fmt.Errorf("check mode snapshot: %w", err)
	}
	defer in.Close() //nolint:errcheck // read-only
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", content{}, fmt.Errorf("check mode snapshot: %w", err)
	}
	h := s.hasher()
	_, err = io.Copy(io.MultiWriter(out, h), in)
	if err = errors.Join(err, out.Close()); err != nil {
		return "", content{}, fmt.Errorf("check mode snapshot: copy %s: %w", f, err)
	}
	return dst, content{exists: true, mode: fi.Mode() & (fs.ModeType | fs.ModePerm), sum: h.Sum64()}, nil
}

func (s *treeSnapshot) hasher() *maphash.Hash {
	h := new(maphash.Hash)
	h.SetSeed(s.seed)
	return h
}

// contentOf reads what path holds, without following a link.
func (s *treeSnapshot) contentOf(path string) content {
	fi, err := os.Lstat(path)
	if err != nil {
		return content{}
	}
	c := content{exists: true, mode: fi.Mode() & (fs.ModeType | fs.ModePerm)}
	h := s.hasher()
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(path)
		if err != nil {
			return content{exists: true, mode: fs.ModeIrregular} // unreadable: differs from anything
		}
		_, _ = h.WriteString(target) // maphash.Hash writes never fail
	case fi.Mode().IsRegular():
		f, err := os.Open(path)
		if err != nil {
			return content{exists: true, mode: fs.ModeIrregular}
		}
		defer f.Close() //nolint:errcheck // read-only
		if _, err := io.Copy(h, f); err != nil {
			return content{exists: true, mode: fs.ModeIrregular}
		}
	}
	c.sum = h.Sum64()
	return c
}

// compare looks at every file again and returns the indexes of those that changed since
// they were last seen and now differ from their original: a file a hook changed, or
// changed further. A file whose stat is as last seen is not read, unless it is racy.
func (s *treeSnapshot) compare(ctx context.Context) ([]int, error) {
	var look []int
	sigs := make([]statSig, len(s.files))
	for i, f := range s.files {
		sigs[i] = lstatSig(s.abs(f))
		if sigs[i] != s.seen[i] || s.racy(sigs[i]) {
			look = append(look, i)
		}
	}
	if err := s.fromIndex(ctx, look); err != nil {
		return nil, err
	}
	var out []int
	for _, i := range look {
		cur := s.contentOf(s.abs(s.files[i]))
		// The original's mode is the stat's: a copy from the index has git's own.
		differs := cur != s.orig[i].cont || cur.exists && cur.mode != s.orig[i].sig.mode
		if differs && (!s.changed[i] || sigs[i] != s.seen[i]) {
			out = append(out, i)
		}
		s.seen[i], s.changed[i] = sigs[i], differs
	}
	return out, nil
}

// fromIndex fetches from the index the originals of the files at idx not known yet,
// through git's own checkout (filters and line endings applied) into the snapshot's
// directory.
func (s *treeSnapshot) fromIndex(ctx context.Context, idx []int) error {
	var paths []string
	for _, i := range idx {
		if !s.orig[i].known {
			paths = append(paths, s.files[i])
		}
	}
	if len(paths) == 0 {
		return nil
	}
	prefix := filepath.Join(s.dir, "index") + string(filepath.Separator)
	in := []byte(strings.Join(paths, "\x00"))
	if _, err := s.repo.GitInput(context.WithoutCancel(ctx), in, "checkout-index", "-f", "-z", "--stdin", "--prefix="+prefix); err != nil {
		return fmt.Errorf("check mode: read the index's version of %d files: %w", len(paths), err)
	}
	for _, i := range idx {
		if o := &s.orig[i]; !o.known {
			o.copy = prefix + filepath.FromSlash(s.files[i])
			o.cont, o.known = s.contentOf(o.copy), true
			o.cont.mode = o.sig.mode
		}
	}
	return nil
}

// restore puts file i back as it was before the run: content, mode and modification
// time, or removes it when it did not exist. It never writes through a symbolic link: a
// file below one is left alone, with an error.
func (s *treeSnapshot) restore(i int) error {
	f, o := s.files[i], s.orig[i]
	if link := beyondLink(s.repo.Root, f); link != "" {
		return fmt.Errorf("%s not restored: %s is a symbolic link (or not a directory) in the work tree", f, link)
	}
	path := s.abs(f)
	var err error
	switch {
	case !o.sig.exists:
		err = os.RemoveAll(path)
	case o.copy == "":
		err = errors.New("its original was not kept")
	case o.sig.mode&fs.ModeSymlink != 0:
		err = s.restoreLink(path, o.copy)
	default:
		err = s.restoreFile(path, o)
	}
	if err != nil {
		return fmt.Errorf("restore %s: %w", f, err)
	}
	s.seen[i], s.changed[i] = lstatSig(path), false
	return nil
}

// restoreLink replaces path with a link to what copy links to.
func (s *treeSnapshot) restoreLink(path, copyPath string) error {
	target, err := os.Readlink(copyPath)
	if err != nil {
		return err
	}
	tmp := path + ".hookrun-restore"
	_ = os.Remove(tmp) // a leftover of an earlier attempt
	if err := os.Symlink(target, tmp); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// restoreFile writes the original's bytes beside path and renames them over it, so that
// a link a hook left at path is replaced, not followed.
func (s *treeSnapshot) restoreFile(path string, o original) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := os.ReadFile(o.copy)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hookrun-restore-*")
	if err != nil {
		return err
	}
	_, werr := io.Copy(tmp, bytes.NewReader(data))
	err = errors.Join(werr, tmp.Chmod(o.sig.mode.Perm()), tmp.Close())
	mtime := time.Unix(0, o.sig.mtime)
	if err == nil {
		err = os.Chtimes(tmp.Name(), mtime, mtime)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name()) // the error said what failed
	}
	return err
}

// close removes the copies.
func (s *treeSnapshot) close() error { return os.RemoveAll(s.dir) }

// beyondLink returns the first parent directory of rel (repo-relative) under root that
// exists but is not a directory, such as a symbolic link; "" when there is none. Each
// component is checked with lstat from the root down, so no check follows a link.
func beyondLink(root, rel string) string {
	dirs := strings.Split(rel, "/")
	for i := range dirs[:len(dirs)-1] {
		dir := strings.Join(dirs[:i+1], "/")
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
		switch {
		case err != nil:
			return ""
		case !fi.IsDir():
			return dir
		}
	}
	return ""
}
