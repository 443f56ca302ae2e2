// Package sched runs a hook run's jobs: in which order, how many at once, and which must
// wait for which so that fixers never race each other or the checks of their files. It
// also finds the files each fixer changed. It starts no processes itself: the caller's
// Exec does.
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
	// OnStart, when set, is called from the goroutine about to run j, and OnFinish from
	// the same goroutine with its result; both only for jobs that run, so calls pair up.
	// They are called concurrently for different jobs. OnFinish may settle the result
	// (the caller's policy: a fixer that changed files fails) before Run records it and
	// applies fail-fast, so the policy is applied once, where the job ends.
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
// exec returned it, since what a change means is the caller's policy.
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
	pending  []int  // plan position -> dependencies not yet done
	blocked  []bool // plan position -> a dependency was cancelled
	ready    []int  // plan positions that may start, ascending: the start order
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
		locks:    make(map[string]bool),
		finished: make(chan int, n), // workers never block on it
	}
	for pos, ds := range p.deps {
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
		s.wg.Go(func() { s.work(ctx, pos) })
	}
}

// serialKey names the lock a Serial hook's jobs share: its ID.
func (s *scheduler) serialKey(pos int) (string, bool) {
	h := s.plan.jobs[pos].Hook
	return h.ID, h.Serial
}

// work runs one job on its own goroutine and reports it on s.finished.
func (s *scheduler) work(ctx context.Context, pos int) {
	j := s.plan.jobs[pos]
	if s.opt.OnStart != nil {
		s.opt.OnStart(j)
	}
	// A fixer that takes no files may touch anything; the caller checks the whole tree.
	track := j.Writes && j.Hook.PassFiles
	var before snapshot
	if track {
		before = takeSnapshot(s.opt.Root, j.Files)
	}
	start := time.Now()
	r := s.exec(ctx, j)
	if r.Started.IsZero() {
		r.Started, r.Duration = start, time.Since(start)
	}
	r.Job = j
	if track {
		r.Modified = before.changed(before.retake(s.opt.Root))
	}
	if s.opt.OnFinish != nil {
		s.opt.OnFinish(&r)
	}
	s.results[pos] = r
	s.finished <- pos
}

// finish records a finished job, applies fail-fast, and readies its dependents.
func (s *scheduler) finish(pos int) {
	s.running--
	if key, serial := s.serialKey(pos); serial {
		delete(s.locks, key)
	}
	r := s.results[pos]
	failed := r.Status == hooks.Failed || r.Status == hooks.Modified
	if failed && s.stop == nil && (s.opt.FailFast || r.Job.Hook.FailFast) {
		s.stop = fmt.Errorf("%w: %s %s", ErrFailFast, r.Job.Hook.ID, r.Status)
	}
	s.resolve(pos)
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
		i, _ := slices.BinarySearch(s.ready, n)
		s.ready = slices.Insert(s.ready, i, n)
	}
}

// settle gives every job that never ran its result: Skipped when fail-fast stopped the
// run (even if ctx was cancelled afterwards), otherwise Cancelled.
func (s *scheduler) settle() {
	status := hooks.Cancelled
	if errors.Is(s.stop, ErrFailFast) {
		status = hooks.Skipped
	}
	for pos, st := range s.state {
		if st == waiting && !s.blocked[pos] {
			s.results[pos] = hooks.Result{Job: s.plan.jobs[pos], Status: status, Err: s.stop}
		}
	}
}
