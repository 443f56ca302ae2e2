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
	"syscall"
	"time"
)

// DefaultGrace is how long a cancelled process group gets between SIGTERM and SIGKILL.
const DefaultGrace = 2 * time.Second

// outputGrace is how long a process's group may go on writing to its stdout and stderr
// after the process itself has exited (a grandchild still holding the pipes) before the
// group is killed. Long enough for a tool's worker to flush its last lines; short,
// because a job left running in the background would otherwise hold up every hook.
const outputGrace = 500 * time.Millisecond

// stopWait bounds how long Run waits, after killing what is left of a group, for those
// processes to be gone.
const stopWait = time.Second

// drainWait bounds how long Run waits, once the group is killed, for the pipes to reach
// EOF before it closes them and drops what is still in them. With the group gone they
// end as soon as the last bytes are read, so this is only ever waited out for a daemon
// that left the group (setsid) holding them; it is generous so that a busy machine never
// loses the end of a tool's output.
const drainWait = 2 * time.Second

// Cmd describes one process.
type Cmd struct {
	Path  string   // program; looked up in PATH when it has no slash
	Args  []string // arguments after the program name
	Dir   string
	Env   []string // the whole environment; nil inherits hookrun's
	Stdin io.Reader
	// Stdout and Stderr, when set, receive the output instead of Result.Stdout and
	// Result.Stderr; the same writer may be given for both. With CombineOutput, stderr
	// goes wherever stdout goes. A *Capture keeps memory bounded however much a process
	// prints; without a writer, Result holds all of it.
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
	Stdout   []byte // stdout, or stdout and stderr interleaved with CombineOutput; nil when Cmd.Stdout is set
	Stderr   []byte // nil when Cmd.Stderr is set or with CombineOutput
	Duration time.Duration
}

// ErrNotFound is wrapped by Run's error when the program does not exist.
var ErrNotFound = errors.New("executable not found")

// Run starts c and waits for it. The error is non-nil only when the process could not be
// started, did not finish on its own (ctx was cancelled or its deadline passed; then it
// wraps ctx.Err()), or its output could not be written to c.Stdout or c.Stderr.
//
// The child runs in a process group of its own. Cancelling ctx sends SIGTERM to the
// whole group, then SIGKILL after the grace period. However it ends, once the child has
// exited and its output is done (or outputGrace has passed), whatever is left in its
// group is killed, so nothing a hook started in the background outlives it. Daemons
// that call setsid have left the group and are not stopped.
func Run(ctx context.Context, c Cmd) (Result, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir, cmd.Env, cmd.Stdin = c.Dir, c.Env, c.Stdin
	var stdout, stderr bytes.Buffer
	var out outputs
	if err := out.attach(cmd, c, &stdout, &stderr); err != nil {
		return Result{ExitCode: -1}, fmt.Errorf("start %s: %w", c.Path, err)
	}
	grace := c.Grace
	if grace == 0 {
		grace = DefaultGrace
	}
	t := newTree(cmd, grace)
	start := time.Now()
	err := cmd.Start()
	if err == nil {
		if err = t.started(); err != nil {
			_ = cmd.Wait() // started has killed it
		}
	}
	if err != nil {
		_ = out.stop()
		t.release()
		if errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
			return Result{ExitCode: -1}, fmt.Errorf("start %s: %w: %w", c.Path, ErrNotFound, err)
		}
		return Result{ExitCode: -1}, fmt.Errorf("start %s: %w", c.Path, err)
	}
	out.started()
	if c.OnStart != nil {
		c.OnStart(cmd.Process.Pid)
	}
	waitErr := cmd.Wait()
	ctxErr := ctx.Err() // a child that ended before ctx did finished on its own
	// Once cancelled, the group has until Cancel's SIGKILL; else it gets outputGrace.
	wait := outputGrace
	if ctxErr != nil {
		wait = grace
	}
	copyErr := out.finish(wait, t.stop)
	t.release()
	res := Result{
		ExitCode: exitCode(cmd.ProcessState),
		Duration: time.Since(start),
	}
	if c.Stdout == nil {
		res.Stdout = stdout.Bytes()
	}
	if c.Stderr == nil && !c.CombineOutput {
		res.Stderr = stderr.Bytes()
	}
	return res, runErr(c.Path, ctxErr, waitErr, copyErr)
}

// runErr is Run's error for a process that started: none for any exit of its own.
func runErr(path string, ctxErr, waitErr, copyErr error) error {
	if ctxErr != nil {
		return fmt.Errorf("run %s: %w", path, ctxErr)
	}
	var exitErr *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exitErr) && !errors.Is(waitErr, exec.ErrWaitDelay) {
		return fmt.Errorf("run %s: %w", path, waitErr)
	}
	if copyErr != nil {
		return fmt.Errorf("run %s: write output: %w", path, copyErr)
	}
	return nil
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
