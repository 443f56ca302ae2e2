//go:build unix

package gitrepo

import (
	"io/fs"
	"os/exec"
	"syscall"
)

// stOwnGroup makes cmd the leader of a process group of its own.
func stOwnGroup(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} }

// stKillGroup sends SIGKILL to the process group cmd leads.
func stKillGroup(cmd *exec.Cmd) { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

// stStopAndKill stops every process of pids, then kills them.
func stStopAndKill(pids []int) {
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGSTOP)
	}
	for _, pid := range pids {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// stBlocks is how many bytes of the file take disk blocks.
func stBlocks(fi fs.FileInfo) int64 {
	return int64(fi.Sys().(*syscall.Stat_t).Blocks) * 512 //nolint:unconvert // int32 on some systems
}
