package sched

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// deps renders a plan's edges as "job: its dependencies" for jobs that have any.
func deps(p Plan) map[string][]string { return edgeNames(p, p.Deps) }

// watches renders what each check watches as "check: the writers", for checks that do.
func watches(p Plan) map[string][]string { return edgeNames(p, p.Watch) }

func edgeNames(p Plan, edges func(int) []int) map[string][]string {
	out := map[string][]string{}
	jobs := p.Jobs()
	for i, j := range jobs {
		for _, d := range edges(i) {
			out[name(j)] = append(out[name(j)], name(jobs[d]))
		}
	}
	return out
}

func TestNewPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		jobs      []hooks.Job // config order
		wantOrder []string
		wantDeps  map[string][]string
		wantWatch map[string][]string
	}{
		{
			"a fixer goes before a check that comes first in config order, which watches it",
			[]hooks.Job{reader("vet", "a.go"), writer("gofmt", "a.go")},
			[]string{"gofmt", "vet"},
			map[string][]string{},
			map[string][]string{"vet": {"gofmt"}},
		},
		{
			"fixers keep config order, then checks keep config order",
			[]hooks.Job{reader("c1", "x"), writer("w1", "y"), reader("c2", "z"), writer("w2", "w")},
			[]string{"w1", "w2", "c1", "c2"},
			map[string][]string{},
			map[string][]string{},
		},
		{
			"two fixers of one file run in config order",
			[]hooks.Job{writer("black", "a.py"), writer("ruff", "a.py", "b.py")},
			[]string{"black", "ruff"},
			map[string][]string{"ruff": {"black"}},
			map[string][]string{},
		},
		{
			"fixers of disjoint files do not wait for each other",
			[]hooks.Job{writer("gofmt", "a.go"), writer("prettier", "a.ts")},
			[]string{"gofmt", "prettier"},
			map[string][]string{},
			map[string][]string{},
		},
		{
			"checks of one file do not wait for each other",
			[]hooks.Job{reader("vet", "a.go"), reader("lint", "a.go")},
			[]string{"vet", "lint"},
			map[string][]string{},
			map[string][]string{},
		},
		{
			"a check waits for no fixer of its file and watches every one",
			[]hooks.Job{writer("w1", "a"), writer("w2", "a"), reader("c", "a")},
			[]string{"w1", "w2", "c"},
			map[string][]string{"w2": {"w1"}},
			map[string][]string{"c": {"w1", "w2"}},
		},
		{
			"a check watches once a fixer it shares several files with",
			[]hooks.Job{writer("w", "a", "b", "c"), reader("r", "a", "b", "c")},
			[]string{"w", "r"},
			map[string][]string{},
			map[string][]string{"r": {"w"}},
		},
		{
			"a check watches no fixer of other files",
			[]hooks.Job{writer("w", "a"), reader("r", "b")},
			[]string{"w", "r"},
			map[string][]string{},
			map[string][]string{},
		},
		{
			"a fixer that takes no files waits for every fixer and everything waits for it",
			[]hooks.Job{writer("w1", "a"), writer("w2", "b"), allWriter("gen"), writer("w3", "c"), reader("r", "a")},
			[]string{"w1", "w2", "gen", "w3", "r"},
			map[string][]string{"gen": {"w1", "w2"}, "w3": {"gen"}, "r": {"gen"}},
			map[string][]string{},
		},
		{
			"a check after a fixer that takes no files watches only the fixers after it",
			[]hooks.Job{writer("w1", "a"), allWriter("gen"), writer("w2", "a"), reader("r", "a"), allReader("mypy")},
			[]string{"w1", "gen", "w2", "r", "mypy"},
			map[string][]string{"gen": {"w1"}, "w2": {"gen"}, "r": {"gen"}, "mypy": {"gen"}},
			map[string][]string{"r": {"w2"}, "mypy": {"w2"}},
		},
		{
			"a check that takes no files waits for no fixer and watches every one",
			[]hooks.Job{allReader("test"), writer("w1", "a"), writer("w2", "b")},
			[]string{"w1", "w2", "test"},
			map[string][]string{},
			map[string][]string{"test": {"w1", "w2"}},
		},
		{
			"a check that takes no files does not wait for checks",
			[]hooks.Job{allReader("test"), reader("vet", "a")},
			[]string{"test", "vet"},
			map[string][]string{},
			map[string][]string{},
		},
		{
			"batches of one fixer hook have disjoint files and do not wait",
			[]hooks.Job{writer("fmt", "a", "b"), {Hook: &hooks.Hook{ID: "fmt2", PassFiles: true}, Files: []string{"c"}, Writes: true}},
			[]string{"fmt", "fmt2"},
			map[string][]string{},
			map[string][]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := NewPlan(tt.jobs)
			if got := names(p.Jobs()); !slices.Equal(got, tt.wantOrder) {
				t.Errorf("plan order = %v, want %v", got, tt.wantOrder)
			}
			if got := deps(p); !maps.EqualFunc(got, tt.wantDeps, slices.Equal) {
				t.Errorf("plan deps = %v, want %v", got, tt.wantDeps)
			}
			if got := watches(p); !maps.EqualFunc(got, tt.wantWatch, slices.Equal) {
				t.Errorf("plan watches = %v, want %v", got, tt.wantWatch)
			}
		})
	}
}

// TestNewPlanOrdersEveryConflict checks on random inputs that whenever two jobs share a
// file and one writes, the later one in plan order waits for the earlier one, directly or
// through other jobs (the plan leaves out only edges that others imply), or, when the
// later one is a check, watches it.
func TestNewPlanOrdersEveryConflict(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4)) // fixed seed: failures reproduce
	for range 500 {
		jobs := randomJobs(rng)
		p := NewPlan(jobs)
		reach := reachable(p)
		pj := p.Jobs()
		for b := range pj {
			for a := range b {
				if conflict(pj[a], pj[b]) && !reach[b][a] && !slices.Contains(p.Watch(b), a) {
					t.Fatalf("%s does not wait for %s in a plan of %v", name(pj[b]), name(pj[a]), describe(pj))
				}
			}
		}
	}
}

func randomJobs(rng *rand.Rand) []hooks.Job {
	jobs := make([]hooks.Job, rng.IntN(12))
	for i := range jobs {
		h := &hooks.Hook{ID: fmt.Sprintf("h%d", i), PassFiles: rng.IntN(6) > 0}
		var files []string
		if h.PassFiles {
			for f := range 8 {
				if rng.IntN(3) == 0 {
					files = append(files, fmt.Sprintf("f%d", f))
				}
			}
		}
		jobs[i] = hooks.Job{Hook: h, Files: files, Writes: rng.IntN(2) == 0}
	}
	return jobs
}

// conflict reports whether two jobs may not overlap, from first principles.
func conflict(a, b hooks.Job) bool {
	if !a.Writes && !b.Writes {
		return false
	}
	if !a.Hook.PassFiles || !b.Hook.PassFiles {
		return true
	}
	for _, f := range a.Files {
		if slices.Contains(b.Files, f) {
			return true
		}
	}
	return false
}

// reachable returns, for each plan position, the set of positions it waits for directly
// or transitively. Edges point backwards, so one pass in plan order suffices.
func reachable(p Plan) []map[int]bool {
	out := make([]map[int]bool, p.Len())
	for i := range out {
		out[i] = map[int]bool{}
		for _, d := range p.Deps(i) {
			out[i][d] = true
			maps.Copy(out[i], out[d])
		}
	}
	return out
}

func describe(jobs []hooks.Job) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = fmt.Sprintf("%s(writes=%v pass=%v %v)", name(j), j.Writes, j.Hook.PassFiles, j.Files)
	}
	return out
}

// BenchmarkPlan plans a run of 10 hooks (5 fixers, 5 checks) over 20,000 files, each hook
// split over 8 slots: the size of a large monorepo's `run --all`.
func BenchmarkPlan(b *testing.B) {
	files := make([]string, 20000)
	for i := range files {
		files[i] = fmt.Sprintf("pkg%03d/sub%02d/file%05d.go", i%300, i%17, i)
	}
	slices.Sort(files)
	var jobs []hooks.Job
	for h := range 10 {
		hook := &hooks.Hook{ID: fmt.Sprintf("hook%d", h), PassFiles: true}
		for i, batch := range Split(hook, files, 8, DefaultArgLimit) {
			jobs = append(jobs, hooks.Job{Hook: hook, Files: batch, Writes: h%2 == 0, Batch: i})
		}
	}
	for b.Loop() {
		NewPlan(jobs)
	}
}

// TestSequentialPlan: each hook's jobs wait for every job of the hook before it, in
// config order, and a hook's batches wait for nothing of their own hook.
func TestSequentialPlan(t *testing.T) {
	t.Parallel()
	a, b, c := &hooks.Hook{ID: "a"}, &hooks.Hook{ID: "b"}, &hooks.Hook{ID: "c"}
	jobs := []hooks.Job{{Hook: a}, {Hook: a, Batch: 1}, {Hook: b, Writes: true}, {Hook: c}, {Hook: c, Batch: 1}}
	p := NewSequentialPlan(jobs)
	want := [][]int{nil, nil, {0, 1}, {2}, {2}}
	for i := range jobs {
		if got := p.Deps(i); !slices.Equal(got, want[i]) {
			t.Errorf("deps of job %d = %v, want %v", i, got, want[i])
		}
		if p.Jobs()[i].Hook != jobs[i].Hook {
			t.Errorf("job %d is %s, want config order", i, p.Jobs()[i].Hook.ID)
		}
	}
}
