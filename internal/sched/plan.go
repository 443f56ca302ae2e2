package sched

import (
	"slices"

	"github.com/hookrun/hookrun/hooks"
)

// Plan is the order a run's jobs start in and what each must wait for. Build it with
// NewPlan; it is read-only afterwards, so one Plan may serve several runs.
type Plan struct {
	jobs  []hooks.Job // in plan order: writers in config order, then readers (NewPlan)
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

// NewOrderedPlan orders jobs (given in config order, batches of one hook adjacent) the
// way a .pre-commit-config.yaml orders its hooks: pre-commit runs them one after another,
// each seeing the files as the hooks before it left them, so a check listed before a
// fixer of its files must see them unfixed, and one listed after must see them fixed.
// Jobs keep config order, and of two jobs that share a file and of which at least one
// writes, the later waits for the earlier (Deps); nothing is watched or run again.
//
// What may still overlap, and why that is the serial result: two jobs that share no
// file, since neither can see what the other does; and two checks of one file, since
// neither changes it. A writer that takes no files, or that may change git's index
// (Hook.WritesIndex: a hook running `git add -u` stages whatever is modified at that
// moment, another hook's half-done edit included, and takes the index lock), runs alone:
// it waits for every job before it and every job after it waits for it. A check that
// takes no files waits for every writer before it, and every writer after it waits for it.
func NewOrderedPlan(jobs []hooks.Job) Plan {
	p := Plan{input: make([]int, len(jobs)), jobs: slices.Clone(jobs)}
	for i := range jobs {
		p.input[i] = i
	}
	most := 0
	for _, j := range jobs {
		most = max(most, len(j.Files))
	}
	p.deps = newOrder(len(jobs), most).edges(p.jobs)
	p.watch = make([][]int, len(jobs))
	p.next = reverse(p.deps)
	p.watchers = reverse(p.watch)
	return p
}

// order finds, for jobs in config order, the earlier jobs each must wait for under
// NewOrderedPlan. Per file it keeps the latest writer and the readers since it, so a job
// gets an edge to the latest conflicting job of each of its files only (earlier ones are
// behind that one already): linear in (job, file) pairs, plus one edge per job since the
// barrier for each job that runs alone.
type order struct {
	barrier    int              // the latest job that runs alone, or -1
	since      []int            // every job since the barrier
	lastWriter map[string]int   // file -> its latest writer since the barrier
	readers    map[string][]int // file -> its readers since its latest writer
	writers    []int            // writers that take files, since the barrier
	allReaders []int            // readers that take no files, since the barrier
	seen       []int            // plan position -> 1 + the job that last added an edge to it
}

// newOrder returns an order for n jobs, its maps sized for files, the most any job takes.
func newOrder(n, files int) *order {
	return &order{barrier: -1, lastWriter: make(map[string]int, files), readers: make(map[string][]int, files), seen: make([]int, n)}
}

func (o *order) edges(jobs []hooks.Job) [][]int {
	deps := make([][]int, len(jobs))
	// Only a writer looks for the readers before it: those after the last writer need
	// not be kept (a dozen checks of every file after the fixers, in a pre-commit config).
	lastWriter := -1
	for pos, j := range jobs {
		if j.Writes {
			lastWriter = pos
		}
	}
	for pos, j := range jobs {
		var ds []int
		add := func(d ...int) {
			for _, d := range d {
				if d >= 0 && o.seen[d] != pos+1 {
					o.seen[d] = pos + 1
					ds = append(ds, d)
				}
			}
		}
		add(o.barrier)
		switch {
		case runsAlone(j):
			add(o.since...)
		case j.Writes:
			for _, f := range j.Files {
				if w, ok := o.lastWriter[f]; ok {
					add(w)
				}
				add(o.readers[f]...)
			}
			add(o.allReaders...)
		case !j.Hook.PassFiles:
			add(o.writers...)
		default:
			for _, f := range j.Files {
				if w, ok := o.lastWriter[f]; ok {
					add(w)
				}
			}
		}
		slices.Sort(ds)
		deps[pos] = ds
		if pos <= lastWriter {
			o.record(pos, j)
		}
	}
	return deps
}

// runsAlone says whether j runs alone in an ordered plan: a writer that takes no files
// or that may change git's index waits for every job before it, and every job after it
// waits for it.
func runsAlone(j hooks.Job) bool {
	return j.Writes && (!j.Hook.PassFiles || j.Hook.WritesIndex)
}

// record adds the job at pos to what later jobs may conflict with.
func (o *order) record(pos int, j hooks.Job) {
	switch {
	case runsAlone(j):
		o.barrier, o.since, o.writers, o.allReaders = pos, nil, nil, nil
		clear(o.lastWriter)
		clear(o.readers)
		return
	case j.Writes:
		for _, f := range j.Files {
			o.lastWriter[f] = pos
			delete(o.readers, f)
		}
		o.writers = append(o.writers, pos)
	case !j.Hook.PassFiles:
		o.allReaders = append(o.allReaders, pos)
	default:
		for _, f := range j.Files {
			o.readers[f] = append(o.readers[f], pos)
		}
	}
	o.since = append(o.since, pos)
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
