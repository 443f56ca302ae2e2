package gitrepo

import (
	"io/fs"
	"os/exec"
)

// stOwnGroup does nothing on Windows, which has no process groups.
func stOwnGroup(*exec.Cmd) {}

// stKillGroup kills cmd's process.
func stKillGroup(cmd *exec.Cmd) { _ = cmd.Process.Kill() }

// stStopAndKill is reached only on Linux (stKillMarked reads /proc).
func stStopAndKill([]int) {}

// stBlocks is the file's size on Windows: its stat tells no blocks.
func stBlocks(fi fs.FileInfo) int64 { return fi.Size() }
