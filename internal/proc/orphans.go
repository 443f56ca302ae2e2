package proc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Tracker records the process groups a run starts in a directory of its own
// (DIR/<hookrun pid>/<pgid>), so that if hookrun is killed, the next run can stop
// whatever is left of them before it restores files they may still be writing.
type Tracker struct {
	dir string
}

// NewTracker makes the directory for this process's run under dir.
func NewTracker(dir string) (*Tracker, error) {
	d := filepath.Join(dir, strconv.Itoa(os.Getpid()))
	if err := os.MkdirAll(d, 0o700); err != nil {
		return nil, fmt.Errorf("track processes: %w", err)
	}
	return &Tracker{dir: d}, nil
}

// Add records a running process group; the returned func forgets it.
func (t *Tracker) Add(pgid int) (done func()) {
	p := filepath.Join(t.dir, strconv.Itoa(pgid))
	if err := os.WriteFile(p, nil, 0o600); err != nil {
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
// left alone. It returns how many groups it killed.
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
		if err != nil || alive(pid) {
			continue
		}
		killed += reapRun(filepath.Join(dir, run.Name()), wait)
	}
	return killed, nil
}

func reapRun(runDir string, wait time.Duration) int {
	groups, _ := os.ReadDir(runDir) // unreadable: nothing to kill
	var killed []int
	for _, g := range groups {
		pgid, err := strconv.Atoi(g.Name())
		if err != nil || pgid <= 1 {
			continue
		}
		if syscall.Kill(-pgid, syscall.SIGKILL) == nil {
			killed = append(killed, pgid)
		}
	}
	// Every group is killed first, then all are waited for against one deadline.
	deadline := time.Now().Add(wait)
	for _, pgid := range killed {
		waitGroupGone(pgid, time.Until(deadline))
	}
	_ = os.RemoveAll(runDir) // a leftover record only costs a no-op kill next time
	return len(killed)
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func waitGroupGone(pgid int, wait time.Duration) {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		if errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH) || onlyZombies(pgid) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
