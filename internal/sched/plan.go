package sched

import (
	"slices"

	"github.com/hookrun/hookrun/hooks"
)

// Plan is the order a run's jobs start in and what each must wait for. Build it with
// NewPlan; it is read-only afterwards, so one Plan may serve several runs.
type Plan struct {
	jobs  []hooks.Job // in plan order: writers in config order, then readers
	input []int       // plan position -> index in the slice given to NewPlan
	deps  [][]int     // plan position -> earlier plan positions it waits for, ascending
	next  [][]int     // plan position -> later plan positions waiting for it, ascending
	// watch is, for a job that only reads, the writers it runs beside rather than waits
	// for: a change one of them makes to its files while or after it runs sends it to run
	// again. watchers is the reverse. Both ascending; empty in a sequential plan.
	watch    [][]int
	watchers [][]int
}

// NewPlan orders jobs (given in config order, batches of one hook adjacent) for Run.
// Jobs that may write files (Job.Writes) come first in config order, then the others in
// config order, so fixers on a file start before checks of it and every run behaves the
// same. A job whose hook takes no files (PassFiles false) counts as touching every file:
// a fixer among them may rewrite anything.
//
// What may overlap, and why it is safe:
//   - Two writers of one file never run at once: the later waits for the earlier (Deps),
//     so a fixer's edits never interleave with another's and each sees the other's result.
//   - A writer that takes no files runs alone: it waits for every writer before it, and
//     every job after it waits for it.
//   - A check (a job that does not write) waits for no writer that takes files: it starts
//     at once, beside the fixers of its files, optimistically. It watches them (Watch)
//     instead: Run reruns it after any of them that changes one of its files (any file,
//     for a check that takes no files, such as mypy or go vet) after the check started,
//     and discards the earlier result. A check's final result is therefore always that
//     of a run which started after the last change any fixer made to its files: the
//     result of the serial order, at the cost of a rerun only when a fixer did change
//     something. Checks never write, so checks overlap each other freely.
func NewPlan(jobs []hooks.Job) Plan {
	p := Plan{input: make([]int, 0, len(jobs))}
	for _, writers := range []bool{true, false} {
		for i, j := range jobs {
			if j.Writes == writers {
				p.input = append(p.input, i)
				p.jobs = append(p.jobs, j)
			}
		}
	}
	p.deps, p.watch = newConflicts(len(jobs)).edges(p.jobs)
	p.next = reverse(p.deps)
	p.watchers = reverse(p.watch)
	return p
}

// reverse turns edges pointing backwards (position -> earlier positions, ascending) into
// edges pointing forwards, ascending too.
func reverse(edges [][]int) [][]int {
	out := make([][]int, len(edges))
	for pos, ds := range edges {
		for _, d := range ds {
			out[d] = append(out[d], pos)
		}
	}
	return out
}

// NewSequentialPlan orders jobs (given in config order, batches of one hook adjacent) to
// run hook after hook, in config order: each hook's jobs wait for every job of the hook
// before it, and a hook's batches may run side by side. This is what fail-fast needs: a
// hook never runs beside, or before, an earlier hook whose failure must stop it, as
// pre-commit runs its hooks.
func NewSequentialPlan(jobs []hooks.Job) Plan {
	p := Plan{input: make([]int, len(jobs)), jobs: slices.Clone(jobs)}
	p.deps = make([][]int, len(jobs))
	p.next = make([][]int, len(jobs))
	p.watch = make([][]int, len(jobs))
	p.watchers = make([][]int, len(jobs))
	prevStart, start := -1, 0
	for i := range jobs {
		p.input[i] = i
		if i > 0 && jobs[i].Hook != jobs[i-1].Hook {
			prevStart, start = start, i
		}
		if prevStart < 0 {
			continue
		}
		for d := prevStart; d < start; d++ {
			p.deps[i] = append(p.deps[i], d)
			p.next[d] = append(p.next[d], i)
		}
	}
	return p
}

// Len returns the number of jobs in the plan.
func (p Plan) Len() int { return len(p.jobs) }

// Jobs returns the jobs in plan order: the order Run prefers when several may start.
func (p Plan) Jobs() []hooks.Job { return slices.Clone(p.jobs) }

// Deps returns the plan positions (indexes into Jobs) of the jobs that must finish before
// the job at plan position i starts, ascending.
func (p Plan) Deps(i int) []int { return slices.Clone(p.deps[i]) }

// Watch returns the plan positions of the writers that the job at plan position i (a
// check) runs beside rather than waits for: a change one of them makes to the files the
// check reads, once the check has started, makes Run run the check again. Ascending.
func (p Plan) Watch(i int) []int { return slices.Clone(p.watch[i]) }

// conflicts finds, for jobs taken in plan order, the earlier jobs each must wait for and
// the writers each check watches. Because every writer precedes every reader in plan
// order, no writer ever follows a reader, so a writer only needs an edge to the latest
// writer of each of its files: earlier writers of the file are behind that one already.
// This keeps planning linear in the number of (job, file) pairs instead of quadratic in
// jobs. A check watches every writer of its files since the barrier, since any of them
// may change what it read; that costs one entry per (check, writer) pair that share a
// file.
type conflicts struct {
	lastWriter map[string]int   // file -> plan position of its latest writer
	fileWriter map[string][]int // file -> writers of it since the barrier, ascending
	// barrier is the latest writer of every file (a fixer that takes no files), or -1;
	// writers is every writer since it. Everything later waits for the barrier, so
	// entries older than it in lastWriter are ignored.
	barrier int
	writers []int
	seen    []int // plan position -> 1 + the job that last added an edge to it
}

func newConflicts(n int) *conflicts {
	return &conflicts{
		lastWriter: make(map[string]int), fileWriter: make(map[string][]int),
		barrier: -1, seen: make([]int, n),
	}
}

// edges returns, per plan position, the jobs it waits for (deps) and, for a check, the
// writers it watches.
func (c *conflicts) edges(jobs []hooks.Job) (deps, watch [][]int) {
	deps, watch = make([][]int, len(jobs)), make([][]int, len(jobs))
	for pos, j := range jobs {
		var ds []int
		add := func(d int) {
			if d >= 0 && c.seen[d] != pos+1 {
				c.seen[d] = pos + 1
				ds = append(ds, d)
			}
		}
		add(c.barrier)
		deps[pos] = ds
		// Everything waits for the barrier; past it, a writer waits for the writers of
		// its files, a check only watches them.
		ds = nil
		switch {
		case !j.Hook.PassFiles: // touches every file: every writer so far
			for _, w := range c.writers {
				add(w)
			}
		case j.Writes:
			for _, f := range j.Files {
				if w, ok := c.lastWriter[f]; ok && w > c.barrier {
					add(w)
				}
			}
		default:
			for _, f := range j.Files {
				for _, w := range c.fileWriter[f] {
					add(w)
				}
			}
		}
		slices.Sort(ds)
		if j.Writes {
			deps[pos] = slices.Compact(append(deps[pos], ds...))
		} else {
			watch[pos] = ds
		}
		c.record(pos, j)
	}
	return deps, watch
}

// record makes the job at pos the latest writer of its files, if it writes.
func (c *conflicts) record(pos int, j hooks.Job) {
	switch {
	case !j.Writes:
	case !j.Hook.PassFiles:
		c.barrier, c.writers = pos, nil
		clear(c.fileWriter)
	default:
		c.writers = append(c.writers, pos)
		for _, f := range j.Files {
			c.lastWriter[f] = pos
			c.fileWriter[f] = append(c.fileWriter[f], pos)
		}
	}
}
