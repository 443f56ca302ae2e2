package gitrepo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The backup's second copy. While hooks run, the user's unstaged work exists only in the
// journal, and a hook can do anything inside <GitDir>/hookrun (`rm -rf .git/hookrun`
// included). So the journal is mirrored in <GitDir>/hookrun-backup, outside that folder:
//
//   - Stash hard-links every journal file there (copies it where the file system has no
//     hard links) before the manifest makes the backup complete, and the manifest right
//     after. A hard link costs no disk and no time; the ops log, only ever appended to,
//     stays one file under both names. The owner holds an flock on both directories.
//   - Restore, Abort and Recover first repair the journal (repair): every file they need
//     is taken from whichever copy verifies against the manifest's checksums and linked
//     back into the journal directory. A hidden path whose bytes verify in neither copy
//     is lost: it is left as it is, and the restore ends with a *BackupError naming it,
//     so that hookrun never promises a restore it cannot make.
//   - finish removes the mirror's manifest before the journal's, so the journal's
//     manifest stays the one mark of a backup that Recover must restore from; the mirror
//     has a manifest the journal lacks only when something deleted the journal's.
//
// Git's objects (hash-object -w plus a ref) were the other candidate: they survive the
// same hooks, but cost three git processes per run and a compressed second copy of
// every hidden file, and leave a ref to clean up after every kill.
const stashMirrorName = "hookrun-backup"

// stashMirrorDir is the mirror of the journal directory dir (<GitDir>/hookrun/stash).
func stashMirrorDir(dir string) string {
	return filepath.Join(filepath.Dir(filepath.Dir(dir)), stashMirrorName)
}

// BackupError says that the backup of hidden unstaged changes was deleted or damaged in
// both its copies (by a hook, say) before they could be put back.
type BackupError struct {
	Dir   string   // the backup directory
	Lost  []string // hidden paths whose unstaged changes could not be put back, left as they are
	Index bool     // the copy of the index was lost too: the index was left as it is
}

func (e *BackupError) Error() string {
	msg := fmt.Sprintf("the backup of your unstaged changes in %s was deleted or damaged while hooks ran", e.Dir)
	if len(e.Lost) > 0 {
		msg += fmt.Sprintf("; the unstaged changes to %s could not be restored (the files were left as they are)",
			strings.Join(e.Lost, ", "))
	}
	if e.Index {
		msg += "; the index from before the run could not be restored (it was left as it is)"
	}
	return msg
}

// stashLock holds the flocks of a journal's directories.
type stashLock struct{ files []*os.File }

func (l *stashLock) add(dir string) error {
	f, err := stashLockDir(dir)
	if err != nil {
		return err
	}
	l.files = append(l.files, f)
	return nil
}

// Close drops every lock.
func (l *stashLock) Close() error {
	var err error
	for _, f := range l.files {
		err = errors.Join(err, f.Close())
	}
	l.files = nil
	return err
}

// stashLockAll locks those of dirs that exist.
func stashLockAll(dirs ...string) (*stashLock, error) {
	l := &stashLock{}
	for _, d := range dirs {
		if !stashExists(d) {
			continue
		}
		if err := l.add(d); err != nil {
			_ = l.Close() // the lock error is the one to report
			return nil, err
		}
	}
	return l, nil
}

// stashLinkOrCopy puts a second name for the file or symlink src at dst: a hard link,
// or a copy where the file system has none.
func stashLinkOrCopy(src, dst string) error {
	fi, err := os.Lstat(src)
	if err != nil {
		return fmt.Errorf("mirror %s: %w", src, err)
	}
	if err = os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("mirror %s: %w", src, err)
	}
	if err = os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("mirror %s: %w", src, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		var target string
		if target, err = os.Readlink(src); err == nil {
			err = os.Symlink(target, dst)
		}
		if err != nil {
			return fmt.Errorf("mirror %s: %w", src, err)
		}
		return nil
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	_, err = stashCopyFile(dst, src, fi.Mode().Perm()) // no hard links here
	return err
}

// mirrorFiles gives every file of the journal (the manifest aside) a second name in the
// mirror. The ops log is created first, so that its later lines reach both names.
func (j *stashJournal) mirrorFiles() error {
	ops, err := os.OpenFile(filepath.Join(j.dir, stashOpsName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("write stash journal: %w", err)
	}
	if err := ops.Close(); err != nil {
		return fmt.Errorf("write stash journal: %w", err)
	}
	return filepath.WalkDir(j.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(j.dir, p)
		if err != nil || rel == stashManifestName || rel == stashManifestName+".tmp" {
			return err
		}
		return stashLinkOrCopy(p, filepath.Join(j.mirror, rel))
	})
}

// stashPiece is one file of the journal and how to tell it is intact.
type stashPiece struct {
	rel   string
	entry int // the entry whose user version it holds; -1 for none
	ok    func(path string) bool
}

// pieces lists the journal files a restore reads.
func (j *stashJournal) pieces() []stashPiece {
	sumIs := func(want string) func(string) bool {
		return func(p string) bool { got, err := stashHashFile(p); return err == nil && got == want }
	}
	ps := []stashPiece{{rel: stashIndexName, entry: -1, ok: sumIs(j.m.IndexSum)}}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		if e.Backup.Kind == stashKindFile {
			ps = append(ps, stashPiece{rel: filepath.Join("files", strconv.Itoa(i)), entry: i, ok: sumIs(e.Backup.Sum)})
		}
		base := e.Base
		ps = append(ps, stashPiece{rel: filepath.Join("base", filepath.FromSlash(e.Path)), entry: -1, ok: func(p string) bool {
			st, err := stashStateOf(p)
			return err == nil && st.sameContent(base)
		}})
	}
	return ps
}

// CheckBackup reports whether the backup of the hidden changes is still whole, in one
// copy or the other: nil when a restore can put everything back, else a *BackupError
// naming what cannot come back. It changes nothing.
func (s *Stash) CheckBackup() error {
	if s == nil || s.j == nil || s.j.m == nil {
		return nil
	}
	if damage := s.j.damage(false); damage != nil {
		return damage
	}
	return nil
}

// repair makes the journal directory whole again from the mirror, and adjusts the
// manifest in memory so that a restore leaves alone what can no longer be restored. It
// returns what was lost, or nil.
func (j *stashJournal) repair() (*BackupError, error) {
	if err := j.reopenDir(); err != nil {
		return nil, err
	}
	for _, name := range []string{stashManifestName, stashOpsName} {
		p := filepath.Join(j.dir, name)
		if !stashExists(p) && j.mirror != "" && stashExists(filepath.Join(j.mirror, name)) {
			if err := stashLinkOrCopy(filepath.Join(j.mirror, name), p); err != nil {
				return nil, err
			}
		}
	}
	damage := j.damage(true)
	if !stashExists(filepath.Join(j.dir, stashManifestName)) {
		if err := j.writeManifest(); err != nil { // for Recover, should this run be killed
			return nil, err
		}
	}
	if damage == nil {
		return nil, nil
	}
	return damage, j.forget(damage)
}

// reopenDir recreates the journal directory if something deleted it, and locks it
// again. When its parent is not a plain directory any more (a hook made it a symlink),
// the mirror becomes the journal: nothing is ever written through a symlink.
func (j *stashJournal) reopenDir() error {
	if fi, err := os.Lstat(j.dir); err == nil && fi.IsDir() {
		return nil
	}
	parent, err := os.Lstat(filepath.Dir(j.dir))
	if (err == nil && !parent.IsDir()) || (err != nil && !errors.Is(err, fs.ErrNotExist)) {
		if j.mirror == "" || !stashExists(j.mirror) {
			return fmt.Errorf("restore unstaged changes: %s is not a directory and there is no mirror", filepath.Dir(j.dir))
		}
		j.dir, j.mirror = j.mirror, ""
		return nil
	}
	if err := os.MkdirAll(j.dir, 0o700); err != nil {
		return fmt.Errorf("restore the stash backup: %w", err)
	}
	if j.lock == nil {
		j.lock = &stashLock{}
	}
	return j.lock.add(j.dir)
}

// damage checks every piece; with fix, a piece that fails in the journal directory but
// verifies in the mirror is replaced by the mirror's.
func (j *stashJournal) damage(fix bool) *BackupError {
	var d BackupError
	for _, p := range j.pieces() {
		here := filepath.Join(j.dir, p.rel)
		if p.ok(here) || j.elsewhere(p, here, fix) {
			continue
		}
		switch {
		case p.rel == stashIndexName:
			d.Index = true
		case p.entry >= 0:
			d.Lost = append(d.Lost, j.m.Entries[p.entry].Path)
		case fix:
			// A lost index version only serves merges: without it a fixer's edit to that
			// file counts as a conflict, and the user's version comes back exactly.
			_ = os.Remove(here)
		}
	}
	if !d.Index && len(d.Lost) == 0 {
		return nil
	}
	d.Dir = j.dir
	return &d
}

// elsewhere reports whether piece p, damaged at here, is intact in the mirror (or, for
// the index copy, in the live index, when that is still the one copied); with fix, the
// intact copy is put at here.
func (j *stashJournal) elsewhere(p stashPiece, here string, fix bool) bool {
	if j.mirror != "" {
		there := filepath.Join(j.mirror, p.rel)
		if p.ok(there) && (!fix || stashLinkOrCopy(there, here) == nil) {
			return true
		}
	}
	return p.rel == stashIndexName && p.ok(j.m.IndexFile) && (!fix || stashCopyIndex(here, j.m.IndexFile) == nil)
}

// forget makes the restore leave alone what the damaged backup can no longer restore:
// each lost path counts as holding the user's version already, and the index copy,
// when lost, is replaced by the live index so that the index stays as it is.
func (j *stashJournal) forget(d *BackupError) error {
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		if !slices.Contains(d.Lost, e.Path) {
			continue
		}
		abs := j.inst.abs(e.Path)
		cur, err := stashStateOf(abs)
		if err != nil {
			return err
		}
		e.Backup = cur
		if fi, err := os.Lstat(abs); err == nil {
			e.MTime = fi.ModTime()
		}
	}
	if !d.Index || !stashExists(j.m.IndexFile) {
		return nil
	}
	sum, err := stashCopyFile(filepath.Join(j.dir, stashIndexName), j.m.IndexFile, 0o600)
	j.m.IndexSum = sum
	return err
}

func stashCopyIndex(dst, index string) error {
	_, err := stashCopyFile(dst, index, 0o600)
	return err
}
