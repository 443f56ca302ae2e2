package command

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func TestRunStartsTheModesCommandWithTheFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		hook     hooks.Hook
		mode     hooks.Mode
		files    []string
		wantArgv []string
		wantDir  string
	}{
		{
			"check mode runs the check command with the files appended",
			hooks.Hook{ID: "lint", CheckCmd: "lint --strict", FixCmd: "lint --fix", PassFiles: true},
			hooks.Check,
			[]string{"a.py"},
			[]string{"lint", "--strict", "a.py"},
			"/repo",
		},
		{
			"fix mode runs the fix command",
			hooks.Hook{ID: "lint", CheckCmd: "lint --strict", FixCmd: "lint --fix", PassFiles: true},
			hooks.Fix,
			[]string{"a.py"},
			[]string{"lint", "--fix", "a.py"},
			"/repo",
		},
		{
			"a hook with a root gets its files relative to it, and runs there",
			hooks.Hook{ID: "lint", CheckCmd: "lint", PassFiles: true, Root: "web"},
			hooks.Check,
			[]string{"web/src/a.ts"},
			[]string{"lint", "src/a.ts"},
			"/repo/web",
		},
		{
			"a hook that takes no files gets none",
			hooks.Hook{ID: "vet", CheckCmd: "go vet ./..."},
			hooks.Check,
			[]string{"a.go"},
			[]string{"go", "vet", "./..."},
			"/repo",
		},
		{
			"shell syntax runs through sh with the files as parameters",
			hooks.Hook{ID: "fmt", CheckCmd: `test -z "$(gofmt -l "$@")"`, PassFiles: true},
			hooks.Check,
			[]string{"a.go"},
			[]string{"sh", "-c", `test -z "$(gofmt -l "$@")"`, "fmt", "a.go"},
			"/repo",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got hooks.Process
			start := func(_ context.Context, p hooks.Process) (hooks.ProcessResult, error) {
				got = p
				return hooks.ProcessResult{ExitCode: 3, Output: []byte("out")}, nil
			}
			oc, err := Runner{Root: "/repo"}.Run(t.Context(), hooks.Job{Hook: &tt.hook, Files: tt.files}, tt.mode, start)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Argv, tt.wantArgv) || got.Dir != tt.wantDir || got.Split {
				t.Errorf("started %q in %s (split %v), want %q in %s", got.Argv, got.Dir, got.Split, tt.wantArgv, tt.wantDir)
			}
			if oc.Status != hooks.Failed || oc.ExitCode != 3 || string(oc.Output) != "out" {
				t.Errorf("outcome %v, exit %d, output %q; want failed, 3, %q", oc.Status, oc.ExitCode, oc.Output, "out")
			}
		})
	}
}

func TestRunPassesOnTheStartError(t *testing.T) {
	t.Parallel()
	want := errors.New("start lint: executable not found")
	start := func(context.Context, hooks.Process) (hooks.ProcessResult, error) {
		return hooks.ProcessResult{ExitCode: -1}, want
	}
	h := &hooks.Hook{ID: "lint", CheckCmd: "lint"}
	if _, err := (Runner{Root: "/repo"}).Run(t.Context(), hooks.Job{Hook: h}, hooks.Check, start); !errors.Is(err, want) {
		t.Errorf("error %v, want %v", err, want)
	}
}
