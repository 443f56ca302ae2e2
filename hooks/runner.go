package hooks

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Runner runs one job of a hook in a mode. There are three: a built-in tool (package
// runners), a shell command (runners/command) and an in-process hook (InProcess, for
// pre-commit's fail, pygrep and meta hooks). A runner knows what to start and how to read
// what came out; it starts processes only through start, which applies what every hook
// gets alike (its environment, process-group tracking, bounded output capture), and the
// engine applies the hook's timeout and turns the error into a status. Run's error is
// non-nil only when a process could not start or ctx ended; a failed check is an Outcome.
type Runner interface {
	Run(ctx context.Context, j Job, m Mode, start StartFunc) (Outcome, error)
}

// StartFunc starts one process and waits for it; the engine gives each runner one.
type StartFunc func(ctx context.Context, p Process) (ProcessResult, error)

// Process is one process a runner asks for.
type Process struct {
	Argv []string // the program (looked up in PATH when it has no slash) and its arguments
	Dir  string   // absolute working directory
	// Split keeps stdout and stderr apart as well as interleaved, for a parser.
	Split bool
}

// ProcessResult is how a started process ended. A non-zero exit is a result, not an error.
type ProcessResult struct {
	ExitCode int
	// Output is stdout and stderr interleaved as written, bounded: a hook that prints
	// more keeps its head and tail here and a note of where the rest went.
	Output []byte
	// Stdout and Stderr are the two streams whole, with Process.Split only.
	Stdout, Stderr []byte
}

// Outcome is how a runner judged one job.
type Outcome struct {
	Status      Status // Passed or Failed
	ExitCode    int
	Output      []byte       // what to show
	Diagnostics []Diagnostic // parsed findings, repo-relative, sorted; nil for commands
	Err         error        // why it failed beyond its findings (a tool's crash or config error)
	Command     string       // what ran, for -v
	ToolVersion string
	// Wrote is, for an in-process hook with ReportsWrites, the files (repo-relative,
	// sorted) it wrote: those it told RecordWrite of.
	Wrote []string
}

// InProcess runs a hook that hookrun implements itself (Hook.Builtin): no process, the
// same result shape. Root is the absolute repository root. Env, when set, gives the
// environment the hook would get as a process; the Builtin finds it with ProcessEnv.
type InProcess struct {
	Root string
	Env  func(h *Hook) []string
	// GitDir, when set, gives the absolute git directory that git run by h would find
	// ("" when the run cannot tell): a Builtin finds it with GitDirOf.
	GitDir func(h *Hook) string
}

var _ Runner = InProcess{}

type processEnvKey struct{}

// ProcessEnv is the environment a Builtin's hook would get as a process (the run's,
// with the hook's env on top: PRE_COMMIT_FROM_REF and the like), as InProcess puts it in
// ctx; nil when it did not.
func ProcessEnv(ctx context.Context) []string {
	env, _ := ctx.Value(processEnvKey{}).([]string)
	return env
}

type gitDirKey struct{}

// GitDirOf is the absolute git directory of the repository the Builtin running with ctx
// works in, what `git rev-parse --git-dir` run by it names (InProcess.GitDir); "" when
// the run did not say, and only git can.
func GitDirOf(ctx context.Context) string {
	dir, _ := ctx.Value(gitDirKey{}).(string)
	return dir
}

// withHook gives ctx what InProcess tells a Builtin of h: its environment and git
// directory.
func (r InProcess) withHook(ctx context.Context, h *Hook) context.Context {
	if r.Env != nil {
		ctx = context.WithValue(ctx, processEnvKey{}, r.Env(h))
	}
	if r.GitDir != nil {
		if dir := r.GitDir(h); dir != "" {
			ctx = context.WithValue(ctx, gitDirKey{}, dir)
		}
	}
	return ctx
}

type checkModeKey struct{}

// CheckMode reports whether the Builtin running with ctx runs in check mode, where it may
// write nothing (InProcess.Run says so in ctx): a Builtin that can fix then only says
// what it would change.
func CheckMode(ctx context.Context) bool {
	check, _ := ctx.Value(checkModeKey{}).(bool)
	return check
}

type writeLogKey struct{}

// writeLog collects the files an in-process hook wrote (RecordWrite).
type writeLog struct {
	mu    sync.Mutex
	paths []string
}

// RecordWrite tells the InProcess runner that the Builtin running with ctx wrote the file
// at path (absolute, or relative to the directory the hook runs in): what a hook with
// ReportsWrites must call for every file it writes, with the path it read the file by
// (ReadCached), whose cached content it drops. Outside such a run it does nothing.
func RecordWrite(ctx context.Context, path string) {
	forget(ctx, path)
	if l, ok := ctx.Value(writeLogKey{}).(*writeLog); ok {
		l.mu.Lock()
		l.paths = append(l.paths, path)
		l.mu.Unlock()
	}
}

// Warm calls h.Warm, if set, as Run would call h.Builtin: with the hook's environment
// and directory.
func (r InProcess) Warm(ctx context.Context, h *Hook) {
	if h.Warm == nil {
		return
	}
	h.Warm(r.withHook(ctx, h), h.Dir(r.Root))
}

// Run calls the hook's Builtin with the job's files relative to the hook's root.
func (r InProcess) Run(ctx context.Context, j Job, m Mode, _ StartFunc) (Outcome, error) {
	h := j.Hook
	if m == Check {
		ctx = context.WithValue(ctx, checkModeKey{}, true)
	}
	ctx = r.withHook(ctx, h)
	var log *writeLog
	if h.ReportsWrites {
		log = &writeLog{}
		ctx = context.WithValue(ctx, writeLogKey{}, log)
	}
	dir := h.Dir(r.Root)
	code, out := h.Builtin(ctx, dir, h.RelFiles(j.Files))
	oc := Outcome{ExitCode: code, Output: out, Status: StatusOf(code), Command: h.Native}
	if log != nil {
		oc.Wrote = r.repoPaths(dir, log.paths)
	}
	if err := ctx.Err(); err != nil {
		oc.Status = Failed
		return oc, err
	}
	return oc, nil
}

// repoPaths turns paths a hook running in dir wrote into repo-relative, slash-separated
// names, sorted and without duplicates.
func (r InProcess) repoPaths(dir string, paths []string) []string {
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		rel, err := filepath.Rel(r.Root, p)
		if err != nil {
			rel = p // cannot happen for a file under dir; kept visible rather than dropped
		}
		out = append(out, filepath.ToSlash(rel))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// StatusOf is the status of a command that exited with code: it passed if and only if
// code is 0.
func StatusOf(code int) Status {
	if code == 0 {
		return Passed
	}
	return Failed
}

// Dir is the absolute directory the hook runs in: root joined with the hook's Root.
func (h *Hook) Dir(root string) string {
	return filepath.Join(root, filepath.FromSlash(h.Root))
}

// RelFiles returns the files the hook's process gets: none when it does not take files,
// otherwise the job's files relative to the hook's Root.
func (h *Hook) RelFiles(files []string) []string {
	if !h.PassFiles {
		return nil
	}
	if h.Root == "" {
		return files
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = strings.TrimPrefix(f, h.Root+"/")
	}
	return out
}
