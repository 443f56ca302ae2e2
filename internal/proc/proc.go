// Package proc starts processes. It is the only importer of os/exec: every child runs in
// its own process group, so cancelling a run stops a hook and everything it started.
package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// DefaultGrace is how long a cancelled process group gets between SIGTERM and SIGKILL.
const DefaultGrace = 2 * time.Second

// Cmd describes one process.
type Cmd struct {
	Path  string   // program; looked up in PATH when it has no slash
	Args  []string // arguments after the program name
	Dir   string
	Env   []string // the whole environment; nil inherits hookrun's
	Stdin io.Reader
	// Stdout and Stderr, when set, receive the output instead of Result.Stdout and
	// Result.Output. With CombineOutput, stderr goes wherever stdout goes.
	Stdout        io.Writer
	Stderr        io.Writer
	CombineOutput bool
	Grace         time.Duration // SIGTERM to SIGKILL; 0 means DefaultGrace
	// OnStart, when set, is called with the child's pid (also its process group id) once
	// it runs, before Run waits for it.
	OnStart func(pid int)
}

// Result is how a process ended. A non-zero exit is a Result, not an error.
type Result struct {
	ExitCode int
	Stdout   []byte // stdout, or stdout and stderr interleaved with CombineOutput
	Stderr   []byte
	Duration time.Duration
}

// ErrNotFound is wrapped by Run's error when the program does not exist.
var ErrNotFound = errors.New("executable not found")

// Run starts c and waits for it. The error is non-nil only when the process could not be
// started or did not finish on its own (ctx was cancelled or its deadline passed); then it
// wraps ctx.Err(). Cancelling ctx sends SIGTERM to the child's whole process group, then
// SIGKILL after the grace period.
func Run(ctx context.Context, c Cmd) (Result, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = c.Env
	cmd.Stdin = c.Stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
	if cmd.Stdout == nil {
		cmd.Stdout = &stdout
	}
	if c.CombineOutput {
		cmd.Stderr = cmd.Stdout
	} else if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	cmd.SysProcAttr = sysProcAttr()
	grace := c.Grace
	if grace == 0 {
		grace = DefaultGrace
	}
	var killTimer *time.Timer
	cmd.Cancel = func() error {
		// A negative pid signals the whole group that Setpgid made: the hook and whatever
		// it started. Whoever ignores SIGTERM gets SIGKILL after the grace period.
		pgid := -cmd.Process.Pid
		killTimer = time.AfterFunc(grace, func() { _ = syscall.Kill(pgid, syscall.SIGKILL) })
		return syscall.Kill(pgid, syscall.SIGTERM)
	}
	// A backstop for grandchildren that keep our output pipes open after the group kill.
	cmd.WaitDelay = grace + time.Second
	start := time.Now()
	err := cmd.Start()
	if err != nil {
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return Result{ExitCode: -1}, fmt.Errorf("start %s: %w: %w", c.Path, ErrNotFound, err)
		}
		return Result{ExitCode: -1}, fmt.Errorf("start %s: %w", c.Path, err)
	}
	if c.OnStart != nil {
		c.OnStart(cmd.Process.Pid)
	}
	waitErr := cmd.Wait()
	if killTimer != nil {
		killTimer.Stop()
	}
	// Whatever the child left behind in its group gets SIGKILL once it is gone, so no
	// grandchild outlives a cancelled run.
	if ctx.Err() != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the group may already be gone
	}
	res := Result{
		ExitCode: exitCode(cmd.ProcessState),
		Stdout:   stdout.Bytes(),
		Stderr:   stderr.Bytes(),
		Duration: time.Since(start),
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("run %s: %w", c.Path, ctx.Err())
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && !errors.Is(waitErr, exec.ErrWaitDelay) {
		return res, fmt.Errorf("run %s: %w", c.Path, waitErr)
	}
	return res, nil
}

// exitCode is the process's exit status, or 128+N for death by signal N, as shells report it.
func exitCode(ps *os.ProcessState) int {
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// LookPath finds an executable in PATH, as Run would.
func LookPath(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	return p, nil
}

// Getenv returns the value of key in env (KEY=value entries, as a child process gets
// them): the last one wins, as in the C library; "" when it is not set.
func Getenv(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}
