package gitrepo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// stashStatusArgs lists every difference between the work tree and the index in one git
// process. It is `git status`, not `git diff`: diff rewrites the index to refresh stat
// data even with GIT_OPTIONAL_LOCKS=0, status honours it, so listing never takes
// index.lock (a kill could leave it behind) and never changes the index under us.
var stashStatusArgs = []string{
	"status", "--porcelain=v2", "-z", "--untracked-files=no", "--ignore-submodules=all", "--no-renames",
}

// stashChange is one path whose work tree differs from the index.
type stashChange struct {
	path     string
	wt       byte // 'M', 'D', 'T', or 'A' for an intent-to-add entry
	unmerged bool
}

// stashParseStatus reads `git status --porcelain=v2 -z`: records "1 XY sub mH mI mW hH hI
// path", "2 ... Xscore path\0orig" and "u XY sub m1 m2 m3 mW h1 h2 h3 path". It keeps
// paths whose work-tree column Y is not '.', and unmerged paths.
func stashParseStatus(out []byte) ([]stashChange, error) {
	recs := bytes.Split(out, []byte{0})
	var list []stashChange
	for i := 0; i < len(recs); i++ {
		rec := string(recs[i])
		var n int
		switch {
		case strings.HasPrefix(rec, "1 "):
			n = 9
		case strings.HasPrefix(rec, "2 "):
			n = 10
			i++ // the original path follows in its own record
		case strings.HasPrefix(rec, "u "):
			n = 11
		default:
			continue // empty, headers, untracked, ignored
		}
		fields := strings.SplitN(rec, " ", n)
		if len(fields) != n || len(fields[1]) != 2 {
			return nil, fmt.Errorf("parse git status: unexpected record %q", rec)
		}
		c := stashChange{path: fields[n-1], wt: fields[1][1], unmerged: rec[0] == 'u'}
		if strings.HasPrefix(fields[2], "S") && !c.unmerged {
			continue // a submodule: never touched
		}
		if c.unmerged || c.wt != '.' {
			list = append(list, c)
		}
	}
	return list, nil
}

// stagedInStatus lists the paths of `git status --porcelain=v2 -z --no-renames` records
// whose index column X says added, modified or type-changed against HEAD (what diffArgs'
// --diff-filter=ACMRT keeps: without renames there are no R or C records), submodules
// left out, in git's order. Records stashParseStatus has read. With withClean it also
// maps those of them whose work tree matches the index (Y is ".") and whose mode is a
// file's or a link's to their index ids (mI, hI): "1 XY sub mH mI mW hH hI path".
func stagedInStatus(out []byte, withClean bool) (paths []string, clean map[string]string) {
	if withClean {
		clean = map[string]string{}
	}
	for _, rec := range bytes.Split(out, []byte{0}) {
		if !bytes.HasPrefix(rec, []byte("1 ")) {
			continue // renames (none with --no-renames), unmerged (Stash refuses), headers
		}
		f := strings.SplitN(string(rec), " ", 9)
		if len(f) != 9 || len(f[1]) != 2 || strings.HasPrefix(f[2], "S") {
			continue
		}
		if x := f[1][0]; x != 'A' && x != 'M' && x != 'T' {
			continue
		}
		paths = append(paths, f[8])
		if withClean && f[1][1] == '.' && (f[4] == "100644" || f[4] == "100755" || f[4] == "120000") {
			clean[f[8]] = f[4] + " " + f[7]
		}
	}
	return paths, clean
}

// stashIndexPlain reports whether the index is of version 2, read from its header: no
// entry then has extended flags, so none is skip-worktree (nor intent-to-add). Git
// writes version 3 as soon as one entry needs them; version 4 (index.version,
// feature.manyFiles) may hold them too and counts as not plain.
func (r *Repo) stashIndexPlain() bool {
	version, _, ok := r.indexHeader()
	return ok && version == 2
}

// Stash hides every unstaged change to tracked files so that the work tree holds exactly
// what will be committed: changed files get their index version (through checkout-index,
// so filters and line endings apply), intent-to-add entries leave the index (the files
// stay, untracked for the run). Untracked and ignored files and submodules are never
// touched. Everything is backed up under <GitDir>/hookrun/stash first, so Recover can
// undo it after a kill at any moment. It returns a *Stash even when there was nothing to
// hide; then that cost one git process and Restore costs nothing. With unmerged paths it
// refuses and touches nothing.
func (r *Repo) Stash(ctx context.Context) (*Stash, error) {
	s := &Stash{r: r, kill: newStashKiller()}
	dir := stashDirOf(r)
	if stashExists(dir) {
		_, err := stashCreateDir(dir) // fails, saying why the directory is there
		return nil, err
	}
	out, err := r.Git(ctx, stashStatusArgs...)
	if err != nil {
		return nil, fmt.Errorf("list unstaged changes: %w", err)
	}
	changes, err := stashParseStatus(out)
	if err != nil {
		return nil, err
	}
	s.stagedList, s.cleanIDs = stagedInStatus(out, r.stashIndexPlain())
	m, err := stashPlanHide(r.Root, changes)
	if err != nil {
		return nil, err
	}
	if len(m.Entries) == 0 && len(m.ITA) == 0 {
		return s, nil
	}
	j, err := s.backup(ctx, dir, m)
	if err != nil {
		return nil, err
	}
	s.j = j
	// From here on the work tree changes; Ctrl-C must not leave it half hidden.
	ctx = context.WithoutCancel(ctx)
	if err := j.hide(ctx); err != nil {
		return nil, j.undoHide(ctx, err)
	}
	return s, nil
}

// undoHide puts back what hide did before it failed with err. No hook has run, so only
// a path holding what hide put there gets the user's bytes back; anything else there is
// the user's (hide had not reached it, or it changed under hide) and stays.
func (j *stashJournal) undoHide(ctx context.Context, err error) error {
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		cur, serr := j.inst.state(e.Path)
		if serr == nil && cur.sameForGit(e.Base) && !cur.sameExactly(e.Backup) {
			_, serr = j.putBack(i, nil)
		}
		if serr != nil {
			return errors.Join(err, serr) // the journal stays for Recover
		}
	}
	if ierr := j.restoreIndex(ctx, false); ierr != nil {
		return errors.Join(err, ierr)
	}
	return errors.Join(err, j.finish())
}

// stashPlanHide sorts the changes into paths to hide, intent-to-add entries and paths to
// leave alone.
func stashPlanHide(root string, changes []stashChange) (*stashManifest, error) {
	m := &stashManifest{Version: stashVersion}
	var unmerged []string
	for _, c := range changes {
		switch {
		case c.unmerged:
			unmerged = append(unmerged, c.path)
		case c.wt == 'A':
			m.ITA = append(m.ITA, c.path)
		default:
			e, ok, err := stashNewEntry(root, c.path)
			if err != nil {
				return nil, err
			}
			if !ok {
				m.Skipped = append(m.Skipped, c.path)
				continue
			}
			m.Entries = append(m.Entries, e)
		}
	}
	if len(unmerged) > 0 {
		return nil, &UnmergedError{Paths: unmerged}
	}
	return m, nil
}

// stashNewEntry describes the user's version of rel. ok is false when hiding it would
// destroy something: a directory (perhaps holding untracked files) where the deleted
// file was, or a file or symlink where one of its parent directories must go; or would
// write through a symbolic link (a directory the user replaced with a link to somewhere
// else: the link is the user's change, and it stays).
func stashNewEntry(root, rel string) (e stashEntry, ok bool, err error) {
	e.Path = rel
	if stashBeyondLink(root, rel) != "" {
		return e, false, nil
	}
	abs := filepath.Join(root, filepath.FromSlash(rel))
	fi, err := os.Lstat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		e.Backup.Kind = stashKindMissing
		e.Dirs, ok = stashMissingParents(root, rel)
		return e, ok, nil
	case errors.Is(err, syscall.ENOTDIR):
		return e, false, nil // a file or symlink where a parent directory should be
	case err != nil:
		return e, false, fmt.Errorf("back up %s: %w", rel, err)
	case fi.Mode().IsRegular():
		e.Backup = stashState{Kind: stashKindFile, Perm: fi.Mode().Perm()}
		e.MTime = fi.ModTime()
		return e, true, nil
	case fi.Mode()&fs.ModeSymlink != 0:
		e.Target, err = os.Readlink(abs)
		if err != nil {
			return e, false, fmt.Errorf("back up %s: %w", rel, err)
		}
		e.Backup = stashState{Kind: stashKindSymlink, Sum: stashHash([]byte(e.Target))}
		return e, true, nil
	}
	return e, false, nil
}

// stashMissingParents lists rel's parent directories that do not exist, deepest first.
// ok is false when one of them is something other than a directory.
func stashMissingParents(root, rel string) (missing []string, ok bool) {
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(dir)))
		switch {
		case err == nil && fi.IsDir():
			return missing, true
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, dir)
		default:
			return nil, false
		}
	}
	return missing, true
}

// backup fills a new journal: the index, each path's bytes, the index versions that
// will replace them, then the manifest. It touches nothing outside the journal; on
// failure it deletes the partial journal.
func (s *Stash) backup(ctx context.Context, dir string, m *stashManifest) (*stashJournal, error) {
	nonce := make([]byte, 8)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("back up unstaged changes: %w", err)
	}
	m.Nonce = hex.EncodeToString(nonce)
	m.IndexFile, m.TempIndex = s.r.IndexFile(), stashHasEnv(s.r.Env, "GIT_INDEX_FILE")
	head, err := s.r.headCommit(ctx) // Recover compares it: did HEAD move since? (stash_recover.go)
	if err != nil {
		return nil, err
	}
	m.Head = head
	lock, err := stashCreateDir(dir)
	if err != nil {
		return nil, err
	}
	j := newStashJournal(s.r, dir, m, lock, s.kill)
	if err := j.fill(ctx); err != nil {
		j.m = nil // never complete: nothing to put back
		return nil, errors.Join(fmt.Errorf("back up unstaged changes: %w", err), j.finish())
	}
	return j, nil
}

func (j *stashJournal) fill(ctx context.Context) error {
	j.kill.point()
	sum, err := stashCopyFile(filepath.Join(j.dir, stashIndexName), j.m.IndexFile, 0o600)
	if err != nil {
		return err
	}
	j.m.IndexSum = sum
	j.kill.point()
	if err = os.Mkdir(filepath.Join(j.dir, "files"), 0o700); err != nil {
		return fmt.Errorf("back up unstaged changes: %w", err)
	}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		if e.Backup.Kind == stashKindFile {
			if e.Backup.Sum, err = stashCopyFile(j.backupFile(i), j.inst.abs(e.Path), 0o600); err != nil {
				return err
			}
			j.kill.point()
		}
	}
	if err := j.checkoutBase(ctx); err != nil {
		return err
	}
	j.kill.point()
	return j.writeManifest()
}

// checkoutBase writes the index version of each path under base/, as checkout-index
// would write it in the work tree, and records what that is.
func (j *stashJournal) checkoutBase(ctx context.Context) error {
	if len(j.m.Entries) == 0 {
		return nil
	}
	paths := make([]string, len(j.m.Entries))
	for i, e := range j.m.Entries {
		paths[i] = e.Path
	}
	prefix := filepath.Join(j.dir, "base") + string(filepath.Separator)
	if _, err := j.r.GitInput(ctx, stashJoinZ(paths), "checkout-index", "-q", "--prefix="+prefix, "-z", "--stdin"); err != nil {
		return fmt.Errorf("check out index versions: %w", err)
	}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		st, err := stashStateOf(j.baseFile(e.Path))
		if err != nil {
			return err
		}
		if st.Kind != stashKindFile && st.Kind != stashKindSymlink {
			return fmt.Errorf("check out index version of %s: nothing written", e.Path)
		}
		e.Base = st
	}
	return nil
}

// hide makes the work tree match the index. Each file is replaced atomically, so a kill
// leaves every path either as the user had it or as the index has it.
func (j *stashJournal) hide(ctx context.Context) error {
	if len(j.m.ITA) > 0 {
		err := j.indexOp("remove intent-to-add", func() error {
			_, err := j.r.GitInput(ctx, stashJoinZ(j.m.ITA), "update-index", "-z", "--force-remove", "--stdin")
			return err
		})
		if err != nil {
			return fmt.Errorf("hide intent-to-add entries: %w", err)
		}
	}
	for i := range j.m.Entries {
		e := &j.m.Entries[i]
		// An edit saved since the backup would be lost: stop, and let rollback keep it.
		cur, err := j.inst.state(e.Path)
		if err != nil {
			return err
		}
		if !cur.sameExactly(e.Backup) {
			return fmt.Errorf("hide unstaged changes: %s changed while it was being backed up", e.Path)
		}
		src := j.baseFile(e.Path)
		if e.Base.Kind == stashKindSymlink {
			var target string
			if target, err = os.Readlink(src); err == nil {
				err = j.inst.symlink(e.Path, target)
			}
		} else {
			err = j.inst.copyFrom(e.Path, src, e.Base.Perm, time.Time{})
		}
		if err != nil {
			return fmt.Errorf("hide unstaged changes: %w", err)
		}
		j.kill.point()
	}
	return nil
}
