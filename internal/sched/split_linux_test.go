package sched

import (
	"fmt"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// On Linux a batch holds up to 1 MiB of arguments, as prek's do: a 20,000-file hook is
// 2 processes, not the 5 that pre-commit's 128 KiB makes.
func TestArgCapLinux(t *testing.T) {
	t.Parallel()
	if argCap != 1<<20 {
		t.Fatalf("argCap = %d, want 1 MiB", argCap)
	}
	h := &hooks.Hook{ID: "lint", PassFiles: true}
	files := make([]string, 20000)
	for i := range files {
		files[i] = fmt.Sprintf("src/d%02d/d%02d/file%05d.txt", i/400, i/20%20, i)
	}
	if got := Split(h, files, 1, argCap); len(got) != 1 {
		t.Errorf("20,000 names of 26 bytes in 1 MiB: %d batches, want 1", len(got))
	}
	if got := Split(h, files, 1, DefaultArgLimit); len(got) < 5 {
		t.Errorf("the same in 128 KiB: %d batches, want at least 5", len(got))
	}
}
