package runners

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/runners/tool"
)

// Outcome is how one invocation ended, ready to become a hooks.Result.
type Outcome struct {
	Status   hooks.Status // Passed or Failed
	ExitCode int
	Output   []byte // stdout and stderr interleaved as written: the raw output for -v
	// Diagnostics are the parsed findings, paths repo-relative, sorted by path and
	// position. Project-wide tools report files beyond the invocation's (see Covers).
	Diagnostics []hooks.Diagnostic
	// Err says why the run failed beyond its findings: a crash, a config error of the
	// tool, an exit code its output contradicts, output that could not be read.
	Err      error
	Argv     []string // the command that ran
	Duration time.Duration
	// Stdout and Stderr are the two streams as the parser read them.
	Stdout, Stderr []byte
}

// Run executes inv in mode m with the located exe, in root/inv.Dir, with env (nil:
// hookrun's own) and the user's extra arguments placed between the tool's flags and the
// targets. The error is non-nil only when the process could not start or ctx ended
// (proc.Run's contract); every other failure is an Outcome with Status Failed.
func Run(ctx context.Context, exe Exe, inv Invocation, m hooks.Mode, root string, env, extra []string) (Outcome, error) {
	t := inv.Tool
	args := append(slices.Clone(exe.Argv[1:]), t.Args(m, extra, inv.Args)...)
	var stdout, stderr bytes.Buffer
	combined := &lockedBuffer{}
	res, err := proc.Run(ctx, proc.Cmd{
		Path:   exe.Argv[0],
		Args:   args,
		Dir:    filepath.Join(root, filepath.FromSlash(inv.Dir)),
		Env:    env,
		Stdout: io.MultiWriter(&stdout, combined),
		Stderr: io.MultiWriter(&stderr, combined),
	})
	oc := Outcome{ExitCode: res.ExitCode, Output: combined.Bytes(), Argv: append([]string{exe.Argv[0]}, args...), Duration: res.Duration}
	if err != nil {
		oc.Status = hooks.Failed
		return oc, err
	}
	oc.Stdout, oc.Stderr = stdout.Bytes(), stderr.Bytes()
	out := tool.Output{
		Tool: t.Name, Mode: m, ExitCode: res.ExitCode, Stdout: stdout.Bytes(), Stderr: stderr.Bytes(),
		Root: root, Dir: inv.Dir,
	}
	if real, err := filepath.EvalSymlinks(root); err == nil && real != root {
		out.RealRoot = real
	}
	oc.Status, oc.Diagnostics, oc.Err = tool.Judge(t, out)
	return oc, nil
}

// lockedBuffer collects stdout and stderr, which the process writes from two goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
