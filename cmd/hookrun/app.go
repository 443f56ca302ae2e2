package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hookrun/hookrun/internal/version"
)

// stdio is where a command reads and writes; tests pass buffers.
type stdio struct {
	in       io.Reader
	out, err io.Writer
	env      *environment // read once by Main
}

type subcommand struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, io stdio) int
	hidden  bool
}

func commands() []subcommand {
	return []subcommand{
		{name: "run", summary: "run the hooks of a stage (the default command)", run: cmdRun},
		{name: "init", summary: "write a hookrun.yaml for the languages found here", run: cmdInit},
		{name: "migrate", summary: "convert .pre-commit-config.yaml into hookrun.yaml", run: cmdMigrate},
		{name: "autoupdate", summary: "move .pre-commit-config.yaml's revs to each repository's newest tag", run: cmdAutoupdate},
		{name: "try-repo", summary: "run the hooks of a hook repository without a config", run: cmdTryRepo},
		{name: "install", summary: "install git hook shims for the stages the config uses", run: cmdInstall},
		{name: "uninstall", summary: "remove hookrun's git hook shims, restoring earlier hooks", run: cmdUninstall},
		{name: "list", summary: "list hooks, their stages and the files each would get", run: cmdList},
		{name: "validate", summary: "check the config and print every error", run: cmdValidate},
		{name: "install-hooks", summary: "build every hook environment of a pre-commit config ahead (CI caches)", run: cmdInstallHooks},
		{name: "gc", summary: "remove cached hook repositories and environments no config uses", run: cmdGC},
		{name: "clean", summary: "remove every cached hook repository and environment", run: cmdClean},
		{name: "sample-config", summary: "print a sample .pre-commit-config.yaml", run: cmdSampleConfig},
		{name: "restore", summary: "put back unstaged changes hidden by an interrupted run", run: cmdRestore},
		{name: "version", summary: "print hookrun's version", run: cmdVersion},
		{name: "hook", summary: "entry point for git hooks (used by the installed shims)", run: cmdHook, hidden: true},
	}
}

// Main runs hookrun with the given arguments and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// A run lives for milliseconds and holds little: collecting garbage less often saves
	// more time than the memory it costs (a fifth of a 20,000-file run's CPU was GC).
	debug.SetGCPercent(400)
	s := stdio{in: stdin, out: stdout, err: stderr, env: readEnvironment(os.Environ())}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" {
		return cmdRun(ctx, args, s)
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(s.out)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], s)
		}
	}
	s.errorf("unknown command %q; see hookrun --help", args[0])
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprint(w, `hookrun: a fast, parallel git hook runner

Usage:
  hookrun [run flags]            run the pre-commit hooks on the staged files (same as hookrun run)
  hookrun <command> [flags]

Commands:
`)
	for _, c := range commands() {
		if !c.hidden {
			fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, `
Run "hookrun <command> --help" for a command's flags.
Exit codes: 0 passed, 1 a hook failed or changed files, 2 usage or config error,
3 environment error (not a git repository, tool missing), 130 interrupted.
`)
}

func cmdVersion(_ context.Context, args []string, s stdio) int {
	fs := newFlags("version", "version")
	if code, ok := parseFlags(fs, args, s); !ok {
		return code
	}
	fmt.Fprint(s.out, version.Get())
	return exitOK
}

func getwd(s stdio) (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		s.errorf("get working directory: %v", err)
		return "", false
	}
	return wd, true
}
