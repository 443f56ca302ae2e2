//go:build unix

package proc

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunStopsBackgroundWriter: a hook that leaves a background job behind, its output
// sent elsewhere so the pipes close at once, must not write anything after Run returns.
func TestRunStopsBackgroundWriter(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "a.txt")
	var pgid int
	c := Cmd{
		Path:    "sh",
		Args:    []string{"-c", `(sleep 1; echo X >> "$0") >/dev/null 2>&1 &`, file},
		OnStart: func(pid int) { pgid = pid },
	}
	if _, err := Run(t.Context(), c); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !groupGone(pgid) {
		t.Errorf("process group %d still running after Run returned", pgid)
	}
	// The writer would have written by now: the absence of a.txt is the claim itself.
	time.Sleep(1500 * time.Millisecond)
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a background job wrote %s after Run returned (stat: %v)", file, err)
	}
}

// TestRunStopsGrandchildHoldingOutput: a grandchild that keeps stdout open gets
// outputGrace, not the cancellation grace, and is then killed with its group; what the
// child printed is kept.
func TestRunStopsGrandchildHoldingOutput(t *testing.T) {
	t.Parallel()
	var pgid int
	c := Cmd{
		Path:    "sh",
		Args:    []string{"-c", "sleep 60 & echo started"},
		OnStart: func(pid int) { pgid = pid },
	}
	start := time.Now()
	res, err := Run(t.Context(), c)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if res.ExitCode != 0 || strings.TrimSpace(string(res.Stdout)) != "started" {
		t.Errorf("got exit %d stdout %q, want 0 and %q", res.ExitCode, res.Stdout, "started")
	}
	if elapsed < outputGrace || elapsed > outputGrace+time.Second {
		t.Errorf("Run took %s, want a little over %s", elapsed, outputGrace)
	}
	if !groupGone(pgid) {
		t.Errorf("process group %d still running after Run returned", pgid)
	}
}

// groupGone reports whether no process of group pgid can run any more: none is left, or
// only zombies that their new parent has not reaped yet.
func groupGone(pgid int) bool {
	return errors.Is(syscall.Kill(-pgid, 0), syscall.ESRCH) || onlyZombies(pgid)
}
