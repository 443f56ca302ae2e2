//go:build unix

package proc

import (
	"errors"
	"os/exec"
	"syscall"
	"time"
)

// tree is the process tree a Run starts: on unix, the process group that Setpgid makes
// the child the leader of, named by its pid.
type tree struct {
	cmd       *exec.Cmd
	killTimer *time.Timer
}

// newTree makes cmd start in a process group of its own, and cancelling cmd's context
// signal the whole group: SIGTERM, then SIGKILL after grace.
func newTree(cmd *exec.Cmd, grace time.Duration) *tree {
	t := &tree{cmd: cmd}
	cmd.SysProcAttr = sysProcAttr()
	cmd.Cancel = func() error {
		// A negative pid signals the whole group that Setpgid made: the hook and whatever
		// it started. Whoever ignores SIGTERM gets SIGKILL after the grace period.
		pgid := -cmd.Process.Pid
		t.killTimer = time.AfterFunc(grace, func() { _ = syscall.Kill(pgid, syscall.SIGKILL) })
		return syscall.Kill(pgid, syscall.SIGTERM)
	}
	// Run waits for the output pipes itself (see outputs); WaitDelay is a backstop for a
	// child that outlives the group SIGKILL, and for a stdin nobody reads.
	cmd.WaitDelay = grace + time.Second
	return t
}

// started is called once cmd has started; the group exists from the start.
func (*tree) started() error { return nil }

// stop disarms the SIGKILL Cancel armed, then kills whatever is left in the group. Call
// it only once cmd.Wait has returned: Wait waits for Cancel, so the two never race.
func (t *tree) stop() {
	if t.killTimer != nil {
		t.killTimer.Stop()
	}
	stopGroup(t.cmd.Process.Pid)
}

// release frees what the tree holds: nothing on unix.
func (*tree) release() {}

// stopGroup kills whatever is left in process group pgid and waits (up to stopWait) for
// it to be gone, so that nothing it does lands after Run returns. The group outlives
// its leader's exit as long as any member is alive, and its id cannot be given to a new
// process until then; an empty group gives ESRCH, which is the usual case.
func stopGroup(pgid int) {
	if syscall.Kill(-pgid, syscall.SIGKILL) != nil {
		return // ESRCH: nothing left
	}
	waitGroupGone(pgid, stopWait)
}

// killGroup sends SIGKILL to process group pgid.
func killGroup(pgid int) error { return syscall.Kill(-pgid, syscall.SIGKILL) }

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
