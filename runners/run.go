package runners

import (
	"context"
	"os"
	"path/filepath"
	"slices"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/safefile"
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
	Err  error
	Argv []string // the command that ran
	// Stdout and Stderr are the two streams as the parser read them.
	Stdout, Stderr []byte
}

// Run executes inv in mode m with the located exe, in root/inv.Dir, through start, with
// the user's extra arguments placed between the tool's flags and the targets. The error is
// non-nil only when the process could not start or ctx ended (start's contract); every
// other failure is an Outcome with Status Failed.
func Run(ctx context.Context, exe Exe, inv Invocation, m hooks.Mode, root string, extra []string, start hooks.StartFunc) (Outcome, error) {
	t := inv.Tool
	cache := cacheArgs(inv, exe.Version, root)
	args := slices.Concat(exe.Argv[1:], inv.Lead, t.Args(m, cache, extra, inv.Args))
	res, err := start(ctx, hooks.Process{
		Argv:  append([]string{exe.Argv[0]}, args...),
		Dir:   filepath.Join(root, filepath.FromSlash(inv.Dir)),
		Split: true,
	})
	oc := Outcome{ExitCode: res.ExitCode, Output: res.Output, Argv: append([]string{exe.Argv[0]}, args...)}
	if err != nil {
		oc.Status = hooks.Failed
		return oc, err
	}
	oc.Stdout, oc.Stderr = res.Stdout, res.Stderr
	out := tool.Output{
		Tool: t.Name, Mode: m, ExitCode: res.ExitCode, Stdout: res.Stdout, Stderr: res.Stderr,
		Root: root, Dir: inv.Dir,
	}
	if real, err := filepath.EvalSymlinks(root); err == nil && real != root {
		out.RealRoot = real
	}
	oc.Status, oc.Diagnostics, oc.Err = tool.Judge(t, out)
	return oc, nil
}

// cacheArgs returns the arguments that point inv's tool at its cache file, creating the
// file's directory, or nil when inv has no cache file, the tool keeps none, or its
// project or version rules one out. A directory that cannot be made only costs the
// cache: the tool then runs without one.
func cacheArgs(inv Invocation, version, root string) []string {
	c := inv.Tool.Cache
	if c == nil || inv.Cache == "" {
		return nil
	}
	dir := inv.Dir
	if dir == "" {
		dir = "."
	}
	read := func(name string) ([]byte, error) {
		return safefile.Read(filepath.Join(root, filepath.FromSlash(name)), safefile.MaxConfigSize)
	}
	args := c.Args(tool.CacheProject{File: inv.Cache + c.Ext, Version: version, Dir: dir, Read: read})
	if args == nil || os.MkdirAll(filepath.Dir(inv.Cache), 0o700) != nil {
		return nil
	}
	return args
}
