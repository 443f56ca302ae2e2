package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/cliflag"
	"github.com/hookrun/hookrun/internal/engine"
	"github.com/hookrun/hookrun/internal/report"
)

func (s stdio) errorf(format string, args ...any) { // names in it may hold control characters
	fmt.Fprint(s.err, report.Visible(fmt.Sprintf("hookrun: "+format, args...))+"\n")
}

// runFlags are the flags of run and list: which hooks, which files, which mode.
type runFlags struct {
	all, files, lastCommit bool
	fromRef, toRef         string
	stage                  string
	check, fix             bool
	jobs                   int
	failFast, noCache      bool
	newOnly                bool
	verbose, quiet         bool
	config                 string
	hookIDs                cliflag.Strings
	formats, outputs       cliflag.Strings
	color                  string
	showDiff, noShowDiff   bool
	shard, trace           string
	part                   engine.Shard // --shard, resolved
	args                   []string     // positional: hook ids, or file names with --files
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.all, "all", false, "run on every tracked file")
	fs.BoolVar(&f.all, "all-files", false, "same as --all (pre-commit's name)")
	fs.BoolVar(&f.all, "a", false, "short for --all")
	fs.BoolVar(&f.files, "files", false, "run on the files named after it (hook ids go before it, or in --hook)")
	fs.BoolVar(&f.lastCommit, "last-commit", false, "run on the files changed by the last commit")
	fs.StringVar(&f.fromRef, "from-ref", "", "run on the files changed since `REF` (merge base, as a pull request shows)")
	fs.StringVar(&f.toRef, "to-ref", "", "with --from-ref: compare with `REF` instead of HEAD")
	fs.BoolVar(&f.newOnly, "new-only", false, "fail only on built-ins' findings on lines the change touched (staged, --from-ref, --last-commit); count the rest")
	fs.StringVar(&f.stage, "stage", "", "run the hooks of this `STAGE` (default pre-commit)")
	fs.StringVar(&f.stage, "hook-stage", "", "run the hooks of this `STAGE`: pre-commit's name for --stage")
	fs.BoolVar(&f.check, "check", false, "check only: never rewrite files (default when CI is set)")
	fs.BoolVar(&f.fix, "fix", false, "let fixers rewrite files (default outside CI)")
	fs.IntVar(&f.jobs, "jobs", -1, "run at most `N` processes at once; 0 = one per CPU (default: config, else CPUs)")
	fs.IntVar(&f.jobs, "j", -1, "short for --jobs")
	fs.BoolVar(&f.failFast, "fail-fast", false, "run hooks one after another, and none after one fails")
	fs.BoolVar(&f.noCache, "no-cache", false, "run every hook, even those that passed before on the same files, config and tools")
	fs.BoolVar(&f.verbose, "v", false, "short for --verbose")
	fs.BoolVar(&f.verbose, "verbose", false, "show every hook's output and timings")
	fs.BoolVar(&f.quiet, "q", false, "print only failures")
	fs.StringVar(&f.config, "config", "", "config `FILE` (default hookrun.yaml or .hookrun.yaml at the repository root)")
	fs.Var(&f.hookIDs, "hook", "run only the hook with this `ID` (repeatable)")
	fs.Var(&f.formats, "format", "also write a report in this `FORMAT`: "+strings.Join(report.Formats(), ", ")+
		" (repeatable; with GITHUB_ACTIONS=true, github goes to stdout unless given here or another report goes there)")
	fs.Var(&f.outputs, "output", "write the report of the --format in the same position to `FILE` (default stdout; its directories are made)")
	fs.StringVar(&f.color, "color", "auto", "colour `WHEN`: auto, always or never (NO_COLOR is honoured)")
	fs.BoolVar(&f.showDiff, "show-diff", false, "in check mode, show what fixers would change as a diff (default in CI)")
	fs.BoolVar(&f.noShowDiff, "no-show-diff", false, "in check mode, run checks only, never fixers")
	fs.StringVar(&f.trace, "trace", "", "write where the run's time went to `FILE`, as Chrome trace JSON (Perfetto)")
	fs.StringVar(&f.shard, "shard", "", "run part `I/N` of the work (from 1), or auto: the CI's parallel job (see README)")
}

func (f *runFlags) validate(env *environment) error {
	n := 0
	for _, set := range []bool{f.all, f.files, f.lastCommit, f.fromRef != ""} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return fmt.Errorf("--all, --files, --last-commit and --from-ref choose the files in different ways; give one")
	case f.toRef != "" && f.fromRef == "":
		return fmt.Errorf("--to-ref needs --from-ref")
	case f.check && f.fix:
		return fmt.Errorf("--check and --fix contradict each other; give one")
	case f.verbose && f.quiet:
		return fmt.Errorf("-v and -q contradict each other; give one")
	case f.jobs < -1 || f.jobs > config.MaxJobs:
		return fmt.Errorf("--jobs must be from 0 (one per CPU) to %d", config.MaxJobs)
	case f.showDiff && f.noShowDiff:
		return fmt.Errorf("--show-diff and --no-show-diff contradict each other; give one")
	}
	return f.validateOutput(env)
}

// validateOutput checks the flags that choose how the run is reported, readies the
// report files (their directories made), and resolves --shard.
func (f *runFlags) validateOutput(env *environment) (err error) {
	if f.part, err = engine.ParseShard(f.shard, env.ciShard, env.ciShardErr); err != nil {
		return fmt.Errorf("--shard: %w", err)
	}
	if len(f.outputs) > len(f.formats) {
		return fmt.Errorf("--output %s has no --format before it", f.outputs[len(f.formats)])
	}
	if _, err := report.ParseColorMode(f.color); err != nil {
		return err
	}
	for _, name := range f.formats {
		if !slices.Contains(report.Formats(), name) {
			return fmt.Errorf("unknown --format %q; one of %s", name, strings.Join(report.Formats(), ", "))
		}
	}
	for _, p := range f.outputs { // before anything runs, not after every hook has
		if err := report.PrepareFile(p); err != nil {
			return fmt.Errorf("--output %s: %w", p, err)
		}
	}
	return nil
}
