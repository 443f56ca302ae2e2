package proc

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// deadPid is above the largest pid_max Linux allows (2^22), so no process ever has it: a
// run directory named by it belongs to a hookrun that is gone.
const deadPid = 1<<22 + 1

// startGroup starts argv as the leader of a process group of its own, as a hook is, and
// kills the group when the test ends.
func startGroup(t *testing.T, argv ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	return cmd
}

// TestReapOrphansSparesAnUnrelatedGroup: a leftover record names a process group number
// that now belongs to a process hookrun never started (pid reuse, or a reboot). The record's
// start time is not that process's, so ReapOrphans must not signal it.
func TestReapOrphansSparesAnUnrelatedGroup(t *testing.T) {
	t.Parallel()
	boot, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		t.Skip("no boot id:", err)
	}
	stranger := startGroup(t, "sleep", "60")
	pgid := stranger.Process.Pid
	sid, err := unix.Getsid(0) // the stranger's session too
	if err != nil {
		t.Fatal(err)
	}
	// Records as hookrun writes them ("<boot id> <start time> <session>"), and void ones.
	bootID := strings.TrimSpace(string(boot))
	for _, r := range []struct{ name, content string }{
		{"a wrong start time", fmt.Sprintf("%s 1 %d\n", bootID, sid)},
		{"a record from before a reboot", fmt.Sprintf("00000000-0000-0000-0000-000000000000 1 %d\n", sid)},
		{"an empty record, as older hookruns wrote", ""},
		{"garbage", "\x00\x01 not a record"},
	} {
		name, content := r.name, r.content
		dir := t.TempDir()
		run := filepath.Join(dir, strconv.Itoa(deadPid))
		if err := os.MkdirAll(run, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(run, strconv.Itoa(pgid)), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		n, err := ReapOrphans(dir, time.Second)
		if err != nil {
			t.Fatalf("%s: ReapOrphans: %v", name, err)
		}
		if n != 0 || syscall.Kill(-pgid, 0) != nil || onlyZombies(pgid) {
			t.Fatalf("%s: ReapOrphans killed %d groups; the unrelated group %d was signalled", name, n, pgid)
		}
		if _, err := os.Stat(run); !os.IsNotExist(err) {
			t.Errorf("%s: the void record was kept (stat: %v)", name, err)
		}
	}
}

// TestReapOrphansStopsItsOwnGroups: a group recorded by a Tracker of a run that is gone is
// stopped, whether its leader still runs or has ended leaving a child behind in the group
// (the usual case on Linux, where the leader dies with hookrun).
func TestReapOrphansStopsItsOwnGroups(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		argv []string
	}{
		{"the leader still runs", []string{"sleep", "60"}},
		{"the leader ended, its child runs on", []string{"sh", "-c", "sleep 60 >/dev/null 2>&1 & exit 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			tr, err := NewTracker(dir)
			if err != nil {
				t.Fatal(err)
			}
			cmd := startGroup(t, tc.argv...)
			pgid := cmd.Process.Pid
			tr.Add(pgid)
			if tc.argv[0] == "sh" {
				if werr := cmd.Wait(); werr != nil { // the leader is reaped; its child lives on
					t.Fatal(werr)
				}
				if syscall.Kill(-pgid, 0) != nil {
					t.Fatal("the child did not outlive its leader")
				}
			}
			// hookrun is gone: its run directory is named by a pid no process has.
			if rerr := os.Rename(tr.dir, filepath.Join(dir, strconv.Itoa(deadPid))); rerr != nil {
				t.Fatal(rerr)
			}
			n, err := ReapOrphans(dir, 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if n != 1 || !groupGone(pgid) {
				t.Errorf("ReapOrphans stopped %d groups, group gone: %v; want 1, true", n, groupGone(pgid))
			}
		})
	}
}
