package proc

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
)

// procStat is what hookrun reads of /proc/<pid>/stat (proc(5)).
type procStat struct {
	state   byte   // field 3: R, S, Z…
	pgrp    int    // field 5
	session int    // field 6
	start   uint64 // field 22: clock ticks after boot
}

func readStat(pid string) (procStat, error) {
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return procStat{}, err
	}
	// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so the
	// fields are read after the last ")"; f[0] is field 3.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return procStat{}, errors.New("no comm")
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 20 || len(f[0]) != 1 {
		return procStat{}, errors.New("short stat")
	}
	pgrp, err1 := strconv.Atoi(string(f[2]))
	session, err2 := strconv.Atoi(string(f[3]))
	start, err3 := strconv.ParseUint(string(f[19]), 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return procStat{}, err
	}
	return procStat{state: f[0][0], pgrp: pgrp, session: session, start: start}, nil
}

// bootID names the running boot: a start time counts from it.
var bootID = sync.OnceValues(func() (string, bool) {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	id := strings.TrimSpace(string(b))
	return id, err == nil && id != ""
})

// identify reads process pid's identity; it must not have been reaped.
func identify(pid int) (identity, bool) {
	boot, ok := bootID()
	if !ok {
		return identity{}, false
	}
	st, err := readStat(strconv.Itoa(pid))
	if err != nil {
		return identity{}, false
	}
	return identity{boot: boot, start: st.start, session: st.session}, true
}

// ours reports whether group pgid is still the group recorded as rec, checked before it
// is signalled:
//   - a record from another boot is void;
//   - while the leader (pid pgid) exists, zombie or not, it must be the recorded process:
//     same start time;
//   - once the leader has ended (on Linux it is killed with hookrun, leaving its children
//     in the group), the kernel gives no new process that pid while any member is left, so
//     the members are the recorded group's, or a later group's whose leader got the same
//     pid after every one of ours had ended and then ended too. Every member must then
//     share the recorded session and have started no earlier than the recorded leader;
//     only that second group, in hookrun's own session, could still pass.
func ours(pgid int, rec identity) bool {
	if boot, ok := bootID(); !ok || rec.boot != boot {
		return false
	}
	if leader, err := readStat(strconv.Itoa(pgid)); err == nil {
		return leader.start == rec.start
	}
	members := groupMembers(pgid)
	for _, m := range members {
		if m.session != rec.session || m.start < rec.start {
			return false
		}
	}
	return len(members) > 0
}

// groupMembers lists the processes of group pgid that /proc shows.
func groupMembers(pgid int) []procStat {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var members []procStat
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		st, err := readStat(e.Name())
		if err == nil && st.pgrp == pgid { // an error: gone meanwhile
			members = append(members, st)
		}
	}
	return members
}

// onlyZombies reports whether every process left in group pgid is a zombie: killed, and
// waiting for a parent to reap it. A zombie writes nothing, and in a container whose
// PID 1 never reaps, it waits forever; such a group counts as gone.
func onlyZombies(pgid int) bool {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return false // no /proc: nothing can be told apart
	}
	for _, m := range groupMembers(pgid) {
		if m.state != 'Z' {
			return false
		}
	}
	return true
}
