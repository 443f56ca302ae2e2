package proc

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestOnlyZombies: a running group is alive; once its process is killed and not yet
// reaped (a zombie, as under a PID 1 that never reaps), the group counts as gone.
func TestOnlyZombies(t *testing.T) {
	t.Parallel()
	cmd := exec.Command("sleep", "30")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pgid := cmd.Process.Pid
	defer func() { _ = cmd.Wait() }()
	if onlyZombies(pgid) {
		t.Fatal("a running group counted as zombies")
	}
	if err := syscall.Kill(-pgid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !onlyZombies(pgid) {
		if time.Now().After(deadline) {
			t.Fatal("a killed, unreaped group never counted as zombies")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
