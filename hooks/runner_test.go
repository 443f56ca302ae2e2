package hooks

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestInProcessRunsTheBuiltinWithRelativeFiles(t *testing.T) {
	t.Parallel()
	var gotDir string
	var gotFiles []string
	h := &Hook{ID: "pygrep", PassFiles: true, Root: "src", Builtin: func(_ context.Context, dir string, files []string) (int, []byte) {
		gotDir, gotFiles = dir, files
		return 1, []byte("src/a.py:1: match")
	}}
	oc, err := InProcess{Root: "/repo"}.Run(t.Context(), Job{Hook: h, Files: []string{"src/a.py"}}, Check, nil)
	if err != nil {
		t.Fatal(err)
	}
	if gotDir != "/repo/src" || !slices.Equal(gotFiles, []string{"a.py"}) {
		t.Errorf("Builtin got %s %q, want /repo/src [a.py]", gotDir, gotFiles)
	}
	if oc.Status != Failed || oc.ExitCode != 1 {
		t.Errorf("outcome %v exit %d, want failed 1", oc.Status, oc.ExitCode)
	}
}

func TestInProcessCancelledIsAnError(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	h := &Hook{ID: "meta", Builtin: func(context.Context, string, []string) (int, []byte) { return 0, nil }}
	if _, err := (InProcess{Root: "/repo"}).Run(ctx, Job{Hook: h}, Check, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
