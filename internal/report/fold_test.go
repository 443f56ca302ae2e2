package report

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
)

// batch is a result of batch n of the hook under test.
func batch(n int, r hooks.Result) hooks.Result {
	r.Job.Batch = n
	return r
}

func TestFoldFoldsOneHooksBatches(t *testing.T) {
	t.Parallel()
	pos := config.Pos{File: "hookrun.yaml", Line: 4, Col: 5}
	t0 := time.Unix(1_000_000, 0)
	d0 := hooks.Diagnostic{Path: "a.go", Line: 1, Rule: "R1"}
	d1 := hooks.Diagnostic{Path: "b.go", Line: 1, Rule: "R2"}
	for _, tc := range []struct {
		name    string
		files   []string
		skip    string
		batches int
		results []hooks.Result // in finishing order
		close   bool
		want    HookReport // ID, Name, Config and Files are filled in from the row
	}{
		{
			name: "a failed batch makes the hook fail though a later batch passed", batches: 3,
			results: []hooks.Result{
				batch(2, hooks.Result{Status: hooks.Passed}),
				batch(0, hooks.Result{Status: hooks.Failed, ExitCode: 1}),
				batch(1, hooks.Result{Status: hooks.Modified}),
			},
			want: HookReport{Status: hooks.Failed, ExitCode: 1},
		},
		{
			name: "a hook is cached when every batch came from the cache", batches: 2,
			results: []hooks.Result{
				batch(1, hooks.Result{Status: hooks.Passed, Cached: true}),
				batch(0, hooks.Result{Status: hooks.Passed, Cached: true}),
			},
			want: HookReport{Status: hooks.Passed, Cached: true},
		},
		{
			name: "a hook with one batch that ran is not cached", batches: 2,
			results: []hooks.Result{
				batch(1, hooks.Result{Status: hooks.Passed, Cached: true}),
				batch(0, hooks.Result{Status: hooks.Passed}),
			},
			want: HookReport{Status: hooks.Passed},
		},
		{
			name: "a cancelled batch is worse than a failed one", batches: 2,
			results: []hooks.Result{
				batch(0, hooks.Result{Status: hooks.Cancelled, Err: errors.New("killed")}),
				batch(1, hooks.Result{Status: hooks.Failed, ExitCode: 2}),
			},
			want: HookReport{Status: hooks.Cancelled, ExitCode: 2, Err: "killed"},
		},
		{
			name: "modified files outrank passing batches", batches: 2,
			results: []hooks.Result{
				batch(0, hooks.Result{Status: hooks.Passed}),
				batch(1, hooks.Result{Status: hooks.Modified, Modified: []string{"b.go"}}),
			},
			want: HookReport{Status: hooks.Modified, Modified: []string{"b.go"}},
		},
		{
			name: "the exit code and error are the first in batch order, not finishing order", batches: 3,
			results: []hooks.Result{
				batch(2, hooks.Result{Status: hooks.Failed, ExitCode: 3, Err: errors.New("third")}),
				batch(0, hooks.Result{Status: hooks.Passed}),
				batch(1, hooks.Result{Status: hooks.Failed, ExitCode: 2, Err: errors.New("second")}),
			},
			want: HookReport{Status: hooks.Failed, ExitCode: 2, Err: "second"},
		},
		{
			name: "output, diagnostics, diffs and commands follow batch order", batches: 2,
			results: []hooks.Result{
				batch(1, hooks.Result{
					Status: hooks.Failed, Output: []byte("second\n"), Diagnostics: []hooks.Diagnostic{d1},
					Diff: []byte("diff b\n"), Command: "lint b.go",
				}),
				batch(0, hooks.Result{
					Status: hooks.Failed, Output: []byte("first\n"), Diagnostics: []hooks.Diagnostic{d0},
					Diff: []byte("diff a\n"), Command: "lint a.go",
				}),
			},
			want: HookReport{
				Status: hooks.Failed, Output: []byte("first\nsecond\n"), Diagnostics: []hooks.Diagnostic{d0, d1},
				Diff: []byte("diff a\ndiff b\n"), Commands: []string{"lint a.go", "lint b.go"},
			},
		},
		{
			name: "modified files of all batches merge sorted and unique", batches: 2,
			results: []hooks.Result{
				batch(1, hooks.Result{Status: hooks.Modified, Modified: []string{"c.go", "a.go"}}),
				batch(0, hooks.Result{Status: hooks.Modified, Modified: []string{"b.go", "a.go"}}),
			},
			want: HookReport{Status: hooks.Modified, Modified: []string{"a.go", "b.go", "c.go"}},
		},
		{
			name: "the duration is the longest batch's and the start the earliest", batches: 2,
			results: []hooks.Result{
				batch(0, hooks.Result{Started: t0.Add(time.Second), Duration: 2 * time.Second, ToolVersion: "1.0"}),
				batch(1, hooks.Result{Started: t0, Duration: time.Second, ToolVersion: "1.1"}),
			},
			want: HookReport{Started: t0, Duration: 2 * time.Second, ToolVersion: "1.0"},
		},
		{
			name: "a hook never started is cancelled once the fold is closed", batches: 1, close: true,
			want: HookReport{Status: hooks.Cancelled},
		},
		{
			name: "a hook with a batch missing at close is cancelled", batches: 2, close: true,
			results: []hooks.Result{batch(0, hooks.Result{Status: hooks.Passed, Output: []byte("ok\n")})},
			want:    HookReport{Status: hooks.Cancelled, Output: []byte("ok\n")},
		},
		{
			name: "a hook still running is not cancelled before close", batches: 2,
			results: []hooks.Result{batch(0, hooks.Result{Status: hooks.Passed})},
			want:    HookReport{Status: hooks.Passed},
		},
		{
			name: "a hook skipped by a variable is skipped with its reason", skip: "skipped by SKIP", close: true,
			want: HookReport{Status: hooks.Skipped, Skip: "skipped by SKIP"},
		},
		{
			name: "a hook with no files to check is reported no files", skip: "no files to check", close: true,
			want: HookReport{Status: hooks.NoFiles, Skip: "no files to check"},
		},
		{
			name: "jobs fail-fast kept from starting leave the hook skipped", batches: 1, close: true,
			results: []hooks.Result{batch(0, hooks.Result{Status: hooks.Skipped, Err: errors.New("skipped by fail-fast")})},
			want:    HookReport{Status: hooks.Skipped, Err: "skipped by fail-fast"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := []string{"a.go", "b.go"}
			if tc.skip != "" {
				files = nil
			}
			h := &hooks.Hook{ID: "lint", Name: "Lint", Pos: pos, Uses: "golangci-lint", Verbose: true}
			f := NewFold([]hooks.Selection{{Hook: h, Files: files, Skip: tc.skip}}, []int{tc.batches})
			for _, r := range tc.results {
				r.Job.Hook = h
				f.Add(r)
			}
			if tc.close {
				f.Close()
			}
			want := tc.want
			want.ID, want.Name, want.Config, want.Files, want.Uses, want.Verbose = "lint", "Lint", pos, files, "golangci-lint", true
			if got := f.Report(0); !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
			if got, want := f.Done(0), tc.close || len(tc.results) >= tc.batches; got != want {
				t.Errorf("Done = %v, want %v", got, want)
			}
		})
	}
}

func TestFoldReportsInConfigOrderAndIgnoresOtherHooks(t *testing.T) {
	t.Parallel()
	a, b, stranger := &hooks.Hook{ID: "a"}, &hooks.Hook{ID: "b"}, &hooks.Hook{ID: "stranger"}
	f := NewFold([]hooks.Selection{{Hook: a, Files: []string{"x"}}, {Hook: b, Files: []string{"x"}}}, []int{1, 1})
	f.Add(hooks.Result{Job: hooks.Job{Hook: b}, Status: hooks.Failed})
	f.Add(hooks.Result{Job: hooks.Job{Hook: stranger}, Status: hooks.Failed})
	f.Add(hooks.Result{Job: hooks.Job{Hook: a}, Status: hooks.Passed})
	var got []string
	for _, r := range f.Reports() {
		got = append(got, r.ID+" "+r.Status.String())
	}
	if want := []string{"a passed", "b failed"}; !reflect.DeepEqual(got, want) {
		t.Errorf("reports = %q, want %q", got, want)
	}
	if i, ok := f.Index(stranger); ok {
		t.Errorf("Index(stranger) = %d, true; want false", i)
	}
}

func TestSummaryCountsHooksByStatus(t *testing.T) {
	t.Parallel()
	rep := func(s hooks.Status) HookReport { return HookReport{Status: s} }
	for _, tc := range []struct {
		name       string
		reps       []HookReport
		want       string
		wantFailed int
	}{
		{"one passing hook is one hook passed", []HookReport{rep(hooks.Passed)}, "1 hook: 1 passed", 0},
		{
			"skipped hooks count but do not fail the run",
			[]HookReport{rep(hooks.Passed), rep(hooks.Skipped), rep(hooks.NoFiles)},
			"3 hooks: 1 passed, 1 skipped, 1 no files", 0,
		},
		{
			"modified files and cancelled hooks fail the run beside failures, each named",
			[]HookReport{rep(hooks.Cancelled), rep(hooks.Modified), rep(hooks.Failed), rep(hooks.Passed)},
			"4 hooks: 1 passed, 1 failed, 1 modified files, 1 cancelled", 3,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := Summarize(tc.reps)
			if got.String() != tc.want || got.Failed != tc.wantFailed {
				t.Errorf("Summarize = %q (%d failed), want %q (%d failed)", got, got.Failed, tc.want, tc.wantFailed)
			}
		})
	}
}

// TestTextAndLiveSummariesCountAlike feeds the same results to Text and Live: the
// plain closing line (Summarize of Text's results, as cmd/hookrun prints it) and the
// live view's closing line give the same counts.
func TestTextAndLiveSummariesCountAlike(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	var liveOut, textOut bytes.Buffer
	live := NewLive(&liveOut, LiveOptions{Now: func() time.Time { return time.Unix(0, 0) }}, sel, batches)
	text := NewText(&textOut, TextOptions{}, sel, batches)
	for _, s := range []Sink{live, text} {
		// gofmt: one batch fails, the other never ends; lint passes; tidy modifies.
		s.Finished(hooks.Result{Job: hooks.Job{Hook: sel[0].Hook, Batch: 1}, Status: hooks.Failed, ExitCode: 1})
		s.Finished(hooks.Result{Job: hooks.Job{Hook: sel[1].Hook}, Status: hooks.Passed})
		s.Finished(hooks.Result{Job: hooks.Job{Hook: sel[3].Hook}, Status: hooks.Modified, Modified: []string{"go.mod"}})
		s.Flush()
	}
	plain := Summarize(text.Results()).String()
	if want := "4 hooks: 1 passed, 1 modified files, 1 no files, 1 cancelled"; plain != want {
		t.Errorf("plain summary = %q, want %q", plain, want)
	}
	last := regexp.MustCompile(`(?m)^[✓✗] (.*) in \S+$`).FindStringSubmatch(liveOut.String())
	if last == nil || last[1] != plain {
		t.Fatalf("live view's summary does not count as the plain one (%q):\n%s", plain, liveOut.String())
	}
	if !strings.HasPrefix(last[0], "✗") {
		t.Errorf("live summary %q has no ✗ for a failed run", last[0])
	}
}
