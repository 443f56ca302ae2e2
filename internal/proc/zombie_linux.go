package proc

import (
	"bytes"
	"os"
	"strconv"
)

// onlyZombies reports whether every process left in group pgid is a zombie: killed, and
// waiting for a parent to reap it. A zombie writes nothing, and in a container whose
// PID 1 never reaps, it waits forever; such a group counts as gone.
func onlyZombies(pgid int) bool {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so the
		// fields are read after the last ")".
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(stat[i+1:])
		if len(f) < 3 {
			continue
		}
		if g, err := strconv.Atoi(string(f[2])); err == nil && g == pgid && string(f[0]) != "Z" {
			return false
		}
	}
	return true
}
