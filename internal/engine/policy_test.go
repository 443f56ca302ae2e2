package engine

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

func TestFixPolicy(t *testing.T) {
	t.Parallel()
	fixer := &hooks.Hook{ID: "black"}
	stager := &hooks.Hook{ID: "black", StageFixed: true}
	tests := []struct {
		name    string
		hook    *hooks.Hook
		mode    hooks.Mode
		stageOK bool
		status  hooks.Status
		mod     []string
		want    hooks.Status
	}{
		{"a fixer that changed nothing passes", fixer, hooks.Fix, true, hooks.Passed, nil, hooks.Passed},
		{"a fixer that changed files fails as modified", fixer, hooks.Fix, true, hooks.Passed, []string{"a.py"}, hooks.Modified},
		{"a stage_fixed fixer that changed files passes", stager, hooks.Fix, true, hooks.Passed, []string{"a.py"}, hooks.Passed},
		{"stage_fixed cannot stage in git commit <paths>", stager, hooks.Fix, false, hooks.Passed, []string{"a.py"}, hooks.Modified},
		{"check mode never allows a change, stage_fixed or not", stager, hooks.Check, true, hooks.Passed, []string{"a.py"}, hooks.Modified},
		{"a failed hook stays failed whatever it changed", fixer, hooks.Fix, true, hooks.Failed, []string{"a.py"}, hooks.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := hooks.Result{Job: hooks.Job{Hook: tt.hook}, Status: tt.status, Modified: tt.mod}
			fixPolicy(&r, tt.mode, tt.stageOK)
			if r.Status != tt.want {
				t.Errorf("status = %v, want %v", r.Status, tt.want)
			}
			fixPolicy(&r, tt.mode, tt.stageOK)
			if r.Status != tt.want {
				t.Errorf("applied twice: status = %v, want %v", r.Status, tt.want)
			}
		})
	}
}

func TestFixesToStage(t *testing.T) {
	t.Parallel()
	stager := &hooks.Hook{ID: "fmt", StageFixed: true}
	other := &hooks.Hook{ID: "lint"}
	results := []hooks.Result{
		{Job: hooks.Job{Hook: stager}, Status: hooks.Passed, Modified: []string{"a.go", "b.go"}},
		{Job: hooks.Job{Hook: other}, Status: hooks.Modified, Modified: []string{"b.go"}},
		{Job: hooks.Job{Hook: stager}, Status: hooks.Failed, Modified: []string{"c.go"}},
	}
	stage, held := fixesToStage(results)
	if want := []string{"a.go"}; !slices.Equal(stage, want) {
		t.Errorf("stage = %q, want %q", stage, want)
	}
	if want := []string{"b.go"}; !slices.Equal(held, want) {
		t.Errorf("held = %q, want %q (also fixed by a hook without stage_fixed)", held, want)
	}
}

func TestUnexplainedAndSuspects(t *testing.T) {
	t.Parallel()
	withFiles := &hooks.Hook{ID: "fmt", PassFiles: true}
	noFiles := &hooks.Hook{ID: "gen"}
	results := []hooks.Result{
		{Job: hooks.Job{Hook: withFiles, Files: []string{"a.go"}}, Modified: []string{"a.go"}, Started: time.Unix(1, 0)},
		{Job: hooks.Job{Hook: noFiles}, Started: time.Unix(1, 0)},
	}
	stray := unexplained([]string{"a.go", "dirty.go", "z.go"}, []string{"dirty.go"}, results)
	if want := []string{"z.go"}; !slices.Equal(stray, want) {
		t.Fatalf("unexplained = %q, want %q (a.go is a fixer's, dirty.go was dirty before)", stray, want)
	}
	if got, want := suspects(stray, results), []string{"z.go (gen)"}; !slices.Equal(got, want) {
		t.Errorf("suspects = %q, want %q (only the hook without a file list could write there)", got, want)
	}
}

func TestWithoutHidden(t *testing.T) {
	t.Parallel()
	stage, review := withoutHidden([]string{"a", "b", "c"}, []string{"b"})
	if !slices.Equal(stage, []string{"a", "c"}) || !slices.Equal(review, []string{"b"}) {
		t.Errorf("stage %q, review %q; want [a c] and [b]", stage, review)
	}
}

func TestWatchTree(t *testing.T) {
	t.Parallel()
	files := hooks.Job{Hook: &hooks.Hook{PassFiles: true}}
	whole := hooks.Job{Hook: &hooks.Hook{}}
	builtin := func(context.Context, string, []string) (int, []byte) { return 0, nil }
	nativeFixer := hooks.Job{Hook: &hooks.Hook{PassFiles: true, Builtin: builtin, ReportsWrites: true}, Writes: true}
	nativeCheck := hooks.Job{Hook: &hooks.Hook{Builtin: builtin}} // no-commit-to-branch: no files
	silentFixer := hooks.Job{Hook: &hooks.Hook{PassFiles: true, Builtin: builtin}, Writes: true}
	tests := []struct {
		name      string
		jobs      []hooks.Job
		mode      hooks.Mode
		precommit bool
		want      bool
	}{
		{"fixers given files are hashed, not watched", []hooks.Job{files}, hooks.Fix, false, false},
		{"a hook without a file list may write anywhere", []hooks.Job{files, whole}, hooks.Fix, false, true},
		{"check mode watches the whole tree", []hooks.Job{files}, hooks.Check, false, true},
		{"a pre-commit config watches the whole tree", []hooks.Job{files}, hooks.Fix, true, true},
		{"in-process hooks that report their writes change nothing else", []hooks.Job{nativeFixer, nativeCheck}, hooks.Fix, true, false},
		{"beside a command, they do", []hooks.Job{nativeFixer, files}, hooks.Fix, true, true},
		{"an in-process fixer that does not report its writes", []hooks.Job{silentFixer, nativeCheck}, hooks.Fix, true, true},
		{"check mode watches in-process hooks too", []hooks.Job{nativeFixer}, hooks.Check, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := watchTree(tt.jobs, tt.mode, tt.precommit); got != tt.want {
				t.Errorf("watchTree = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	t.Parallel()
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(1, 0))
	defer cancel2()
	findings := errors.New("config error")
	tests := []struct {
		name        string
		parent, ctx context.Context
		timeout     time.Duration
		oc          hooks.Outcome
		err         error
		want        hooks.Status
		wantErr     string
	}{
		{"the runner's judgement stands when it ran", live, live, 0, hooks.Outcome{Status: hooks.Failed, Err: findings}, nil, hooks.Failed, "config error"},
		{"a passing run passes", live, live, 0, hooks.Outcome{Status: hooks.Passed}, nil, hooks.Passed, ""},
		{"a hook past its timeout fails, naming it", live, expired, time.Second, hooks.Outcome{}, context.DeadlineExceeded, hooks.Failed, "timed out after 1s"},
		{"the run's cancellation cancels the hook", cancelled, cancelled, 0, hooks.Outcome{}, context.Canceled, hooks.Cancelled, "context canceled"},
		{"a cancelled run outranks the hook's timeout", cancelled, expired, time.Second, hooks.Outcome{}, context.DeadlineExceeded, hooks.Cancelled, "context deadline exceeded"},
		{"a program that cannot start fails", live, live, 0, hooks.Outcome{}, errors.New("start x: executable not found"), hooks.Failed, "start x: executable not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := status(tt.parent, tt.ctx, tt.timeout, tt.oc, tt.err)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tt.want || gotErr != tt.wantErr {
				t.Errorf("status = %v, %q; want %v, %q", got, gotErr, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRunsTool(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		hook hooks.Hook
		mode hooks.Mode
		want bool
	}{
		{"a command hook runs no tool", hooks.Hook{CheckCmd: "x"}, hooks.Check, false},
		{"a built-in runs its tool in check mode", hooks.Hook{Uses: "gofmt"}, hooks.Check, true},
		{"a built-in runs its tool in fix mode", hooks.Hook{Uses: "gofmt"}, hooks.Fix, true},
		{"a fix beside uses replaces the tool's fix", hooks.Hook{Uses: "gofmt", FixCmd: "gofmt -s -w"}, hooks.Fix, false},
		{"a fix beside uses leaves the tool's check", hooks.Hook{Uses: "gofmt", FixCmd: "gofmt -s -w"}, hooks.Check, true},
		{"a check beside uses replaces the tool's check", hooks.Hook{Uses: "gofmt", CheckCmd: "x"}, hooks.Check, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.hook.RunsTool(tt.mode); got != tt.want {
				t.Errorf("RunsTool(%v) = %v, want %v", tt.mode, got, tt.want)
			}
		})
	}
}
