// Package sched runs a hook run's jobs: in which order, how many at once, and which must
// wait for which so that fixers never race each other, and which checks must run again
// because a fixer changed their files while or after they ran. It also finds the files
// each fixer changed. It starts no processes itself: the caller's Exec does.
//
// What may overlap (NewPlan says why it is safe): checks with anything; a fixer with
// checks and with fixers of other files; never two writers of one file, nor a writer
// that takes no files with anything. A check that ran beside a fixer of its files, or
// before it, is run again once that fixer has changed them, so every check's final
// result is of the files as the fixers left them: the results are those of running the
// fixers first and the checks after, whatever the timing. A plan from NewOrderedPlan
// (pre-commit configs) keeps config order instead: every conflicting pair runs in the
// order listed, and nothing runs again.
package sched

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// Exec runs one job to completion and returns its result; the caller supplies it (it
// builds the command line and calls proc.Run). It must return soon after ctx is
// cancelled, and it decides the status of a job it ran, Cancelled included.
type Exec func(ctx context.Context, j hooks.Job) hooks.Result

// Options tune Run.
type Options struct {
	// Jobs is the most jobs running at once; <= 0 means runtime.GOMAXPROCS(0).
	Jobs int
	// FailFast stops Run from starting jobs after one ends Failed or Modified (a job whose
	// hook has FailFast set does the same alone). Jobs already running finish rather than
	// being cancelled: they may be fixers, and a fixer killed halfway leaves a file
	// half-written. Jobs not started end Skipped with an error wrapping ErrFailFast.
	FailFast bool
	// Root is the repository root that job files are relative to, for hashing the files
	// of writer jobs.
	Root string
	// OnStart, when set, is called from the goroutine about to run j, the first time it
	// runs, and OnFinish once with its final result; both only for jobs that run, so
	// calls pair up. OnFinish is called from the job's goroutine for a writer, and from
	// Run's own goroutine for a check, whose result is final only once no fixer it
	// watches can change its files any more (a check run again is not started again for
	// OnStart, and its discarded results are never seen). They are called concurrently
	// for different jobs. OnFinish may settle the result (the caller's policy: a fixer
	// that changed files fails) before Run records it and applies fail-fast, so the
	// policy is applied once, where the job ends.
	OnStart  func(j hooks.Job)
	OnFinish func(r *hooks.Result)
}

// ErrFailFast is wrapped by the Err of jobs that fail-fast kept from starting.
var ErrFailFast = errors.New("skipped by fail-fast")

// Run runs the plan's jobs through exec and returns one Result per job, in the order of
// the jobs given to NewPlan. A job starts once every job it depends on has finished and
// fewer than opt.Jobs are running; among jobs that may start, the earliest in plan order
// goes first. Jobs of one Serial hook never run at once. Result.Job is always the job
// run, and Started and Duration are filled in when exec leaves them zero.
//
// For a job that writes and takes files, Run hashes its files before and after exec and
// sets Result.Modified to those whose content changed, sorted; the status is left as
// exec returned it, since what a change means is the caller's policy. An in-process hook
// that reports its writes (hooks.Hook.ReportsWrites) is not hashed: Result.Wrote, the
// files it changed, becomes Modified.
//
// A check (Plan.Watch) starts without waiting for the fixers of its files. When one of
// them ends having changed or rewritten (content or modification time) a file the check
// reads, after the check started, the check's result is discarded and it runs again:
// at once if it had ended, when it ends if it is running. A check that takes no files
// runs again when any writer it watches changed anything. Each fixer ends once, so a
// check runs at most once more per fixer it watches, and fixers never run again.
//
// When ctx is cancelled, running jobs see it through exec and jobs not started end
// Cancelled; Run returns once every running exec has returned. A job that depends on a
// Cancelled job is Cancelled without running.
func Run(ctx context.Context, p Plan, exec Exec, opt Options) []hooks.Result {
	if opt.Jobs <= 0 {
		opt.Jobs = runtime.GOMAXPROCS(0)
	}
	s := newScheduler(p, exec, opt)
	s.loop(ctx)
	out := make([]hooks.Result, len(p.jobs))
	for pos, r := range s.results {
		out[p.input[pos]] = r
	}
	return out
}

// jobState is where a job is in its life.
type jobState uint8

const (
	waiting jobState = iota
	running
	done
)

// scheduler is one Run's state. Only the goroutine in loop touches it, except that a
// worker writes results[pos] before sending pos on finished, which orders the write
// before the loop reads it.
type scheduler struct {
	plan     Plan
	exec     Exec
	opt      Options
	results  []hooks.Result // plan order
	state    []jobState
	pending  []int      // plan position -> dependencies not yet done
	blocked  []bool     // plan position -> a dependency was cancelled
	watching []int      // plan position -> watched writers not yet done
	touched  [][]string // plan position of a writer -> files it changed or rewrote
	stale    []bool     // plan position -> running, but a watched writer changed its files
	final    []bool     // plan position -> its result is reported and stands
	started  []bool     // plan position -> OnStart was called
	// voided is, for a running check, the result it ends with instead of its own: a
	// writer it watched was cancelled. Workers own results[pos] while pos runs.
	voided   map[int]hooks.Result
	ready    []int // plan positions that may start, ascending: the start order
	locks    map[string]bool
	running  int
	stop     error // why no new job may start; nil while they may
	finished chan int
	wg       sync.WaitGroup
}

func newScheduler(p Plan, exec Exec, opt Options) *scheduler {
	n := len(p.jobs)
	s := &scheduler{
		plan: p, exec: exec, opt: opt,
		results:  make([]hooks.Result, n),
		state:    make([]jobState, n),
		pending:  make([]int, n),
		blocked:  make([]bool, n),
		watching: make([]int, n),
		touched:  make([][]string, n),
		stale:    make([]bool, n),
		final:    make([]bool, n),
		started:  make([]bool, n),
		voided:   make(map[int]hooks.Result),
		locks:    make(map[string]bool),
		finished: make(chan int, n), // workers never block on it
	}
	for pos, ds := range p.deps {
		s.watching[pos] = len(p.watch[pos])
		s.pending[pos] = len(ds)
		if len(ds) == 0 {
			s.ready = append(s.ready, pos)
		}
	}
	return s
}

// loop starts what may start, waits for a job to finish, and repeats until nothing runs
// and nothing more may start; then it settles the jobs that never ran.
func (s *scheduler) loop(ctx context.Context) {
	cancelled := ctx.Done()
	for {
		// A cancelled context wins over a ready job even when both are pending.
		if ctx.Err() != nil && s.stop == nil {
			s.stop = fmt.Errorf("not started: %w", context.Cause(ctx))
		}
		s.startReady(ctx)
		if s.running == 0 {
			break
		}
		select {
		case pos := <-s.finished:
			s.finish(pos)
		case <-cancelled:
			cancelled = nil // stop selecting on it; the check above records it
		}
	}
	s.wg.Wait()
	s.settle()
}

// startReady starts ready jobs in plan order while slots are free. A job whose Serial
// hook already runs is passed over, not waited for, so it cannot hold up the rest.
func (s *scheduler) startReady(ctx context.Context) {
	for i := 0; i < len(s.ready) && s.running < s.opt.Jobs && s.stop == nil; {
		pos := s.ready[i]
		key, serial := s.serialKey(pos)
		if serial && s.locks[key] {
			i++
			continue
		}
		if serial {
			s.locks[key] = true
		}
		s.ready = slices.Delete(s.ready, i, i+1)
		s.state[pos] = running
		s.running++
		first := !s.started[pos]
		s.started[pos] = true
		s.wg.Go(func() { s.work(ctx, pos, first) })
	}
}

// serialKey names the lock a Serial hook's jobs share: its ID.
func (s *scheduler) serialKey(pos int) (string, bool) {
	h := s.plan.jobs[pos].Hook
	return h.ID, h.Serial
}

// work runs one job on its own goroutine and reports it on s.finished; first says it is
// the job's first run.
func (s *scheduler) work(ctx context.Context, pos int, first bool) {
	j := s.plan.jobs[pos]
	if first && s.opt.OnStart != nil {
		s.opt.OnStart(j)
	}
	// A fixer that takes no files may touch anything; the caller checks the whole tree.
	// An in-process fixer that reports its writes needs no snapshot: it wrote exactly
	// the files whose content it changed (hooks.Hook.ReportsWrites).
	track := j.Writes && j.Hook.PassFiles
	reported := track && reportsWrites(j.Hook)
	var before snapshot
	if track && !reported {
		before = takeSnapshot(s.opt.Root, j.Files)
	}
	start := time.Now()
	r := s.exec(ctx, j)
	if r.Started.IsZero() {
		r.Started, r.Duration = start, time.Since(start)
	}
	r.Job = j
	switch {
	case reported:
		r.Modified = r.Wrote
		s.touched[pos] = r.Wrote
	case track:
		after := before.retake(s.opt.Root)
		r.Modified = before.changed(after)
		s.touched[pos] = before.touched(after)
	}
	if j.Writes && s.opt.OnFinish != nil { // a writer's result is final as it ends
		s.opt.OnFinish(&r)
	}
	s.results[pos] = r
	s.finished <- pos
}

// reportsWrites reports whether h's jobs tell which files they wrote (Result.Wrote)
// rather than leave it to snapshots: in-process hooks with ReportsWrites.
func reportsWrites(h *hooks.Hook) bool {
	return h.ReportsWrites && h.Builtin != nil
}

// finish records a finished job. A writer's result stands: fail-fast is applied, its
// dependents are readied and the checks watching it are told what it changed. A check
// whose files changed while it ran goes back to wait for a slot; otherwise its result
// stands once no writer it watches is left to run.
func (s *scheduler) finish(pos int) {
	s.running--
	if key, serial := s.serialKey(pos); serial {
		delete(s.locks, key)
	}
	switch {
	case s.plan.jobs[pos].Writes:
		s.state[pos] = done
		s.settleResult(pos, false)
		cancelled := s.results[pos].Status == hooks.Cancelled
		for _, c := range s.plan.watchers[pos] {
			s.watching[c]--
			switch {
			case cancelled: // it may have left the check's files half-fixed
				s.cancelCheck(c, pos)
			case s.invalidates(pos, c):
				s.rerun(c)
			case s.state[c] == done && s.watching[c] == 0:
				s.settleResult(c, true)
			}
		}
	case s.stale[pos] && s.blocked[pos]: // a writer it watched was cancelled as it ran
		s.state[pos] = done
		r := s.voided[pos]
		r.Started, r.Duration = s.results[pos].Started, s.results[pos].Duration
		s.results[pos] = r
		s.settleResult(pos, true)
	case s.stale[pos]:
		s.stale[pos] = false
		s.state[pos] = waiting
		s.ready = insertSorted(s.ready, pos)
	default:
		s.state[pos] = done
		if s.watching[pos] == 0 {
			s.settleResult(pos, true)
		}
	}
}

// invalidates reports whether writer w changed a file that check c read, or, when c
// takes no files, anything at all. Only a check that has started can have read them.
func (s *scheduler) invalidates(w, c int) bool {
	if !s.started[c] || len(s.touched[w]) == 0 {
		return false
	}
	cj := s.plan.jobs[c]
	if !cj.Hook.PassFiles {
		return true
	}
	for _, f := range s.touched[w] {
		if _, ok := slices.BinarySearch(cj.Files, f); ok { // job files are sorted
			return true
		}
	}
	return false
}

// rerun discards check c's result: a running check runs again when it ends, an ended
// one goes back to wait for a slot.
func (s *scheduler) rerun(c int) {
	switch s.state[c] {
	case running:
		s.stale[c] = true
	case done:
		s.state[c] = waiting
		s.results[c] = hooks.Result{}
		s.ready = insertSorted(s.ready, c)
	case waiting: // not started since the last change: it will see this one too
	}
}

// cancelCheck ends check c Cancelled because writer w, which it watches, was: w may have
// left c's files half-fixed, so no result of c's is about the files as they should be.
func (s *scheduler) cancelCheck(c, w int) {
	if s.final[c] || s.blocked[c] {
		return
	}
	s.blocked[c] = true
	r := hooks.Result{
		Job: s.plan.jobs[c], Status: hooks.Cancelled,
		Err: fmt.Errorf("not started: %s was cancelled", s.plan.jobs[w].Hook.ID),
	}
	switch {
	case s.state[c] == running: // settled as it ends (finish)
		s.stale[c] = true
		s.voided[c] = r
		return
	case s.state[c] == waiting && s.pending[c] > 0: // settled by resolve when they end
		s.results[c] = r
		return
	}
	if i, ok := slices.BinarySearch(s.ready, c); ok {
		s.ready = slices.Delete(s.ready, i, i+1)
	}
	s.results[c] = r
	if !s.started[c] { // never seen by OnStart: the caller reports it (tally)
		s.resolve(c)
		return
	}
	s.state[c] = done
	s.results[c].Started = time.Now()
	s.settleResult(c, true)
}

// settleResult makes the result at pos final: OnFinish sees a check's (a writer's saw
// it as it ended), fail-fast is applied and the jobs waiting for it are readied.
func (s *scheduler) settleResult(pos int, report bool) {
	s.final[pos] = true
	if report && s.opt.OnFinish != nil {
		s.opt.OnFinish(&s.results[pos])
	}
	r := s.results[pos]
	failed := r.Status == hooks.Failed || r.Status == hooks.Modified
	if failed && s.stop == nil && (s.opt.FailFast || r.Job.Hook.FailFast) {
		s.stop = fmt.Errorf("%w: %s %s", ErrFailFast, r.Job.Hook.ID, r.Status)
	}
	s.resolve(pos)
}

func insertSorted(s []int, v int) []int {
	i, _ := slices.BinarySearch(s, v)
	return slices.Insert(s, i, v)
}

// resolve marks the job at pos done and releases the jobs waiting for it. A job whose
// dependency was cancelled ends Cancelled here, and releases its own dependents in turn.
func (s *scheduler) resolve(pos int) {
	s.state[pos] = done
	cancelled := s.results[pos].Status == hooks.Cancelled
	for _, n := range s.plan.next[pos] {
		s.pending[n]--
		if cancelled && !s.blocked[n] {
			s.blocked[n] = true
			s.results[n] = hooks.Result{
				Job: s.plan.jobs[n], Status: hooks.Cancelled,
				Err: fmt.Errorf("not started: %s was cancelled", s.plan.jobs[pos].Hook.ID),
			}
		}
		if s.pending[n] > 0 {
			continue
		}
		if s.blocked[n] {
			s.resolve(n)
			continue
		}
		s.ready = insertSorted(s.ready, n)
	}
}

// settle gives every job that never ran its result: Skipped when fail-fast stopped the
// run (even if ctx was cancelled afterwards), otherwise Cancelled. A check that ended
// while a writer it watches never ran keeps its result: nothing changed its files. A
// check sent to run again that never did is settled the same way as one never started,
// and reported, since OnStart saw it.
func (s *scheduler) settle() {
	status := hooks.Cancelled
	if errors.Is(s.stop, ErrFailFast) {
		status = hooks.Skipped
	}
	for pos, st := range s.state {
		switch {
		case st == done && !s.final[pos]:
			s.final[pos] = true
			if s.opt.OnFinish != nil {
				s.opt.OnFinish(&s.results[pos])
			}
		case st == waiting && !s.blocked[pos]:
			s.results[pos] = hooks.Result{Job: s.plan.jobs[pos], Status: status, Err: s.stop}
			if s.started[pos] {
				s.results[pos].Err = fmt.Errorf("its files changed after it ran, and it could not run again: %w", s.stop)
				s.results[pos].Started = time.Now()
				if s.opt.OnFinish != nil {
					s.opt.OnFinish(&s.results[pos])
				}
			}
		}
	}
}
