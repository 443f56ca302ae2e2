package gitrepo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The journal is the backup directory <GitDir>/hookrun/stash. Stash fills it before it
// touches anything; manifest.json, renamed into place last, marks it complete. While it
// exists, the process that owns it holds an flock on the directory, which the kernel
// drops however that process dies, so Recover never takes over a live run.
//
//	index          copy of the index file as it was
//	files/<n>      work-tree bytes of entry n (regular files only)
//	base/<path>    the index version of each hidden path as checkout-index writes it
//	ops            one line per index-writing step: "start X", "done X", "sum S", and
//	               "touch [paths]" before a rollback rewrites files that were not hidden
//	manifest.json  stashManifest
//	rollback/      index versions of such files; index.scratch: a copy git may write to
//
// Everything but the scratch files also lives in the mirror, <GitDir>/hookrun-backup
// (stash_backup.go), so that a hook deleting <GitDir>/hookrun loses nothing.
const (
	stashManifestName = "manifest.json"
	stashOpsName      = "ops"
	stashIndexName    = "index"
	stashVersion      = 1
	stashKillEnv      = "HOOKRUN_TEST_KILL_AT"
)

// ErrStashInUse is wrapped by Stash's and Recover's error when another hookrun process is
// hiding unstaged changes in the same work tree right now.
var ErrStashInUse = errors.New("another hookrun run is using this work tree's stash")

// stashManifest describes everything Stash did, so a restore needs nothing else.
type stashManifest struct {
	Version   int          `json:"version"`
	Nonce     string       `json:"nonce"`      // names temporary files in the work tree
	IndexFile string       `json:"index_file"` // absolute path of the index Stash worked against
	TempIndex bool         `json:"temp_index"` // GIT_INDEX_FILE was set, as git does for `commit -a`
	IndexSum  string       `json:"index_sum"`  // sha256 of the index as it was
	Head      string       `json:"head"`       // HEAD's commit as it was; "" when unborn
	Entries   []stashEntry `json:"entries"`
	ITA       []string     `json:"intent_to_add,omitempty"` // removed from the index for the run
	Skipped   []string     `json:"skipped,omitempty"`       // changed, but left alone (see hidePlan)
}

// stashEntry is one hidden path.
type stashEntry struct {
	Path   string     `json:"path"`
	Backup stashState `json:"backup"`           // the user's version
	Target string     `json:"target,omitempty"` // link target, when Backup is a symlink
	MTime  time.Time  `json:"mtime"`            // modification time, when Backup is a file
	Base   stashState `json:"base"`             // what Stash put there: the index version
	Dirs   []string   `json:"dirs,omitempty"`   // parents Stash created, deepest first
}

// stashJournal is an open backup directory.
type stashJournal struct {
	r    *Repo // runs git against m.IndexFile, whatever the caller's environment says
	dir  string
	m    *stashManifest
	lock *stashLock
	// mirror is the journal's second copy, "" when there is none (see stash_backup.go).
	mirror string
	kill   *stashKiller
	inst   *stashInstaller
}

func stashDirOf(r *Repo) string { return filepath.Join(r.GitDir, "hookrun", "stash") }

func newStashJournal(r *Repo, dir string, m *stashManifest, lock *stashLock, kill *stashKiller) *stashJournal {
	return &stashJournal{
		r: r.stashWithIndex(m.IndexFile), dir: dir, m: m, lock: lock, kill: kill, mirror: stashMirrorDir(dir),
		inst: newStashInstaller(r.Root, m.Nonce, r.Durable, kill),
	}
}

func (j *stashJournal) backupFile(i int) string {
	return filepath.Join(j.dir, "files", strconv.Itoa(i))
}

func (j *stashJournal) baseFile(rel string) string {
	return filepath.Join(j.dir, "base", filepath.FromSlash(rel))
}

// stashWithIndex returns a copy of r whose git uses index and never takes optional locks.
func (r *Repo) stashWithIndex(index string) *Repo {
	c := *r
	base := r.Env
	if base == nil {
		base = os.Environ()
	}
	c.Env = make([]string, 0, len(base)+2)
	for _, kv := range base {
		if !strings.HasPrefix(kv, "GIT_INDEX_FILE=") && !strings.HasPrefix(kv, "GIT_OPTIONAL_LOCKS=") {
			c.Env = append(c.Env, kv)
		}
	}
	c.Env = append(c.Env, "GIT_INDEX_FILE="+index, "GIT_OPTIONAL_LOCKS=0")
	return &c
}

// stashCreateDir creates and locks a new, empty backup directory and its mirror.
func stashCreateDir(dir string) (*stashLock, error) {
	mirror := stashMirrorDir(dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o777); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	if stashExists(mirror) {
		return nil, stashLeftover(mirror)
	}
	err := os.Mkdir(dir, 0o700)
	if errors.Is(err, fs.ErrExist) {
		return nil, stashLeftover(dir)
	}
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	lock := &stashLock{}
	if err = lock.add(dir); err == nil {
		if err = os.Mkdir(mirror, 0o700); errors.Is(err, fs.ErrExist) {
			err = stashLeftover(mirror) // another run, started this instant
		} else if err == nil {
			err = lock.add(mirror)
		}
	}
	if err != nil {
		_ = lock.Close()   // the first error is the one to report
		_ = os.Remove(dir) // empty, and ours
		return nil, err
	}
	return lock, nil
}

// stashLeftover says why dir, a backup directory, is in the way.
func stashLeftover(dir string) error {
	f, err := stashLockDir(dir)
	if err != nil {
		return err
	}
	_ = f.Close() // only probing for a live owner
	return fmt.Errorf("hide unstaged changes: %s holds an interrupted run's backup; Recover must finish it first", dir)
}

// stashOpenJournal locks an existing backup directory and its mirror, and reads the
// manifest (the mirror's when something deleted the journal's); m is nil when the backup
// was never completed.
func stashOpenJournal(r *Repo, dir string, kill *stashKiller) (*stashJournal, error) {
	mirror := stashMirrorDir(dir)
	lock, err := stashLockAll(mirror, dir)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(dir, stashManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		data, err = os.ReadFile(filepath.Join(mirror, stashManifestName))
	}
	if errors.Is(err, fs.ErrNotExist) {
		return &stashJournal{r: r, dir: dir, lock: lock, kill: kill, mirror: mirror}, nil
	}
	var m stashManifest
	if err == nil {
		err = json.Unmarshal(data, &m)
	}
	if err == nil && m.Version != stashVersion {
		err = fmt.Errorf("unknown version %d", m.Version)
	}
	if err != nil {
		_ = lock.Close() // the read error is the one to report
		return nil, fmt.Errorf("read stash manifest in %s (the backup is kept there): %w", dir, err)
	}
	return newStashJournal(r, dir, &m, lock, kill), nil
}

// writeManifest makes the backup complete: write to a temporary name, fsync, rename,
// fsync the directory. Before the rename Recover deletes the directory; after it Recover
// restores from it.
func (j *stashJournal) writeManifest() error {
	data, err := json.MarshalIndent(j.m, "", "\t")
	if err != nil {
		return fmt.Errorf("encode stash manifest: %w", err)
	}
	tmp := filepath.Join(j.dir, stashManifestName+".tmp")
	if err := stashWriteSync(tmp, bytes.NewReader(data), 0o600); err != nil {
		return err
	}
	if j.mirror != "" {
		if err := j.mirrorFiles(); err != nil {
			return err
		}
	}
	j.kill.point()
	if err := os.Rename(tmp, filepath.Join(j.dir, stashManifestName)); err != nil {
		return fmt.Errorf("write stash manifest: %w", err)
	}
	if j.mirror != "" {
		j.kill.point()
		if err := stashLinkOrCopy(filepath.Join(j.dir, stashManifestName), filepath.Join(j.mirror, stashManifestName)); err != nil {
			return err
		}
	}
	// The commit point: with Durable, the backup and its manifest reach the disk before
	// the work tree is touched, so not even a system crash can lose the user's bytes.
	if !j.r.Durable {
		return nil
	}
	return stashSyncFS(j.dir)
}

// appendOp adds one durable line to the ops log.
func (j *stashJournal) appendOp(line string) error {
	f, err := os.OpenFile(filepath.Join(j.dir, stashOpsName), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("write stash journal: %w", err)
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write stash journal: %w", err)
	}
	return nil
}

// indexOp runs fn, a step that writes the index, between two journal lines, so that
// Recover can tell an index lock our killed child left behind from somebody else's.
// After it succeeds the index's new checksum is recorded as one of ours.
func (j *stashJournal) indexOp(name string, fn func() error) error {
	if err := j.appendOp("start " + name); err != nil {
		return err
	}
	j.kill.point()
	err := fn()
	j.kill.point()
	if derr := j.appendOp("done " + name); err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	sum, err := stashHashFile(j.m.IndexFile)
	if err != nil {
		return err
	}
	return j.appendOp("sum " + sum)
}

// stashOps is what the ops log says.
type stashOps struct {
	open    bool            // the last index step started and never recorded its end
	sums    map[string]bool // index checksums our own steps produced
	touched []string        // non-hidden paths a rollback rewrote
	mtime   time.Time       // when the log was last written
}

func (j *stashJournal) readOps() (stashOps, error) {
	ops := stashOps{sums: map[string]bool{}}
	path := filepath.Join(j.dir, stashOpsName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return ops, nil
	}
	if err != nil {
		return ops, fmt.Errorf("read stash journal: %w", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		verb, arg, _ := strings.Cut(line, " ")
		switch verb {
		case "start", "done":
			ops.open = verb == "start"
		case "sum":
			ops.sums[arg] = true
		case "touch":
			var paths []string
			if json.Unmarshal([]byte(arg), &paths) == nil { // a torn last line lists nothing
				ops.touched = append(ops.touched, paths...)
			}
		}
	}
	if fi, err := os.Stat(path); err == nil {
		ops.mtime = fi.ModTime()
	}
	return ops, nil
}

// finish deletes the journal once everything it describes has been put back.
func (j *stashJournal) finish() error {
	if j.m != nil {
		ops, err := j.readOps()
		if err != nil {
			return err
		}
		paths := append(j.paths(), ops.touched...)
		if err := j.inst.removeTemps(paths); err != nil {
			return err
		}
		if err := j.inst.syncDirs(); err != nil {
			return err
		}
		// The manifests go first, the mirror's before the journal's: without them Recover
		// deletes the rest unread, which is right now that every file is back.
		// Not synced: if a crash undoes the removal, Recover restores the same bytes again.
		for _, d := range []string{j.mirror, j.dir} {
			if d == "" {
				continue
			}
			if err := os.Remove(filepath.Join(d, stashManifestName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("remove stash manifest: %w", err)
			}
		}
		j.kill.point()
	}
	if j.mirror != "" {
		if err := os.RemoveAll(j.mirror); err != nil {
			return fmt.Errorf("remove stash backup: %w", err)
		}
	}
	if err := os.RemoveAll(j.dir); err != nil {
		return fmt.Errorf("remove stash backup: %w", err)
	}
	if filepath.Base(j.dir) == "stash" {
		_ = os.Remove(filepath.Dir(j.dir)) // <GitDir>/hookrun, when nothing else lives there
	}
	return j.close()
}

func (j *stashJournal) close() error {
	if j.lock == nil {
		return nil
	}
	err := j.lock.Close()
	j.lock = nil
	if err != nil {
		return fmt.Errorf("unlock stash: %w", err)
	}
	return nil
}

// paths lists every path the manifest names.
func (j *stashJournal) paths() []string {
	paths := make([]string, 0, len(j.m.Entries)+len(j.m.ITA))
	for _, e := range j.m.Entries {
		paths = append(paths, e.Path)
	}
	return append(paths, j.m.ITA...)
}

// stashKiller is a test hook. With HOOKRUN_TEST_KILL_AT=N in the environment (only the
// kill tests set it), the N-th call to point in this process sends the process SIGKILL,
// so the tests can stop Stash, Restore and Recover between any two of their steps.
type stashKiller struct{ at, n int }

func newStashKiller() *stashKiller {
	at, _ := strconv.Atoi(os.Getenv(stashKillEnv)) // unset or malformed: never kill
	return &stashKiller{at: at}
}

func (k *stashKiller) point() {
	if k == nil {
		return
	}
	k.n++ // counted always, so a test can learn how many checkpoints a run has
	if k.n == k.at {
		stashKillSelf()
		time.Sleep(time.Hour)
	}
}
