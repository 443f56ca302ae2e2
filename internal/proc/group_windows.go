package proc

import (
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// Windows has no process groups and no SIGTERM. A Run's tree is a Job Object instead:
// the child starts suspended, joins the job, and only then runs, so everything it starts
// is in the job from its first instruction (a process can leave only by asking for
// CREATE_BREAKAWAY_FROM_JOB, the counterpart of a daemon's setsid). Cancelling
// terminates the whole job at once: there is no polite signal to send first, so the
// grace period does not apply (on Ctrl-C the console has already sent CTRL_C_EVENT to
// every process attached to it, hooks included). The job is created with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE: when hookrun dies, however it dies, the system
// closes its handle and kills the whole tree, which Pdeathsig does on Linux for the
// leader alone; so no records are needed for the next run (see Tracker).

// Exit codes a terminated job's processes get, as a shell reports SIGTERM and SIGKILL.
const (
	cancelledExitCode = 128 + 15
	killedExitCode    = 128 + 9
)

// stillActive is what GetExitCodeProcess reports for a process that runs (STILL_ACTIVE).
const stillActive = 259

type tree struct {
	cmd *exec.Cmd
	job windows.Handle // 0 when it could not be created; started then fails
	err error
}

func newTree(cmd *exec.Cmd, grace time.Duration) *tree {
	t := &tree{cmd: cmd}
	t.job, t.err = newJob()
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: windows.CREATE_SUSPENDED}
	cmd.Cancel = func() error {
		if t.job == 0 {
			return cmd.Process.Kill()
		}
		return windows.TerminateJobObject(t.job, cancelledExitCode)
	}
	cmd.WaitDelay = grace + time.Second
	return t
}

// newJob creates an unnamed job whose processes die when its last handle closes.
func newJob() (windows.Handle, error) {
	job, err := windows.CreateJobObject(nil, nil)
	if err != nil {
		return 0, fmt.Errorf("create job object: %w", err)
	}
	var info windows.JOBOBJECT_EXTENDED_LIMIT_INFORMATION
	info.BasicLimitInformation.LimitFlags = windows.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE |
		windows.JOB_OBJECT_LIMIT_BREAKAWAY_OK
	if _, err := windows.SetInformationJobObject(job, windows.JobObjectExtendedLimitInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		_ = windows.CloseHandle(job)
		return 0, fmt.Errorf("set job object limits: %w", err)
	}
	return job, nil
}

// started puts the suspended child in the job, then resumes it. On an error the child
// is killed (still suspended: it never ran), and the caller must Wait for it.
func (t *tree) started() error {
	pid := uint32(t.cmd.Process.Pid) //nolint:gosec // a pid fits in a DWORD
	err := t.err
	if err == nil {
		err = assign(t.job, pid)
	}
	if err == nil {
		err = resume(pid)
	}
	if err != nil {
		_ = t.cmd.Process.Kill()
		return err
	}
	return nil
}

func assign(job windows.Handle, pid uint32) error {
	h, err := windows.OpenProcess(windows.PROCESS_SET_QUOTA|windows.PROCESS_TERMINATE, false, pid)
	if err != nil {
		return fmt.Errorf("open process %d: %w", pid, err)
	}
	defer func() { _ = windows.CloseHandle(h) }()
	if err := windows.AssignProcessToJobObject(job, h); err != nil {
		return fmt.Errorf("assign process %d to job object: %w", pid, err)
	}
	return nil
}

// resume resumes the threads of process pid: a process created suspended has one, its
// main thread, whose handle os/exec has already closed; the snapshot finds it again.
func resume(pid uint32) error {
	snap, err := windows.CreateToolhelp32Snapshot(windows.TH32CS_SNAPTHREAD, 0)
	if err != nil {
		return fmt.Errorf("resume process %d: %w", pid, err)
	}
	defer func() { _ = windows.CloseHandle(snap) }()
	entry := windows.ThreadEntry32{Size: uint32(unsafe.Sizeof(windows.ThreadEntry32{}))}
	resumed := 0
	for err = windows.Thread32First(snap, &entry); err == nil; err = windows.Thread32Next(snap, &entry) {
		if entry.OwnerProcessID != pid {
			continue
		}
		th, oerr := windows.OpenThread(windows.THREAD_SUSPEND_RESUME, false, entry.ThreadID)
		if oerr != nil {
			return fmt.Errorf("resume process %d: open thread: %w", pid, oerr)
		}
		_, rerr := windows.ResumeThread(th)
		_ = windows.CloseHandle(th)
		if rerr != nil {
			return fmt.Errorf("resume process %d: %w", pid, rerr)
		}
		resumed++
	}
	if !errors.Is(err, windows.ERROR_NO_MORE_FILES) {
		return fmt.Errorf("resume process %d: list threads: %w", pid, err)
	}
	if resumed == 0 {
		return fmt.Errorf("resume process %d: no thread found", pid)
	}
	return nil
}

// stop terminates whatever is left in the job and waits (up to stopWait) for it to be
// gone, so that nothing it does lands after Run returns.
func (t *tree) stop() {
	if t.job == 0 {
		return
	}
	if active, err := jobActive(t.job); err == nil && active == 0 {
		return // the usual case: nothing left
	}
	if windows.TerminateJobObject(t.job, killedExitCode) != nil {
		return
	}
	deadline := time.Now().Add(stopWait)
	for time.Now().Before(deadline) {
		if active, err := jobActive(t.job); err != nil || active == 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// release closes the job's handle: anything still in it is killed.
func (t *tree) release() {
	if t.job != 0 {
		_ = windows.CloseHandle(t.job)
		t.job = 0
	}
}

// jobAccounting is JOBOBJECT_BASIC_ACCOUNTING_INFORMATION.
type jobAccounting struct {
	TotalUserTime, TotalKernelTime                     int64
	ThisPeriodTotalUserTime, ThisPeriodTotalKernelTime int64
	TotalPageFaultCount, TotalProcesses                uint32
	ActiveProcesses, TotalTerminatedProcesses          uint32
}

// jobActive counts the processes in job that have not ended.
func jobActive(job windows.Handle) (uint32, error) {
	var info jobAccounting
	err := windows.QueryInformationJobObject(job, windows.JobObjectBasicAccountingInformation,
		uintptr(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)), nil)
	return info.ActiveProcesses, err
}

// killGroup is never reached on Windows: identify records nothing for ReapOrphans.
func killGroup(int) error { return errors.ErrUnsupported }

// alive reports whether process pid runs.
func alive(pid int) bool {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid)) //nolint:gosec // a pid fits in a DWORD
	if err != nil {
		return errors.Is(err, windows.ERROR_ACCESS_DENIED) // it exists, as EPERM says on unix
	}
	defer func() { _ = windows.CloseHandle(h) }()
	var code uint32
	return windows.GetExitCodeProcess(h, &code) == nil && code == stillActive
}

// waitGroupGone has nothing to wait for on Windows (see killGroup).
func waitGroupGone(int, time.Duration) {}
