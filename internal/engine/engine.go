// Package engine runs a hook run's jobs, every hook through one path: it builds the jobs
// from the selected hooks, locates the tools, schedules the jobs (internal/sched), runs
// each through its runner with the hook's environment, timeout, process tracking and
// bounded output, applies the fix policy once, finds changes no hook was allowed to make,
// and stages fixes or puts hidden work back. It prints nothing: messages go to
// Options.Warn and results to OnStart and OnFinish; cmd/hookrun renders both and turns
// the Verdict into an exit code.
package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/newonly"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/sched"
	"github.com/hookrun/hookrun/runners"
	"github.com/hookrun/hookrun/runners/command"
)

// Verdict is what a run decided beside each hook's own status, worst last, so that max
// combines two.
type Verdict int

// The verdicts, in the order of the exit codes cmd/hookrun maps them to: 0, 1, 2, 3.
const (
	OK          Verdict = iota
	Failed              // a hook failed, fixes collided with hidden work, a hook changed what it must not
	Usage               // the user asked for something that cannot be (an unknown revision)
	Environment         // git, the file system or a tool's installation could not do its part
)

// Options describe one run.
type Options struct {
	Repo  *gitrepo.Repo
	Tools *runners.Tools // the built-in tools' runner (runners.NewTools); nil when none
	Mode  hooks.Mode
	Stage hooks.Stage
	// PreCommit says the hooks come from a .pre-commit-config.yaml, whose semantics say
	// that any hook changing any file fails.
	PreCommit bool
	// Preview makes a check-mode run show what a failed check's fixer would change.
	Preview bool
	Jobs    int // most jobs at once; > 0
	// Shard is the part of the run's work this run does (see ShardSelections).
	Shard    Shard
	FailFast bool // stop after the first failure, hooks one after another
	// Cache skips the jobs that passed before on exactly the same inputs, and records
	// the passes of this run (internal/cache; resultcache.go says which jobs).
	Cache bool
	// NewOnly holds the line for every built-in (hooks can ask with Hook.NewOnly too):
	// only findings on lines Change changed fail (newonly.go).
	NewOnly bool
	Change  gitrepo.Scope // the run's files' scope: which change --new-only holds the line against
	// RemoteCache is the config's shared result cache (nil: none configured; the
	// environment may still name one: resultcache.go).
	RemoteCache *config.Cache
	// Env is the environment every hook gets (BaseEnv, plus what git told the hook);
	// each hook's own env goes on top of it.
	Env []string
	// OutputDir is where a hook's output beyond what is kept in memory goes ("": dropped).
	OutputDir string
	// PidsDir is where the run records the process groups it starts, so that the next
	// run can stop what a killed one left behind ("": not recorded).
	PidsDir string
	// Warn receives every message for the user, one line or more, without newline.
	Warn func(format string, args ...any)
	// OnStart and OnFinish see each job start and end; OnFinish also sees the jobs that
	// never ran, with the fix policy applied. Both may be called concurrently.
	OnStart  func(j hooks.Job)
	OnFinish func(r hooks.Result)
	// ContentIDs, when set, gives the tree's content ids (Repo.ContentIDs) taken once the
	// unstaged work was hidden and before any job ran (Repo.ContentIDsLater, started
	// by the caller while it selects hooks); nil: the engine lists them when it needs them.
	ContentIDs func() (gitrepo.TreeIDs, error)
	// Phase sees the run's own phases (locating tools, running hooks, restoring ...),
	// each as it begins; it returns the function called when the phase ends. Nil: none.
	Phase PhaseFunc
}

// PhaseFunc is told that one of a run's own phases begins, and returns the function to
// call when it ends (a trace's slices: internal/trace).
type PhaseFunc func(name string) (end func())

// begin starts the phase name, for a nil p too.
func (p PhaseFunc) begin(name string) (end func()) {
	if p == nil {
		return func() {}
	}
	return p(name)
}

// Engine runs the jobs of one run.
type Engine struct {
	opt     Options
	stageOK bool // stage_fixed may stage (not in `git commit <paths>`: see partialCommit)
	cmds    command.Runner
	inproc  hooks.InProcess
	track   func(pgid int) (done func())
	// interrupted: ctx was cancelled before the run decided how to end, which it did
	// (decided) once every job had ended (Run sets both).
	interrupted, decided bool
	logMu                sync.Mutex // log_file appends
	// dirty, when the run hid nothing, holds the files whose work tree differed from the
	// index before it; nil when every unstaged change was hidden (see mayStage).
	dirty  map[string]bool
	heldMu sync.Mutex
	unsafe []string     // stage_fixed fixes mayStage refused, for toStage to name
	cache  *resultCache // nil: no result cache in this run
	// tree is what the index says of the work tree before the jobs run (one git call,
	// shared by the result cache and check mode's snapshot; see treeIDs).
	tree *gitrepo.TreeIDs
	// staging holds, for the jobs whose hooks may stage in a pre-commit config, what
	// differed from the index around them (hookstaging.go).
	stagingMu sync.Mutex
	staging   map[jobKey]unstagedAround
	// change is the run's change line by line when a job holds the line (newonly.go),
	// base the commit it starts from ("" for none, or several), changeID what the result
	// cache keys it by.
	change         *newonly.Change
	base, changeID string
}

// New returns an engine for opt.
func New(opt Options) *Engine {
	if opt.Tools == nil {
		opt.Tools = runners.NewTools(opt.Repo.Root, nil, nil)
	}
	if opt.Warn == nil {
		opt.Warn = func(string, ...any) {}
	}
	e := &Engine{
		opt:     opt,
		stageOK: !partialCommit(opt.Repo),
		cmds:    command.Runner{Root: opt.Repo.Root},
		staging: map[jobKey]unstagedAround{},
	}
	e.inproc = hooks.InProcess{Root: opt.Repo.Root, Env: e.env, GitDir: e.gitDir} // the variables a process would get
	return e
}

// Observe sets the functions that see each job start and finish (either may be nil);
// they replace Options.OnStart and OnFinish, for a caller whose view needs the jobs
// before it exists.
func (e *Engine) Observe(start func(hooks.Job), finish func(hooks.Result)) {
	e.opt.OnStart, e.opt.OnFinish = start, finish
}

// locate finds the built-ins' tools before any job starts, and warns, once per hook,
// of a tool whose version is not the one the hook expects.
func (e *Engine) locate(ctx context.Context, jobs []hooks.Job) error {
	end := e.opt.Phase.begin("locating tools")
	defer end()
	if err := e.opt.Tools.Locate(ctx, jobs, e.opt.Mode, e.opt.Env); err != nil {
		return err
	}
	if err := e.readChange(ctx, jobs); err != nil { // what --new-only needs of git, too
		return err
	}
	for _, m := range e.opt.Tools.VersionMismatches(jobs) {
		e.opt.Warn("%s", m)
	}
	return nil
}

// Run runs the jobs between hiding and restoring: stash is the hidden unstaged work (nil
// when nothing was hidden), put back whatever happens. It returns every job's result, in
// job order, and the run's verdict.
func (e *Engine) Run(ctx context.Context, jobs []hooks.Job, stash *gitrepo.Stash) ([]hooks.Result, Verdict) {
	repo, warn := e.opt.Repo, e.opt.Warn
	if len(jobs) == 0 {
		return nil, e.restore(ctx, stash, nil)
	}
	if lerr := e.locate(ctx, jobs); lerr != nil {
		results := e.notRun(jobs, lerr)
		return results, max(Environment, e.restore(ctx, stash, nil))
	}
	if e.opt.OutputDir != "" {
		// Output files are kept for the user to read after a run, for a day.
		_, _ = proc.PruneSpills(e.opt.OutputDir, 24*time.Hour) // a file left over costs only disk
	}
	if e.opt.PidsDir != "" {
		if tracker, err := proc.NewTracker(e.opt.PidsDir); err == nil {
			e.track = tracker.Add
			defer func() { _ = tracker.Close() }() // a leftover record only costs a no-op kill later
		}
	}
	watch := watchTree(jobs, e.opt.Mode, e.opt.PreCommit)
	var dirty []string
	if stash == nil && (watch || e.stagesFixes(jobs)) {
		var err error
		stageFixed := slices.ContainsFunc(jobs, func(j hooks.Job) bool { return j.Hook.StageFixed })
		if dirty, err = e.before(ctx, stageFixed); err != nil {
			warn("%v", err)
			return nil, Environment
		}
	}
	check, err := e.watchCheck(ctx, jobs)
	if err != nil {
		warn("%v", err)
		return nil, max(Environment, e.restore(ctx, stash, nil))
	}
	defer check.close()
	// After before and watchCheck: a listing of the tree either took serves it too
	// (hashedTree).
	rc := e.openCache(ctx, jobs, stash)
	e.cache = rc
	defer rc.close()
	results, stage, verdict := e.guarded(ctx, jobs, stash, check)
	if verdict != OK {
		return results, verdict
	}
	if watch {
		extra, v := e.strays(ctx, results, dirty, stash)
		stage = append(stage, extra...)
		verdict = max(verdict, v)
	}
	e.cache.record(results)
	// Decided once, here: a Ctrl-C from now on finishes the run as it was going to end.
	e.interrupted, e.decided = ctx.Err() != nil, true
	stage = e.unlessInterrupted(stage, stash)
	stage, v := stageable(ctx, repo, stage, warn)
	verdict = max(verdict, v)
	if stash != nil {
		verdict = max(verdict, e.restore(ctx, stash, stage))
	} else if len(stage) > 0 {
		end := e.opt.Phase.begin("staging fixes")
		verdict = max(verdict, stageFiles(ctx, repo, stage, warn))
		end()
	}
	return results, verdict
}

// strays looks for changes no hook may make (strayChanges), as a phase; when it finds
// any, no pass of the run is recorded in the result cache: a change no result explains
// may have been read by any of them.
func (e *Engine) strays(ctx context.Context, results []hooks.Result, dirty []string, stash *gitrepo.Stash) ([]string, Verdict) {
	defer e.opt.Phase.begin("looking for changes no hook may make")()
	extra, v := strayChanges(ctx, e.opt.Repo, results, dirty, stash.Hidden(), e.opt.Mode, e.opt.Warn)
	if len(extra) > 0 || v != OK {
		e.cache = nil
	}
	return extra, v
}

// restore puts the hidden work back, staging fixes first (FinishStash), as a phase.
func (e *Engine) restore(ctx context.Context, stash *gitrepo.Stash, stage []string) Verdict {
	if stash == nil {
		return OK
	}
	defer e.opt.Phase.begin("restoring unstaged changes")()
	if e.interrupted {
		return e.abort(ctx, stash)
	}
	return FinishStash(ctx, e.opt.Repo, stash, stage, e.opt.Warn)
}

// errInterrupted is why an interrupted run rolls back what its hooks did.
var errInterrupted = errors.New("interrupted: every hook edit was rolled back")

// abort ends an interrupted run as if it had never started: the hooks' edits are rolled
// back (what they left is saved under rescued/, and the message says where), the user's
// unstaged changes come back, and nothing is staged.
func (e *Engine) abort(ctx context.Context, stash *gitrepo.Stash) Verdict {
	err := stash.Abort(ctx, errInterrupted)
	if damaged := new(gitrepo.BackupError); errors.As(err, &damaged) {
		e.opt.Warn("restore unstaged changes: %v", err)
		return Environment
	}
	if err.Error() != errInterrupted.Error() { // something was saved, or could not be
		e.opt.Warn("%v", err)
	}
	if n := len(stash.Hidden()); n > 0 {
		e.opt.Warn("restored unstaged changes in %d %s", n, plural(n, "file", "files"))
	}
	return Failed
}

// treeIDs lists, once per run and before any job runs, the index's content ids, the
// tracked files that differ from them and the untracked ones (gitrepo.ContentIDs).
func (e *Engine) treeIDs(ctx context.Context) (*gitrepo.TreeIDs, error) {
	if e.tree == nil {
		list := e.opt.ContentIDs
		if list == nil {
			list = func() (gitrepo.TreeIDs, error) { return e.opt.Repo.ContentIDs(ctx) }
		}
		ids, err := list()
		if err != nil {
			return nil, err
		}
		e.tree = &ids
	}
	return e.tree, nil
}

// Interrupted reports whether a cancellation of the run counts: it came before the run
// decided how to end (what to stage, how to restore), and nothing the hooks did was
// kept, or the run never got that far. A cancellation after that point let the run end
// as it would have, and the caller reports it as such.
func (e *Engine) Interrupted() bool { return e.interrupted || !e.decided }

// before lists, in a run that hides nothing, the files that differ from the index
// (unstagedBefore) and, when a hook has stage_fixed (stages), the tree's content ids, which
// tell mayStage which fixed files were tracked: both taken before any job can change the
// work tree or the index.
func (e *Engine) before(ctx context.Context, stages bool) ([]string, error) {
	dirty, err := e.unstagedBefore(ctx)
	if err != nil || !stages {
		if err != nil {
			err = fmt.Errorf("list unstaged files: %w", err)
		}
		return dirty, err
	}
	if _, err := e.treeIDs(ctx); err != nil {
		return nil, fmt.Errorf("list tracked files: %w", err)
	}
	return dirty, nil
}

// unstagedBefore lists the files whose work tree differs from the index before a run
// that hides nothing, and keeps them for mayStage.
func (e *Engine) unstagedBefore(ctx context.Context) ([]string, error) {
	dirty, err := e.opt.Repo.Unstaged(ctx)
	if err != nil {
		return nil, err
	}
	e.dirty = make(map[string]bool, len(dirty))
	for _, f := range dirty {
		e.dirty[f] = true
	}
	return dirty, nil
}

// unlessInterrupted returns the fixes to stage, none when the run was interrupted before
// it decided how to end (e.interrupted, the one decision restore follows too): without
// hidden work the fixes stay in the work tree for review; with it, abort rolls them back.
func (e *Engine) unlessInterrupted(stage []string, stash *gitrepo.Stash) []string {
	if !e.interrupted || len(stage) == 0 {
		return stage
	}
	if stash == nil { // with hidden work, abort rolls the fixes back and says where they went
		e.opt.Warn("not staged, for you to review: %s (the run was interrupted)", strings.Join(stage, ", "))
	}
	return nil
}

// guarded runs the jobs and tallies them, and in the pre-commit stage, where the index is
// what will be committed, makes sure no hook changed it: then nothing the hooks did stays
// (no fix is merged into the user's unstaged work, nothing is staged over the staged
// versions) and the verdict is Failed. It returns the fixes to stage.
//
// In check mode (check non-nil) every change a hook made is put back and blamed on it
// (checkWatch): the verdict is then Failed, and nothing is staged or merged.
func (e *Engine) guarded(ctx context.Context, jobs []hooks.Job, stash *gitrepo.Stash, check *checkWatch) ([]hooks.Result, []string, Verdict) {
	repo, warn := e.opt.Repo, e.opt.Warn
	var guard *gitrepo.IndexGuard
	var work map[string]bool // what no hook may stage, in a pre-commit config (hookstaging.go)
	if e.opt.Stage == hooks.PreCommit {
		var err error
		if guard, err = repo.GuardIndex(); err == nil {
			work, err = e.userWork(ctx, stash)
		}
		if err != nil {
			warn("%v", err)
			return nil, nil, max(Environment, e.restore(ctx, stash, nil))
		}
	}
	end := e.opt.Phase.begin("running hooks")
	results, v := e.schedule(ctx, jobs, check)
	end()
	stage := e.toStage(results)
	if guard != nil {
		if err := e.checkIndex(context.WithoutCancel(ctx), guard, work); err != nil {
			warn("%v", err)
			if len(stash.Hidden()) > 0 {
				warn("%v", stash.Abort(ctx, errors.New("every hook edit was rolled back and your unstaged changes restored")))
			}
			return results, nil, Failed
		}
	}
	if v != OK {
		return results, nil, max(v, e.restore(ctx, stash, nil))
	}
	return results, stage, OK
}

// schedule runs the jobs, in parallel as their files allow, or one hook after another
// with fail-fast, and reports each result as it ends; in check mode (check non-nil) a
// result whose changes are in doubt is reported once the run has named their culprit.
func (e *Engine) schedule(ctx context.Context, jobs []hooks.Job, check *checkWatch) ([]hooks.Result, Verdict) {
	report := func(r *hooks.Result) {
		e.applyFixPolicy(r)
		if e.opt.OnFinish != nil {
			e.opt.OnFinish(*r)
		}
	}
	exec := e.exec
	opt := sched.Options{
		Jobs:     e.opt.Jobs,
		FailFast: e.opt.FailFast,
		Root:     e.opt.Repo.Root,
		OnStart:  e.opt.OnStart,
		OnFinish: report,
	}
	if check != nil {
		exec = check.exec(exec)
		opt.OnFinish = func(r *hooks.Result) {
			if !check.hold(r) {
				report(r)
			}
		}
	}
	hits := e.cache.upFront(jobs)
	rest := jobs
	if len(hits) > 0 {
		rest = make([]hooks.Job, 0, len(jobs)-len(hits))
		for i, j := range jobs {
			if r, ok := hits[i]; ok {
				e.reportHit(r, report)
			} else {
				rest = append(rest, j)
			}
		}
	}
	if e.opt.Mode == hooks.Fix && sharesReads(rest) {
		ctx = hooks.WithFileCacheFor(ctx, mostFiles(rest))
		defer e.warm(ctx, rest)()
	}
	var plan sched.Plan // one plan is built: each costs a pass over every job's files
	switch {
	case opt.FailFast || slices.ContainsFunc(rest, func(j hooks.Job) bool { return j.Hook.FailFast }):
		// A hook that ran beside an earlier one that fails would already have done its
		// work (a fixer its edits): fail-fast runs hooks one after another, in config order.
		plan = sched.NewSequentialPlan(rest)
	case e.opt.PreCommit:
		// pre-commit runs hooks one after another, each seeing what the earlier ones left:
		// a check listed before a fixer of its files sees them unfixed.
		plan = sched.NewOrderedPlan(rest)
	default:
		plan = sched.NewPlan(rest)
	}
	results := withHits(jobs, hits, sched.Run(ctx, plan, exec, opt))
	if check == nil {
		return results, OK
	}
	return results, check.finish(ctx, results, report)
}

// reportHit reports a job the cache answered before the run, as the scheduler reports
// the jobs it runs.
func (e *Engine) reportHit(r hooks.Result, report func(*hooks.Result)) {
	if e.opt.OnStart != nil {
		e.opt.OnStart(r.Job)
	}
	report(&r)
}

// withHits merges the cache's hits (by job index) with the results of the other jobs,
// in order, into one result per job.
func withHits(jobs []hooks.Job, hits map[int]hooks.Result, ran []hooks.Result) []hooks.Result {
	if len(hits) == 0 {
		return ran
	}
	out := make([]hooks.Result, len(jobs))
	for i := range jobs {
		if r, ok := hits[i]; ok {
			out[i] = r
			continue
		}
		out[i], ran = ran[0], ran[1:]
	}
	return out
}

// toStage tallies the results and returns the fixes to stage, saying which fixes are
// left for review instead, and why.
func (e *Engine) toStage(results []hooks.Result) []string {
	stage, held := e.tally(results)
	if !e.stageOK && slices.ContainsFunc(results, func(r hooks.Result) bool {
		return r.Job.Hook.StageFixed && r.Status == hooks.Modified
	}) {
		e.opt.Warn("stage_fixed does not stage with `git commit <paths>`: git commits from a temporary index " +
			"and would leave the unfixed version in yours; review the fixes, git add them and commit again")
	}
	if len(held) > 0 {
		e.opt.Warn("not staged, for you to review: %s (fixed by a stage_fixed hook and by one without)", strings.Join(held, ", "))
	}
	if unsafe := slices.Compact(slices.Sorted(slices.Values(e.unsafe))); len(unsafe) > 0 {
		e.opt.Warn("not staged, for you to review: %s (it had unstaged changes of yours or was not tracked, "+
			"and nothing was hidden: staging it would stage all of it)", strings.Join(unsafe, ", "))
	}
	return stage
}

// notRun reports why no job ran when a tool could not be found (err), and gives every
// job a result, so that reports say it too.
func (e *Engine) notRun(jobs []hooks.Job, err error) []hooks.Result {
	if n := e.opt.Tools.Missing(); n > 0 {
		// Each hook's result names its missing tool and how to install it.
		e.opt.Warn("nothing ran: %s not installed", plural(n, "a tool is", fmt.Sprintf("%d tools are", n)))
	} else {
		e.opt.Warn("%v", err)
	}
	results := make([]hooks.Result, len(jobs))
	for i, j := range jobs {
		r := hooks.Result{Job: j, Status: hooks.Cancelled, Err: errors.New("not run: a tool is missing")}
		if merr := e.opt.Tools.MissingFor(j); merr != nil {
			r.Status, r.Err = hooks.Failed, merr
		}
		results[i] = r
		if e.opt.OnFinish != nil {
			e.opt.OnFinish(r)
		}
	}
	return results
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// warm starts, in the background, the Warm of each hook of jobs that has one (the git
// questions of the native pre-commit-hooks, asked while the hooks before them run), and
// returns what waits for them all.
func (e *Engine) warm(ctx context.Context, jobs []hooks.Job) (wait func()) {
	var wg sync.WaitGroup
	seen := map[*hooks.Hook]bool{}
	for _, j := range jobs {
		if h := j.Hook; h.Warm != nil && !seen[h] {
			seen[h] = true
			wg.Go(func() { e.inproc.Warm(ctx, h) })
		}
	}
	return wg.Wait
}

// sharesReads reports whether the in-process hooks of a fix-mode run may share what they
// read (hooks.WithFileCache): nothing changes a file behind the cache's back
// (knownWrites), and more than one job reads.
// mostFiles is the most files any of jobs takes: about how many a FileCache of a run of
// them holds (the jobs of one hook split its files; several hooks take the same ones).
func mostFiles(jobs []hooks.Job) int {
	n := 0
	for _, j := range jobs {
		n = max(n, len(j.Files))
	}
	return n
}

func sharesReads(jobs []hooks.Job) bool {
	return len(jobs) > 1 && knownWrites(jobs)
}

// knownWrites reports whether the files a fix-mode run of jobs changes are exactly those
// its results name (Result.Modified): every job runs in-process (hookrun's own code:
// those that do not fix never write), and every writer among them takes files and
// reports the files it writes (hooks.Hook.ReportsWrites), so the scheduler sets Modified
// from its report.
func knownWrites(jobs []hooks.Job) bool {
	for _, j := range jobs {
		if j.Hook.Builtin == nil || j.Writes && (!j.Hook.ReportsWrites || !j.Hook.PassFiles) {
			return false
		}
	}
	return true
}
