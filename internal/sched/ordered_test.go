package sched

import (
	"context"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// indexWriter is a fixer that may also change git's index (a hook running git add -u).
func indexWriter(id string, files ...string) hooks.Job {
	j := writer(id, files...)
	j.Hook.WritesIndex = true
	return j
}

func TestNewOrderedPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		jobs     []hooks.Job // config order
		wantDeps map[string][]string
	}{
		{
			"a fixer listed after a check of its file waits for the check (issue 13)",
			[]hooks.Job{reader("no-trailing-ws", "a.py"), writer("black", "a.py")},
			map[string][]string{"black": {"no-trailing-ws"}},
		},
		{
			"a check listed after a fixer of its file waits for the fixer",
			[]hooks.Job{writer("black", "a.py"), reader("no-trailing-ws", "a.py")},
			map[string][]string{"no-trailing-ws": {"black"}},
		},
		{
			"hooks that share no file wait for nothing",
			[]hooks.Job{reader("c1", "a"), writer("w1", "b"), writer("w2", "c"), reader("c2", "d")},
			map[string][]string{},
		},
		{
			"checks of one file do not wait for each other, the fixer after them waits for both",
			[]hooks.Job{reader("c1", "a"), reader("c2", "a"), writer("w", "a"), reader("c3", "a")},
			map[string][]string{"w": {"c1", "c2"}, "c3": {"w"}},
		},
		{
			"two fixers of one file keep config order",
			[]hooks.Job{writer("w1", "a", "b"), writer("w2", "b")},
			map[string][]string{"w2": {"w1"}},
		},
		{
			"a fixer that stages runs alone",
			[]hooks.Job{reader("c", "x"), writer("w", "y"), indexWriter("black-add", "a.py"), reader("c2", "z")},
			map[string][]string{"black-add": {"c", "w"}, "c2": {"black-add"}},
		},
		{
			"a fixer that takes no files runs alone",
			[]hooks.Job{writer("w1", "a"), allWriter("gen"), reader("r", "b")},
			map[string][]string{"gen": {"w1"}, "r": {"gen"}},
		},
		{
			"a check that takes no files waits for the fixers before it, and the fixers after it for it",
			[]hooks.Job{writer("w1", "a"), allReader("mypy"), writer("w2", "b"), reader("r", "c")},
			map[string][]string{"mypy": {"w1"}, "w2": {"mypy"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := NewOrderedPlan(tt.jobs)
			if got := names(p.Jobs()); !slices.Equal(got, names(tt.jobs)) {
				t.Errorf("plan order = %v, want config order %v", got, names(tt.jobs))
			}
			if got := deps(p); !maps.EqualFunc(got, tt.wantDeps, slices.Equal) {
				t.Errorf("plan deps = %v, want %v", got, tt.wantDeps)
			}
			if got := watches(p); len(got) > 0 {
				t.Errorf("plan watches = %v, want none", got)
			}
		})
	}
}

// TestNewOrderedPlanOrdersEveryConflict checks on random inputs that whenever two jobs
// conflict (share a file and one writes, or one may write anything or the index), the
// one later in config order waits for the earlier, directly or through other jobs.
func TestNewOrderedPlanOrdersEveryConflict(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 14)) // fixed seed: failures reproduce
	for range 500 {
		jobs := randomJobs(rng)
		for i := range jobs {
			jobs[i].Hook.WritesIndex = jobs[i].Writes && rng.IntN(5) == 0
		}
		p := NewOrderedPlan(jobs)
		reach := reachable(p)
		for b := range jobs {
			for a := range b {
				alone := func(j hooks.Job) bool { return j.Writes && j.Hook.WritesIndex }
				if (conflict(jobs[a], jobs[b]) || alone(jobs[a]) || alone(jobs[b])) && !reach[b][a] {
					t.Fatalf("%s does not wait for %s in a plan of %v", name(jobs[b]), name(jobs[a]), describe(jobs))
				}
			}
		}
	}
}

// TestRunOrderedPlan runs a check listed before a fixer of its file: it ends before the
// fixer starts and runs once; a hook of other files runs beside both.
func TestRunOrderedPlan(t *testing.T) {
	t.Parallel()
	rec := newRecorder()
	b := newBarrier(2)
	jobs := []hooks.Job{reader("check", "a"), writer("fix", "a"), reader("other", "b")}
	do := map[string]behaviour{"check": meet(b), "other": meet(b)}
	results := Run(context.Background(), NewOrderedPlan(jobs), fakeExec(rec, do), Options{Jobs: 4, Root: t.TempDir()})
	for i, r := range results {
		if r.Job.Hook != jobs[i].Hook || r.Status != hooks.Passed {
			t.Errorf("result %d = %s %v (%v), want %s passed", i, name(r.Job), r.Status, r.Err, name(jobs[i]))
		}
	}
	if e, s := rec.index("end check"), rec.index("start fix"); e < 0 || s < e {
		t.Errorf("fix started before check ended: %v", rec.log)
	}
	if n := strings.Count(strings.Join(rec.log, "\n"), "start check"); n != 1 {
		t.Errorf("check started %d times, want 1: %v", n, rec.log)
	}
}
