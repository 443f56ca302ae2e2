package proc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Tracker records the process groups a run starts in a directory of its own
// (DIR/<hookrun pid>/<pgid>), so that if hookrun is killed, the next run can stop
// whatever is left of them before it restores files they may still be writing.
//
// A pgid alone names nothing once its group is gone: the number is reused, and after a
// reboot it may be anyone's. So a record holds the identity of the group's leader, its
// start time and the boot it started in (see identity), and ReapOrphans signals a group
// only when that identity still matches (see ours). Where the start time of a process
// cannot be read (systems other than Linux), nothing is recorded and nothing is
// signalled: a killed run's leftover hooks are then not stopped.
type Tracker struct {
	dir string
}

// selfRecord is the file in a run's directory holding hookrun's own identity, so that
// a later process given the same pid does not pass for the run.
const selfRecord = "hookrun"

// NewTracker makes the directory for this process's run under dir.
func NewTracker(dir string) (*Tracker, error) {
	d := filepath.Join(dir, strconv.Itoa(os.Getpid()))
	if err := os.MkdirAll(d, 0o700); err != nil {
		return nil, fmt.Errorf("track processes: %w", err)
	}
	if id, ok := identify(os.Getpid()); ok {
		_ = os.WriteFile(filepath.Join(d, selfRecord), []byte(id.String()), 0o600) // without it, the pid alone says whether the run lives
	}
	return &Tracker{dir: d}, nil
}

// Add records a running process group, named by its leader pgid, which must not have
// been waited for yet; the returned func forgets it.
func (t *Tracker) Add(pgid int) (done func()) {
	id, ok := identify(pgid)
	if !ok {
		return func() {} // unidentifiable: recording it would only risk signalling a stranger
	}
	p := filepath.Join(t.dir, strconv.Itoa(pgid))
	if err := os.WriteFile(p, []byte(id.String()), 0o600); err != nil {
		return func() {} // untracked: only a later kill -9 cleanup is weaker
	}
	return func() { _ = os.Remove(p) }
}

// Close removes the run's directory.
func (t *Tracker) Close() error {
	return os.RemoveAll(t.dir)
}

// ReapOrphans kills the process groups recorded under dir by runs whose hookrun is gone,
// waits (up to wait) for them to die, and removes their records. Runs still alive are
// left alone, and so is any group whose record does not match it (see ours). It returns
// how many groups it killed.
func ReapOrphans(dir string, wait time.Duration) (int, error) {
	runs, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("read %s: %w", dir, err)
	}
	killed := 0
	for _, run := range runs {
		pid, err := strconv.Atoi(run.Name())
		runDir := filepath.Join(dir, run.Name())
		if err != nil || runAlive(pid, runDir) {
			continue
		}
		killed += reapRun(runDir, wait)
	}
	return killed, nil
}

// runAlive reports whether the hookrun of a run directory still runs: its pid is taken,
// and by the same process when the run recorded its identity.
func runAlive(pid int, runDir string) bool {
	if !alive(pid) {
		return false
	}
	rec, err := os.ReadFile(filepath.Join(runDir, selfRecord))
	if err != nil {
		return true // no identity (older hookrun, other systems): trust the pid
	}
	want, ok := parseIdentity(string(rec))
	got, known := identify(pid)
	return !ok || !known || got == want
}

func reapRun(runDir string, wait time.Duration) int {
	groups, _ := os.ReadDir(runDir) // unreadable: nothing to kill
	var killed []int
	for _, g := range groups {
		pgid, err := strconv.Atoi(g.Name())
		if err != nil || pgid <= 1 {
			continue
		}
		rec, err := os.ReadFile(filepath.Join(runDir, g.Name()))
		if err != nil {
			continue
		}
		id, ok := parseIdentity(string(rec))
		if !ok || !ours(pgid, id) {
			continue // void (older hookrun, a reboot, garbage) or someone else's now
		}
		if killGroup(pgid) == nil {
			killed = append(killed, pgid)
		}
	}
	// Every group is killed first, then all are waited for against one deadline.
	deadline := time.Now().Add(wait)
	for _, pgid := range killed {
		waitGroupGone(pgid, time.Until(deadline))
	}
	_ = os.RemoveAll(runDir) // the records are spent: a group not killed now is not ours
	return len(killed)
}

// identity names a process across pid reuse and reboots: the boot it started in and
// when, in clock ticks since that boot; and its session, which the members of a hook's
// group share with the leader.
type identity struct {
	boot    string
	start   uint64
	session int
}

func (id identity) String() string {
	return fmt.Sprintf("%s %d %d\n", id.boot, id.start, id.session)
}

// parseIdentity reads a record; anything else (an empty file from an older hookrun, a
// torn write) is not one.
func parseIdentity(s string) (identity, bool) {
	f := strings.Fields(s)
	if len(f) != 3 || f[0] == "" {
		return identity{}, false
	}
	start, err1 := strconv.ParseUint(f[1], 10, 64)
	session, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil {
		return identity{}, false
	}
	return identity{boot: f[0], start: start, session: session}, true
}
