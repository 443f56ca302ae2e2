// Package hooks holds hookrun's domain values: hooks resolved from the config, the jobs a
// run is made of, and their results. It does no I/O.
package hooks

import (
	"context"
	"time"

	"github.com/hookrun/hookrun/config"
)

// Stage names a git hook (or "manual") that a hook runs in.
type Stage string

// The stages hookrun knows. Manual hooks run only when asked for with --stage manual.
const (
	PreCommit        Stage = "pre-commit"
	PrePush          Stage = "pre-push"
	CommitMsg        Stage = "commit-msg"
	PrepareCommitMsg Stage = "prepare-commit-msg"
	PostCheckout     Stage = "post-checkout"
	PostMerge        Stage = "post-merge"
	PreRebase        Stage = "pre-rebase"
	Manual           Stage = "manual"
)

// Stages lists every stage in the order git runs them in a commit-push cycle.
var Stages = []Stage{PreCommit, PrepareCommitMsg, CommitMsg, PostCheckout, PostMerge, PreRebase, PrePush, Manual}

// Mode says whether hooks may rewrite files (Fix) or only report (Check).
type Mode int

// The two modes. Fix is the laptop default; Check is the CI default.
const (
	Fix Mode = iota
	Check
)

func (m Mode) String() string {
	if m == Check {
		return "check"
	}
	return "fix"
}

// Hook is one configured hook after Resolve: every user input is validated and compiled.
type Hook struct {
	ID   string
	Name string // display name; ID when the config gives none
	// CheckCmd and FixCmd are shell command lines run with `sh -c CMD sh FILES...`.
	// FixCmd is empty when the hook cannot fix; then it runs CheckCmd in both modes.
	CheckCmd  string
	FixCmd    string
	Match     Matcher
	Stages    []Stage
	PassFiles bool
	AlwaysRun bool
	// Serial hooks run as one process with every file, never beside themselves.
	Serial     bool
	Root       string // repo-relative directory to run in; "" is the repo root
	Env        map[string]string
	Timeout    time.Duration // 0 means none
	StageFixed bool
	FailFast   bool
	// NewOnly holds the line: only findings on lines the run's change touched fail the
	// hook; the others are counted (internal/newonly). Only for a built-in tool's check.
	NewOnly bool
	Pos     config.Pos
	// Uses names the built-in tool that runs this hook (see runners); empty for
	// commands. Args are extra arguments for it, and CanFix says it can fix (the tool
	// has a fix mode, or the hook gives a fix command, or its Builtin writes files).
	Uses   string
	Args   []string
	CanFix bool
	// ToolVersion is the version of Uses' tool the hook expects (hookrun.yaml's
	// version:, what migrate keeps of a pre-commit rev); "" accepts any. A run warns
	// when the tool it finds reports another.
	ToolVersion string
	// Daemon runs Uses' tool through its resident server (config.BuiltinDaemons: dmypy
	// for mypy), which outlives the run and keeps the program's state for the next one.
	Daemon bool

	// The fields below come from .pre-commit-config.yaml (package config/precommit).

	// Alias is a second name for the hook in SKIP and `run ID`, as pre-commit's alias;
	// "" when there is none.
	Alias string
	// Verbose hooks show their output even when they pass (pre-commit's verbose).
	Verbose bool
	// WritesIndex says the hook may change git's index itself: a pre-commit hook whose
	// command runs git (the auto-staging `black "$@"; git add -u`). It runs alone in a
	// config-ordered plan (sched.NewOrderedPlan), and its staging is kept (engine).
	WritesIndex bool
	// LogFile, when set, is a file (relative to the repository root) that the hook's
	// output is appended to whenever it is shown (pre-commit's log_file).
	LogFile string
	// Builtin, when set, runs the hook in-process instead of CheckCmd or FixCmd (which
	// are then empty): it gets the job's files relative to dir, the directory a process
	// would run in (the repository root joined with Root), and returns the exit code
	// and the output to show. pre-commit's fail and pygrep languages and its meta hooks
	// are built-ins; they read files, never write them. The native pre-commit-hooks
	// (internal/pchooks) are built-ins too; those that may write say so with CanFix,
	// which makes them writers in fix mode. A Builtin must honour ctx.
	Builtin func(ctx context.Context, dir string, files []string) (exitCode int, output []byte)
	// Warm, when set, does ahead what the Builtin will wait for (the git questions a
	// native pre-commit-hook asks, answered once per run through Remember), given the
	// same dir and the same ctx values as the Builtin (InProcess.Warm): the engine calls
	// it in the background as a run whose reads are shared starts, and waits for it
	// before the run ends.
	Warm func(ctx context.Context, dir string)
	// Native is what -v shows for a Builtin that stands in for a hook's command (the
	// native pre-commit-hooks); "" for the others.
	Native string
	// ReadsRepo says a Builtin's result depends on more than its files (what git has
	// staged, the branch, a merge in progress): it is never cached.
	ReadsRepo bool
	// ReportsWrites says a Builtin that can fix tells RecordWrite of every file it
	// writes, and writes a file only to change its content: its Outcome.Wrote is exactly
	// the files it changed, so the scheduler need not hash its files before and after.
	ReportsWrites bool
}

// Command returns the command line the hook runs in mode m, and whether that command may
// write files (only a fix command in fix mode does).
func (h *Hook) Command(m Mode) (cmd string, writes bool) {
	if h.Builtin != nil {
		return "", m == Fix && h.CanFix
	}
	if h.RunsTool(m) {
		return "", m == Fix && h.CanFix
	}
	if m == Fix && h.FixCmd != "" {
		return h.FixCmd, true
	}
	return h.CheckCmd, false
}

// RunsTool reports whether the hook runs its built-in tool in mode m: it uses one and
// gives no command of its own for m (a "fix" or "check" beside "uses" replaces the
// tool's command in that mode).
func (h *Hook) RunsTool(m Mode) bool {
	switch {
	case h.Uses == "":
		return false
	case m == Fix && h.FixCmd != "":
		return false
	case m == Check && h.CheckCmd != "":
		return false
	}
	return true
}

// HasStage reports whether the hook runs in stage s.
func (h *Hook) HasStage(s Stage) bool {
	for _, st := range h.Stages {
		if st == s {
			return true
		}
	}
	return false
}

// Job is one process to run: a hook and the batch of files it gets (sorted,
// repo-relative, slash-separated). Files is nil for hooks that take no files.
type Job struct {
	Hook   *Hook
	Files  []string
	Writes bool // the command may rewrite Files (fix command in fix mode)
	Batch  int  // 0-based batch number within the hook
	// Dir and Targets are a built-in's working directory (repo-relative) and arguments:
	// files relative to Dir, package directories, or nothing, as its unit of work says.
	Dir     string
	Targets []string
	// NewFrom is the commit a --new-only run holds the line against, for a built-in
	// whose tool does that itself (golangci-lint's --new-from-rev); "" otherwise.
	NewFrom string
}

// Status is how a hook's run ended.
type Status int

// Statuses, from best to worst.
const (
	Passed Status = iota
	Skipped
	NoFiles
	Modified // exited 0 but changed files in a mode or hook that does not allow it
	Failed
	Cancelled
)

func (s Status) String() string {
	return [...]string{"passed", "skipped", "no files", "modified files", "failed", "cancelled"}[s]
}

// Result is the outcome of one job.
type Result struct {
	Job      Job
	Status   Status
	ExitCode int
	Output   []byte // stdout and stderr, interleaved as written
	Err      error  // could not start, timed out, or was killed
	Modified []string
	// Wrote is, for a hook with ReportsWrites, the files (repo-relative, sorted) it
	// wrote, from its Outcome; the scheduler turns it into Modified.
	Wrote    []string
	Started  time.Time
	Duration time.Duration
	// Diagnostics are the findings parsed from a built-in tool's output; nil for plain
	// commands, whose Output is all there is.
	Diagnostics []Diagnostic
	ToolVersion string
	// Diff is the unified diff of what a fixer would have changed, when a check-mode
	// run previews fixes (--show-diff); the files themselves are left unchanged.
	Diff []byte
	// Command is what ran, for -v: the working directory (repo-relative) and argv.
	Command string
	// Old counts the findings a --new-only run left out: on lines the change did not
	// touch. Diagnostics then holds only the new ones, and Output is dropped.
	Old int
	// Cached says the job did not run: it passed before on exactly the same inputs, and
	// Output, Diagnostics, ToolVersion and Command are that run's (internal/cache).
	Cached bool
	// Remote says a Cached result came from the shared cache (another machine's pass).
	Remote bool
}
