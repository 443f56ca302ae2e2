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
}

// NewPlan orders jobs (given in config order, batches of one hook adjacent) for Run.
// Jobs that may write files (Job.Writes) come first in config order, then the others in
// config order, so fixers on a file run before checks of it and every run behaves the
// same. A job waits for an earlier job when their files intersect and at least one of
// them writes. A job whose hook takes no files (PassFiles false) counts as touching every
// file: a fixer among them may rewrite anything.
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
	p.deps = newConflicts(len(jobs)).edges(p.jobs)
	p.next = make([][]int, len(jobs))
	for pos, ds := range p.deps {
		for _, d := range ds {
			p.next[d] = append(p.next[d], pos)
		}
	}
	return p
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

// conflicts finds, for jobs taken in plan order, the earlier jobs each must wait for.
// Because every writer precedes every reader in plan order, no writer ever follows a
// reader, so a job only needs an edge to the latest writer of each of its files: earlier
// writers of the file are behind that one already. This keeps planning linear in the
// number of (job, file) pairs instead of quadratic in jobs.
type conflicts struct {
	lastWriter map[string]int // file -> plan position of its latest writer
	// barrier is the latest writer of every file (a fixer that takes no files), or -1;
	// writers is every writer since it. Everything later waits for the barrier, so
	// entries older than it in lastWriter are ignored.
	barrier int
	writers []int
	seen    []int // plan position -> 1 + the job that last added an edge to it
}

func newConflicts(n int) *conflicts {
	return &conflicts{lastWriter: make(map[string]int), barrier: -1, seen: make([]int, n)}
}

func (c *conflicts) edges(jobs []hooks.Job) [][]int {
	deps := make([][]int, len(jobs))
	for pos, j := range jobs {
		var ds []int
		add := func(d int) {
			if d >= 0 && c.seen[d] != pos+1 {
				c.seen[d] = pos + 1
				ds = append(ds, d)
			}
		}
		add(c.barrier)
		if !j.Hook.PassFiles { // touches every file: wait for every writer so far
			for _, w := range c.writers {
				add(w)
			}
		} else {
			for _, f := range j.Files {
				if w, ok := c.lastWriter[f]; ok && w > c.barrier {
					add(w)
				}
			}
		}
		c.record(pos, j)
		slices.Sort(ds)
		deps[pos] = ds
	}
	return deps
}

// record makes the job at pos the latest writer of its files, if it writes.
func (c *conflicts) record(pos int, j hooks.Job) {
	switch {
	case !j.Writes:
	case !j.Hook.PassFiles:
		c.barrier, c.writers = pos, nil
	default:
		c.writers = append(c.writers, pos)
		for _, f := range j.Files {
			c.lastWriter[f] = pos
		}
	}
}
