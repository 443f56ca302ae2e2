package main

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/runners"
)

// defaultConfigName names the embedded config in messages.
const defaultConfigName = "(built-in default)"

// openRepo opens the repository around the working directory and finishes any run that
// was interrupted, before anything else touches the work tree.
func openRepo(ctx context.Context, s stdio) (*gitrepo.Repo, int) {
	repo, _, code := openRecovered(ctx, s)
	return repo, code
}

// parseAndOpen parses a command's flags, then opens the repository (openRepo); the
// repository is nil when the caller should return code.
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, args []string, s stdio) (*gitrepo.Repo, int) {
	if code, ok := parseFlags(fs, args, s); !ok {
		return nil, code
	}
	return openRepo(ctx, s)
}

// openRecovered is openRepo, also saying what finishing an interrupted run did: how many
// leftover hook processes it stopped, and what it put back.
func openRecovered(ctx context.Context, s stdio) (*gitrepo.Repo, recovery, int) {
	var rec recovery
	wd, ok := getwd(s)
	if !ok {
		return nil, rec, exitEnvironment
	}
	repo, err := gitrepo.OpenEnv(ctx, wd, s.env.environ)
	if err != nil {
		s.errorf("%v: run hookrun inside a git work tree (git init creates one)", err)
		return nil, rec, exitEnvironment
	}
	// HOOKRUN_FSYNC=1: hidden changes survive a system crash too, at the price of
	// waiting for the disk (and for every other process's writes) twice per commit.
	repo.Durable = s.env.fsync
	// Hooks of a killed run may still be running; stop them before restoring files they
	// might go on writing.
	n, rerr := proc.ReapOrphans(pidsDir(repo), 2*time.Second)
	if rerr != nil {
		s.errorf("stop hooks of an interrupted run: %v", rerr)
	} else if n > 0 {
		s.errorf("stopped %d %s left running by an interrupted run", n, plural(n, "hook process", "hook processes"))
	}
	rec.stopped = n
	// Recovering is journalled and resumable, but stopping it halfway helps nobody.
	rec.report, err = repo.Recover(context.WithoutCancel(ctx))
	if err != nil {
		s.errorf("restore an interrupted run: %v", err)
		return nil, rec, exitEnvironment
	}
	for _, msg := range rec.report.Messages() {
		s.errorf("%s", msg)
	}
	return repo, rec, exitOK
}

// recovery is what openRecovered did for an interrupted run.
type recovery struct {
	stopped int // hook processes of the killed run still running, now stopped
	report  gitrepo.RecoverReport
}

// outputDir is where runs keep hook output too long to hold in memory.
func outputDir(repo *gitrepo.Repo) string {
	return filepath.Join(repo.GitDir, "hookrun", "output")
}

// pidsDir is where runs record the process groups they start.
func pidsDir(repo *gitrepo.Repo) string {
	return filepath.Join(repo.GitDir, "hookrun", "pids")
}

// loadConfig reads the config named by flagPath, else the one at the repository root,
// else (repo given) the zero-config default, its tools found without starting them when
// noExec. Errors are printed; the code is exitUsage for a bad config.
func loadConfig(ctx context.Context, repo *gitrepo.Repo, root, flagPath string, noExec bool, s stdio) (*config.File, int) {
	var (
		f   *config.File
		err error
	)
	switch {
	case flagPath != "":
		f, err = config.ParseFile(flagPath)
	default:
		f, err = config.Load(root)
		if errors.Is(err, fs.ErrNotExist) && repo != nil {
			return zeroConfig(ctx, repo, noExec, s)
		}
	}
	if err != nil {
		printConfigError(s, root, err)
		return nil, exitUsage
	}
	return f, exitOK
}

// zeroConfig is the default where a repository has no hookrun.yaml: the built-ins that
// fit the languages present and whose tools are installed, plus checks that need no
// tool. It says what it runs and what it skipped, and why.
func zeroConfig(ctx context.Context, repo *gitrepo.Repo, noExec bool, s stdio) (*config.File, int) {
	tracked, err := repo.Changes(ctx, gitrepo.Scope{Kind: gitrepo.All})
	if err != nil {
		s.errorf("list files: %v", err)
		return nil, exitEnvironment
	}
	sugs := runners.Detect(ctx, repo.Root, tracked, s.env.environ, runners.LocateOptions{NoExec: noExec})
	f, err := config.Parse(defaultConfigName, runners.DefaultConfig(sugs))
	if err != nil { // a bug: the default is ours
		printConfigError(s, repo.Root, err)
		return nil, exitUsage
	}
	s.errorf("no hookrun.yaml: running the built-in default (`hookrun init` writes one); %s", runners.Summary(sugs))
	return f, exitOK
}

// printConfigError prints every config error on its own line, with paths relative to
// the repository root so editors and terminals can jump to them.
func printConfigError(s stdio, root string, err error) {
	msg := err.Error()
	if root != "" {
		msg = strings.ReplaceAll(msg, root+string(filepath.Separator), "")
	}
	for _, line := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		s.errorf("%s", line)
	}
}
