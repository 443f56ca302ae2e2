package hooks

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestInProcessReportsWrites: the files a Builtin with ReportsWrites tells RecordWrite of
// (absolute, or relative to the directory it runs in) come back in Outcome.Wrote,
// repo-relative, sorted, each once; a hook without ReportsWrites reports none.
func TestInProcessReportsWrites(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	h := &Hook{ID: "fixer", PassFiles: true, Root: "sub", ReportsWrites: true}
	h.Builtin = func(ctx context.Context, dir string, files []string) (int, []byte) {
		RecordWrite(ctx, filepath.Join(dir, "z.txt"))
		RecordWrite(ctx, "a.txt")
		RecordWrite(ctx, "a.txt")
		return 0, nil
	}
	r := InProcess{Root: root}
	oc, err := r.Run(t.Context(), Job{Hook: h, Files: []string{"sub/a.txt", "sub/z.txt"}}, Fix, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sub/a.txt", "sub/z.txt"}; !slices.Equal(oc.Wrote, want) {
		t.Errorf("Wrote = %q, want %q", oc.Wrote, want)
	}
	h.ReportsWrites = false
	if oc, _ := r.Run(t.Context(), Job{Hook: h, Files: []string{"sub/a.txt"}}, Fix, nil); oc.Wrote != nil {
		t.Errorf("Wrote = %q without ReportsWrites, want nil", oc.Wrote)
	}
}
