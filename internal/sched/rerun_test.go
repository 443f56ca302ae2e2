package sched

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// The tests of this file drive Run over real files: fixers append to them, checks report
// what they read, so a check's result says which content it saw.

// tree is a temporary directory of files the fake jobs read and write.
type tree struct {
	t    *testing.T
	root string
}

func newTree(t *testing.T, files ...string) tree {
	t.Helper()
	tr := tree{t, t.TempDir()}
	for _, f := range files {
		tr.write(f, f)
	}
	return tr
}

func (tr tree) read(f string) string {
	b, err := os.ReadFile(filepath.Join(tr.root, f))
	if err != nil {
		tr.t.Error(err)
	}
	return string(b)
}

func (tr tree) write(f, content string) {
	if err := os.WriteFile(filepath.Join(tr.root, f), []byte(content), 0o600); err != nil {
		tr.t.Error(err)
	}
}

// fix appends "+id" to each of the job's files, or nothing when the hook is "noop…".
func (tr tree) fix(j hooks.Job) hooks.Result {
	if !strings.HasPrefix(j.Hook.ID, "noop") {
		for _, f := range j.Files {
			tr.write(f, tr.read(f)+"+"+j.Hook.ID)
		}
	}
	return hooks.Result{Status: hooks.Passed}
}

// check reports the content of the job's files (of files, for a check that takes none).
func (tr tree) check(j hooks.Job, files []string) hooks.Result {
	if j.Hook.PassFiles {
		files = j.Files
	}
	var out []string
	for _, f := range files {
		out = append(out, f+"="+tr.read(f))
	}
	return hooks.Result{Status: hooks.Passed, Output: []byte(strings.Join(out, " "))}
}

// counter counts runs per job name.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) add(n string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[n]++
}

func (c *counter) get(n string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[n]
}

// TestRunRerunsCheckAfterFixer: a check that read a file while a fixer of it ran, and
// the fixer changed it, runs again after the fixer; its final result (the only one
// reported) is of the fixed file.
func TestRunRerunsCheckAfterFixer(t *testing.T) {
	t.Parallel()
	tr := newTree(t, "a.py")
	both := newBarrier(2)
	var runs counter
	exec := func(ctx context.Context, j hooks.Job) hooks.Result {
		runs.add(j.Hook.ID)
		if j.Writes {
			if err := both.wait(ctx); err != nil { // the check has read a.py
				return hooks.Result{Status: hooks.Failed, Err: err}
			}
			return tr.fix(j)
		}
		r := tr.check(j, nil)
		if runs.get(j.Hook.ID) == 1 {
			if err := both.wait(ctx); err != nil {
				return hooks.Result{Status: hooks.Failed, Err: err}
			}
		}
		return r
	}
	var mu sync.Mutex
	var reported []string
	opt := Options{
		Jobs: 4, Root: tr.root,
		OnStart: func(j hooks.Job) { mu.Lock(); reported = append(reported, "start "+j.Hook.ID); mu.Unlock() },
		OnFinish: func(r *hooks.Result) {
			mu.Lock()
			reported = append(reported, fmt.Sprintf("finish %s %s", r.Job.Hook.ID, r.Output))
			mu.Unlock()
		},
	}
	got := Run(t.Context(), NewPlan([]hooks.Job{reader("flake8", "a.py"), writer("black", "a.py")}), exec, opt)
	if want := "a.py=a.py+black"; string(got[0].Output) != want {
		t.Errorf("check output = %q, want %q: the check's final run must see the fixed file", got[0].Output, want)
	}
	if n := runs.get("flake8"); n != 2 {
		t.Errorf("check ran %d times, want 2", n)
	}
	slices.Sort(reported)
	want := []string{"finish black ", "finish flake8 a.py=a.py+black", "start black", "start flake8"}
	if !slices.Equal(reported, want) {
		t.Errorf("callbacks = %q, want %q: one start and one final result each", reported, want)
	}
}

// TestRunCheckBesideFixerThatChangesNothing: the common case pays nothing: a check beside
// a fixer of its file that changes nothing runs once, its result stands.
func TestRunCheckBesideFixerThatChangesNothing(t *testing.T) {
	t.Parallel()
	tr := newTree(t, "a.py")
	both := newBarrier(2)
	var runs counter
	exec := func(ctx context.Context, j hooks.Job) hooks.Result {
		runs.add(j.Hook.ID)
		if err := both.wait(ctx); err != nil {
			return hooks.Result{Status: hooks.Failed, Err: err}
		}
		if j.Writes {
			return tr.fix(j)
		}
		return tr.check(j, nil)
	}
	jobs := []hooks.Job{reader("flake8", "a.py"), writer("noop-black", "a.py")}
	got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 4, Root: tr.root})
	if runs.get("flake8") != 1 || got[0].Status != hooks.Passed {
		t.Errorf("check ran %d times, status %v; want once, passed", runs.get("flake8"), got[0].Status)
	}
}

// TestRunRerunsCheckThatEndedBeforeFixer: a check may end before a fixer of its file even
// starts (the fixer waits for another); it runs again once the fixer changed the file.
func TestRunRerunsCheckThatEndedBeforeFixer(t *testing.T) {
	t.Parallel()
	tr := newTree(t, "a.py")
	checked := make(chan struct{})
	var once sync.Once
	exec := func(ctx context.Context, j hooks.Job) hooks.Result {
		switch j.Hook.ID {
		case "first":
			select { // hold the second fixer back until the check has ended
			case <-checked:
			case <-ctx.Done():
			}
			return tr.fix(j)
		case "second":
			return tr.fix(j)
		}
		r := tr.check(j, nil)
		once.Do(func() { close(checked) })
		return r
	}
	jobs := []hooks.Job{writer("first", "a.py"), writer("second", "a.py"), reader("check", "a.py")}
	got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 4, Root: tr.root})
	if want := "a.py=a.py+first+second"; string(got[2].Output) != want {
		t.Errorf("check output = %q, want %q", got[2].Output, want)
	}
}

// TestRunRerunsWholeProjectCheck: a check that takes no files (mypy, go vet) runs again
// when any fixer changed anything while it ran, and only then.
func TestRunRerunsWholeProjectCheck(t *testing.T) {
	t.Parallel()
	for _, fixer := range []string{"black", "noop"} {
		t.Run(fixer, func(t *testing.T) {
			t.Parallel()
			tr := newTree(t, "a.py", "b.py")
			both := newBarrier(2)
			var runs counter
			exec := func(ctx context.Context, j hooks.Job) hooks.Result {
				runs.add(j.Hook.ID)
				if j.Writes {
					if err := both.wait(ctx); err != nil {
						return hooks.Result{Status: hooks.Failed, Err: err}
					}
					return tr.fix(j)
				}
				r := tr.check(j, []string{"a.py", "b.py"})
				if runs.get(j.Hook.ID) == 1 {
					if err := both.wait(ctx); err != nil {
						return hooks.Result{Status: hooks.Failed, Err: err}
					}
				}
				return r
			}
			jobs := []hooks.Job{allReader("mypy"), writer(fixer, "b.py")}
			got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 4, Root: tr.root})
			wantRuns, wantOut := 2, "a.py=a.py b.py=b.py+black"
			if fixer == "noop" {
				wantRuns, wantOut = 1, "a.py=a.py b.py=b.py"
			}
			if runs.get("mypy") != wantRuns || string(got[0].Output) != wantOut {
				t.Errorf("mypy ran %d times with output %q, want %d and %q", runs.get("mypy"), got[0].Output, wantRuns, wantOut)
			}
		})
	}
}

// TestRunCancelledFixerCancelsRunningCheck: a check running beside a fixer of its file
// that is cancelled ends cancelled: the fixer may have left the file half-fixed.
func TestRunCancelledFixerCancelsRunningCheck(t *testing.T) {
	t.Parallel()
	both := newBarrier(2)
	fixerDone := make(chan struct{})
	exec := func(ctx context.Context, j hooks.Job) hooks.Result {
		if err := both.wait(ctx); err != nil {
			return hooks.Result{Status: hooks.Failed, Err: err}
		}
		if j.Writes {
			defer close(fixerDone)
			return hooks.Result{Status: hooks.Cancelled}
		}
		<-fixerDone
		time.Sleep(10 * time.Millisecond) // let the scheduler see the fixer end first
		return hooks.Result{Status: hooks.Passed}
	}
	var finished counter
	opt := Options{Jobs: 4, OnFinish: func(r *hooks.Result) { finished.add(r.Job.Hook.ID) }}
	got := Run(t.Context(), NewPlan([]hooks.Job{writer("fix", "a"), reader("check", "a")}), exec, opt)
	if want := []hooks.Status{hooks.Cancelled, hooks.Cancelled}; !slices.Equal(statuses(got), want) {
		t.Errorf("statuses = %v, want %v", statuses(got), want)
	}
	if finished.get("check") != 1 {
		t.Errorf("OnFinish saw the check %d times, want once", finished.get("check"))
	}
}

// TestRunDeterministicUnderRandomSchedules runs random plans of fixers and checks over
// real files, with random delays and slot counts, 200 times, and compares every result
// with a run one job at a time in plan order (fixers first, then checks): each check's
// final result must be of the files as every fixer left them, whatever the timing, and
// two writers of one file must never have run at once.
func TestRunDeterministicUnderRandomSchedules(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(10, 2)) // fixed seed: failures reproduce
	files := []string{"f0", "f1", "f2", "f3", "f4"}
	for round := range 200 {
		jobs := randomRunJobs(rng, files)
		seed := rng.Uint64()
		want := runTree(t, jobs, files, 1, 0)
		got := runTree(t, jobs, files, 1+int(seed%6), seed)
		for i := range jobs {
			if got[i].Status != want[i].Status || string(got[i].Output) != string(want[i].Output) ||
				!slices.Equal(got[i].Modified, want[i].Modified) {
				t.Fatalf("round %d, %s: got %v %q %v, want %v %q %v (jobs %v)", round, name(jobs[i]),
					got[i].Status, got[i].Output, got[i].Modified, want[i].Status, want[i].Output, want[i].Modified, describe(jobs))
			}
		}
	}
}

// randomRunJobs makes up to 8 jobs, fixers and checks, some taking no files (a fixer
// among those appends to every file).
func randomRunJobs(rng *rand.Rand, files []string) []hooks.Job {
	jobs := make([]hooks.Job, 1+rng.IntN(8))
	for i := range jobs {
		h := &hooks.Hook{ID: fmt.Sprintf("h%d", i), PassFiles: rng.IntN(8) > 0}
		if rng.IntN(4) == 0 {
			h.ID = fmt.Sprintf("noop%d", i) // a fixer that changes nothing
		}
		var fs []string
		if h.PassFiles {
			for _, f := range files {
				if rng.IntN(3) == 0 {
					fs = append(fs, f)
				}
			}
		}
		jobs[i] = hooks.Job{Hook: h, Files: fs, Writes: rng.IntN(2) == 0}
	}
	return jobs
}

// runTree runs jobs over a fresh tree with the given slots; each job first sleeps a
// random moment drawn from seed (none when seed is 0), and two writers of one file
// running at once fail it.
func runTree(t *testing.T, jobs []hooks.Job, files []string, slots int, seed uint64) []hooks.Result {
	t.Helper()
	tr := newTree(t, files...)
	var mu sync.Mutex
	writing := map[string]bool{}
	rng := rand.New(rand.NewPCG(seed, 7))
	delays := make(map[*hooks.Hook]time.Duration)
	for _, j := range jobs {
		if seed != 0 {
			delays[j.Hook] = time.Duration(rng.IntN(300)) * time.Microsecond
		}
	}
	exec := func(_ context.Context, j hooks.Job) hooks.Result {
		sleep(delays[j.Hook])
		if !j.Writes {
			return tr.check(j, files)
		}
		mine := j.Files
		if !j.Hook.PassFiles {
			mine = files
			j.Files = files
		}
		mu.Lock()
		for _, f := range mine {
			if writing[f] {
				mu.Unlock()
				return hooks.Result{Status: hooks.Failed, Output: []byte("two writers of " + f + " at once")}
			}
			writing[f] = true
		}
		mu.Unlock()
		defer func() {
			mu.Lock()
			for _, f := range mine {
				delete(writing, f)
			}
			mu.Unlock()
		}()
		sleep(delays[j.Hook])
		return tr.fix(j)
	}
	return Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: slots, Root: tr.root})
}

func sleep(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}
