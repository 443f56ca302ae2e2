package main

import (
	"os"
	"os/exec"
	"syscall"
)

// ownProcessGroup does nothing on Windows, which has no process groups.
func ownProcessGroup(*exec.Cmd) {}

// signalGroup kills cmd's process on Windows, whatever sig: it has no signals to send.
func signalGroup(cmd *exec.Cmd, _ syscall.Signal) { _ = cmd.Process.Kill() }

// peakRSSMiB is not measured on Windows.
func peakRSSMiB(*os.ProcessState) (int64, bool) { return 0, false }
