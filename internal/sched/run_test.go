package sched

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

func statuses(rs []hooks.Result) []hooks.Status {
	out := make([]hooks.Status, len(rs))
	for i, r := range rs {
		out[i] = r.Status
	}
	return out
}

func TestRunOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		jobs        []hooks.Job // config order
		limit       int
		meet        []string    // hooks that must run at once (they wait for each other)
		wantBefore  [][2]string // the first ends before the second starts
		wantApart   [][2]string // never run at once
		wantMaxRuns int         // most jobs running at once; 0 means not checked
	}{
		{
			name:  "two checks of the same files overlap",
			jobs:  []hooks.Job{reader("vet", "a.go", "b.go"), reader("lint", "a.go", "b.go")},
			limit: 4,
			meet:  []string{"vet", "lint"},
		},
		{
			name:  "a check of a fixer's file starts beside the fixer, optimistically",
			jobs:  []hooks.Job{reader("vet", "a.go"), writer("gofmt", "a.go")},
			limit: 4,
			meet:  []string{"gofmt", "vet"},
		},
		{
			name:  "a check that takes no files starts beside the fixers",
			jobs:  []hooks.Job{allReader("mypy"), writer("black", "a.py"), writer("gofmt", "a.go")},
			limit: 4,
			meet:  []string{"mypy", "black", "gofmt"},
		},
		{
			name:       "two fixers of one file run in config order, never at once",
			jobs:       []hooks.Job{writer("black", "a.py"), writer("isort", "a.py")},
			limit:      4,
			wantBefore: [][2]string{{"black", "isort"}},
			wantApart:  [][2]string{{"black", "isort"}},
		},
		{
			name:  "fixers of disjoint files overlap",
			jobs:  []hooks.Job{writer("gofmt", "a.go"), writer("prettier", "a.ts")},
			limit: 4,
			meet:  []string{"gofmt", "prettier"},
		},
		{
			name:       "a fixer that takes no files runs alone",
			jobs:       []hooks.Job{reader("vet", "a.go"), allWriter("generate"), writer("gofmt", "b.go")},
			limit:      4,
			wantBefore: [][2]string{{"generate", "vet"}, {"generate", "gofmt"}},
		},
		{
			name:        "one slot runs strictly one job at a time in plan order",
			jobs:        []hooks.Job{reader("a", "1"), reader("b", "2"), writer("c", "3"), reader("d", "4")},
			limit:       1,
			wantBefore:  [][2]string{{"c", "a"}, {"a", "b"}, {"b", "d"}},
			wantMaxRuns: 1,
		},
		{
			name:        "two slots run at most two jobs",
			jobs:        []hooks.Job{reader("a", "1"), reader("b", "2"), reader("c", "3"), reader("d", "4")},
			limit:       2,
			meet:        []string{"a", "b"},
			wantMaxRuns: 2,
		},
		{
			name:      "batches of a serial hook never overlap",
			jobs:      serial("golangci-lint", []string{"a"}, []string{"b"}),
			limit:     4,
			wantApart: [][2]string{{"golangci-lint", "golangci-lint#1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder()
			do := map[string]behaviour{}
			b := newBarrier(len(tt.meet))
			for _, id := range tt.meet {
				do[id] = meet(b)
			}
			got := Run(t.Context(), NewPlan(tt.jobs), fakeExec(rec, do), Options{Jobs: tt.limit})
			for _, r := range got {
				if r.Status != hooks.Passed {
					t.Errorf("%s: status %v (%v), want passed", name(r.Job), r.Status, r.Err)
				}
			}
			for _, p := range tt.wantBefore {
				if end, start := rec.index("end "+p[0]), rec.index("start "+p[1]); end < 0 || start < end {
					t.Errorf("%s did not end before %s started: %v", p[0], p[1], rec.log)
				}
			}
			for _, p := range tt.wantApart {
				if rec.overlapped(p[0], p[1]) {
					t.Errorf("%s and %s ran at once: %v", p[0], p[1], rec.log)
				}
			}
			if tt.wantMaxRuns > 0 && rec.maxRunning > tt.wantMaxRuns {
				t.Errorf("%d jobs ran at once, want at most %d: %v", rec.maxRunning, tt.wantMaxRuns, rec.log)
			}
		})
	}
}

func TestRunResultsFollowInputOrder(t *testing.T) {
	t.Parallel()
	jobs := []hooks.Job{reader("c1", "a"), writer("w1", "a"), reader("c2", "b"), writer("w2", "b")}
	got := Run(t.Context(), NewPlan(jobs), fakeExec(newRecorder(), nil), Options{Jobs: 1})
	if g, w := names(resultJobs(got)), names(jobs); !slices.Equal(g, w) {
		t.Errorf("result order = %v, want %v", g, w)
	}
}

func resultJobs(rs []hooks.Result) []hooks.Job {
	out := make([]hooks.Job, len(rs))
	for i, r := range rs {
		out[i] = r.Job
	}
	return out
}

func TestRunFailFast(t *testing.T) {
	t.Parallel()
	failingHook := func(id string) hooks.Job {
		j := reader(id, "x")
		j.Hook.FailFast = true
		return j
	}
	tests := []struct {
		name     string
		jobs     []hooks.Job
		failFast bool
		want     []hooks.Status
	}{
		{
			"fail-fast starts no job after a failure",
			[]hooks.Job{reader("bad", "a"), reader("b", "b"), reader("c", "c")},
			true,
			[]hooks.Status{hooks.Failed, hooks.Skipped, hooks.Skipped},
		},
		{
			"a hook's own fail_fast stops the run",
			[]hooks.Job{failingHook("bad"), reader("b", "b")},
			false,
			[]hooks.Status{hooks.Failed, hooks.Skipped},
		},
		{
			"without fail-fast a failure stops nothing",
			[]hooks.Job{reader("bad", "a"), reader("b", "b"), reader("c", "c")},
			false,
			[]hooks.Status{hooks.Failed, hooks.Passed, hooks.Passed},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder()
			got := Run(t.Context(), NewPlan(tt.jobs), fakeExec(rec, map[string]behaviour{"bad": fail}),
				Options{Jobs: 1, FailFast: tt.failFast})
			if !slices.Equal(statuses(got), tt.want) {
				t.Errorf("statuses = %v, want %v", statuses(got), tt.want)
			}
			for _, r := range got {
				if r.Status == hooks.Skipped && !errors.Is(r.Err, ErrFailFast) {
					t.Errorf("%s: Err = %v, want ErrFailFast", name(r.Job), r.Err)
				}
				if r.Status == hooks.Skipped && rec.index("start "+name(r.Job)) >= 0 {
					t.Errorf("%s was skipped but ran", name(r.Job))
				}
			}
		})
	}
}

// TestRunFailFastLetsRunningJobsFinish: a fixer running beside a failing job completes,
// while a job that could start only after the failure does not. The check waits for the
// failing fixer, so whichever finish the scheduler sees first, it cannot start early.
func TestRunFailFastLetsRunningJobsFinish(t *testing.T) {
	t.Parallel()
	failed := make(chan struct{})
	jobs := []hooks.Job{writer("bad", "a"), writer("slow", "b"), reader("check", "a")}
	exec := fakeExec(newRecorder(), map[string]behaviour{
		"bad": fail,
		"slow": func(ctx context.Context, _ hooks.Job) hooks.Result {
			select {
			case <-failed:
				return hooks.Result{Status: hooks.Passed}
			case <-ctx.Done():
				return hooks.Result{Status: hooks.Cancelled}
			}
		},
	})
	onFinish := func(r *hooks.Result) {
		if r.Job.Hook.ID == "bad" {
			close(failed)
		}
	}
	got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 2, FailFast: true, OnFinish: onFinish})
	if want := []hooks.Status{hooks.Failed, hooks.Passed, hooks.Skipped}; !slices.Equal(statuses(got), want) {
		t.Errorf("statuses = %v, want %v", statuses(got), want)
	}
}

// runWithin runs Run on another goroutine and fails the test if it has not returned
// within a generous bound: a hung Run must fail, not hang the suite.
func runWithin(t *testing.T, ctx context.Context, p Plan, exec Exec, opt Options) []hooks.Result {
	t.Helper()
	out := make(chan []hooks.Result, 1)
	go func() { out <- Run(ctx, p, exec, opt) }()
	select {
	case r := <-out:
		return r
	case <-time.After(barrierTimeout):
		t.Fatal("Run did not return after its context was cancelled")
		return nil
	}
}

func TestRunCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	jobs := []hooks.Job{reader("first", "a"), reader("second", "b"), writer("fixer", "c")}
	exec := fakeExec(newRecorder(), map[string]behaviour{
		"fixer": func(ctx context.Context, _ hooks.Job) hooks.Result {
			cancel() // Ctrl-C while the first job runs
			<-ctx.Done()
			return hooks.Result{Status: hooks.Cancelled, Err: ctx.Err()}
		},
	})
	got := runWithin(t, ctx, NewPlan(jobs), exec, Options{Jobs: 1})
	if want := []hooks.Status{hooks.Cancelled, hooks.Cancelled, hooks.Cancelled}; !slices.Equal(statuses(got), want) {
		t.Fatalf("statuses = %v, want %v", statuses(got), want)
	}
	for _, r := range got {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("%s: Err = %v, want context.Canceled", name(r.Job), r.Err)
		}
	}
}

func TestRunCancelledBeforeStartRunsNothing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := newRecorder()
	got := runWithin(t, ctx, NewPlan([]hooks.Job{reader("a", "x"), writer("b", "y")}), fakeExec(rec, nil), Options{})
	if want := []hooks.Status{hooks.Cancelled, hooks.Cancelled}; !slices.Equal(statuses(got), want) {
		t.Errorf("statuses = %v, want %v", statuses(got), want)
	}
	if len(rec.log) > 0 {
		t.Errorf("jobs ran after cancellation: %v", rec.log)
	}
}

func TestRunDependencyCancelled(t *testing.T) {
	t.Parallel()
	jobs := []hooks.Job{writer("fixer", "a"), reader("check", "a"), reader("other", "b")}
	exec := fakeExec(newRecorder(), map[string]behaviour{
		"fixer": func(context.Context, hooks.Job) hooks.Result { return hooks.Result{Status: hooks.Cancelled} },
	})
	got := Run(t.Context(), NewPlan(jobs), exec, Options{Jobs: 2})
	if want := []hooks.Status{hooks.Cancelled, hooks.Cancelled, hooks.Passed}; !slices.Equal(statuses(got), want) {
		t.Errorf("statuses = %v, want %v", statuses(got), want)
	}
}

func TestRunCallbacksPairUp(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	started, finished := map[string]int{}, map[string]int{}
	opt := Options{
		Jobs:     3,
		OnStart:  func(j hooks.Job) { mu.Lock(); started[name(j)]++; mu.Unlock() },
		OnFinish: func(r *hooks.Result) { mu.Lock(); finished[name(r.Job)]++; mu.Unlock() },
	}
	jobs := []hooks.Job{writer("a", "1"), reader("b", "1"), reader("c", "2")}
	got := Run(t.Context(), NewPlan(jobs), fakeExec(newRecorder(), nil), opt)
	want := map[string]int{"a": 1, "b": 1, "c": 1}
	if !mapsEqual(started, want) || !mapsEqual(finished, want) {
		t.Errorf("OnStart calls %v, OnFinish calls %v, want one each", started, finished)
	}
	for _, r := range got {
		if r.Started.IsZero() || r.Duration < 0 {
			t.Errorf("%s: Started %v Duration %v, want them filled in", name(r.Job), r.Started, r.Duration)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRunModified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		job  hooks.Job
		want []string
	}{
		{"a fixer's rewritten and created files are modified", writer("fix", "a.txt", "b.txt", "new.txt", "same.txt"), []string{"b.txt", "new.txt"}},
		{"a check is not hashed even if it writes", reader("check", "a.txt", "b.txt", "new.txt"), nil},
		{"a fixer that takes no files is left to the caller", allWriter("gen"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			write := func(name, content string) {
				if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o600); err != nil {
					t.Error(err)
				}
			}
			write("a.txt", "unchanged")
			write("b.txt", "hello")
			write("same.txt", "same")
			exec := func(context.Context, hooks.Job) hooks.Result {
				write("b.txt", "jello") // same size, different content
				write("new.txt", "x")
				write("same.txt", "same") // rewritten with the same content
				return hooks.Result{Status: hooks.Passed}
			}
			got := Run(t.Context(), NewPlan([]hooks.Job{tt.job}), exec, Options{Root: root})
			if !slices.Equal(got[0].Modified, tt.want) {
				t.Errorf("Modified = %v, want %v", got[0].Modified, tt.want)
			}
			if got[0].Status != hooks.Passed {
				t.Errorf("Status = %v, want passed: the caller decides what a change means", got[0].Status)
			}
		})
	}
}
