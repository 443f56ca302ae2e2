package sched

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func seq(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("f%02d", i)
	}
	return out
}

func sizes(batches [][]string) []int {
	out := make([]int, len(batches))
	for i, b := range batches {
		out[i] = len(b)
	}
	return out
}

func TestSplit(t *testing.T) {
	t.Parallel()
	perFile := &hooks.Hook{ID: "lint", PassFiles: true}
	// Each "fNN" argument costs 3 bytes, a NUL and an 8-byte pointer: 12 bytes.
	tests := []struct {
		name     string
		hook     *hooks.Hook
		files    []string
		slots    int
		argLimit int
		want     []int // batch sizes
	}{
		{"a serial hook gets one batch", &hooks.Hook{PassFiles: true, Serial: true}, seq(40), 8, 0, []int{40}},
		{"a serial hook is cut only past the arg limit", &hooks.Hook{PassFiles: true, Serial: true}, seq(10), 8, 36, []int{3, 3, 3, 1}},
		{"a hook that takes no files gets one batch", &hooks.Hook{}, seq(40), 8, 0, []int{40}},
		{"no files give one empty batch", perFile, nil, 8, 0, []int{0}},
		{"fewer than eight files are not split", perFile, seq(7), 8, 0, []int{7}},
		{"eight files make two batches of four", perFile, seq(8), 8, 0, []int{4, 4}},
		{"files spread evenly over the slots, larger batches first", perFile, seq(50), 4, 0, []int{13, 13, 12, 12}},
		{"ten files over four slots make two batches of five", perFile, seq(10), 4, 0, []int{5, 5}},
		{"zero slots count as one", perFile, seq(10), 0, 0, []int{10}},
		{"one slot keeps every file together under the limit", perFile, seq(10), 1, 0, []int{10}},
		{"the arg limit cuts a batch", perFile, seq(10), 1, 36, []int{3, 3, 3, 1}},
		{"the arg limit cuts each slot's batch", perFile, seq(16), 2, 48, []int{4, 4, 4, 4}},
		{"a limit below one file's size puts each file alone", perFile, seq(3), 1, 5, []int{1, 1, 1}},
		{"a file longer than the limit goes alone", perFile, []string{"a", strings.Repeat("x", 100), "b"}, 1, 40, []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Split(tt.hook, tt.files, tt.slots, tt.argLimit)
			if !slices.Equal(sizes(got), tt.want) {
				t.Errorf("Split batch sizes = %v, want %v", sizes(got), tt.want)
			}
			if tt.files != nil && !slices.Equal(slices.Concat(got...), tt.files) {
				t.Errorf("Split batches = %v, want the files in order", got)
			}
		})
	}
}

// TestSplitEveryFileOnce checks on random inputs that the batches, joined, are the input:
// every file reaches its hook exactly once and in order, and no batch of two or more files
// exceeds the limit or the slot count.
func TestSplitEveryFileOnce(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2)) // fixed seed: failures reproduce
	h := &hooks.Hook{ID: "lint", PassFiles: true}
	for range 500 {
		files := make([]string, rng.IntN(300))
		for i := range files {
			files[i] = fmt.Sprintf("dir%d/%s%05d", rng.IntN(5), strings.Repeat("n", rng.IntN(40)), i)
		}
		slices.Sort(files)
		slots, limit := rng.IntN(20), rng.IntN(3000)
		got := Split(h, files, slots, limit)
		if !slices.Equal(slices.Concat(got...), files) {
			t.Fatalf("Split(%d files, slots %d, limit %d) lost, repeated or reordered files", len(files), slots, limit)
		}
		for _, b := range got {
			if len(b) > 1 && limit > 0 && ArgSize(b) > limit {
				t.Fatalf("Split(slots %d, limit %d) made a batch of %d bytes", slots, limit, ArgSize(b))
			}
		}
		if limit == 0 && len(got) > max(slots, 1) {
			t.Fatalf("Split(%d files, slots %d) made %d batches", len(files), slots, len(got))
		}
	}
}

func TestSplitBatchesDoNotShareSpace(t *testing.T) {
	t.Parallel()
	h := &hooks.Hook{ID: "lint", PassFiles: true}
	got := Split(h, seq(8), 2, 0)
	_ = append(got[0], "extra")
	if got[1][0] != "f04" {
		t.Errorf("appending to batch 0 changed batch 1 to %v", got[1])
	}
}

func TestArgLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  []string
		want func(int) bool
		what string
	}{
		{"an empty environment leaves about the cap", nil, func(n int) bool { return n >= DefaultArgLimit-argHeadroom }, "at least DefaultArgLimit-2048"},
		{"a large environment takes its size off", []string{strings.Repeat("x", 2<<20)}, func(n int) bool { return n == minArgLimit }, "4 KiB"},
		{"the limit is never above the cap", []string{"A=b"}, func(n int) bool { return n <= argCap && n >= minArgLimit }, "within [4 KiB, argCap]"},
	}
	if sysArgMax() >= 2<<20 { // Linux with the usual 8 MiB stack, or more
		tests = append(tests, struct {
			name string
			env  []string
			want func(int) bool
			what string
		}{"a roomy ARG_MAX gives the whole cap", []string{"A=b"}, func(n int) bool { return n == argCap }, "argCap"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ArgLimit(tt.env); !tt.want(got) {
				t.Errorf("ArgLimit = %d, want %s", got, tt.what)
			}
		})
	}
}

func TestArgSize(t *testing.T) {
	t.Parallel()
	if got, want := ArgSize([]string{"ab", ""}), (2+1+8)+(0+1+8); got != want {
		t.Errorf("ArgSize = %d, want %d", got, want)
	}
}

// TestSplitAtCommonBounds: hooks cut at the bounds of the union of their files get
// batches that pair up: no file of one hook's batch k is in another's batch j != k.
func TestSplitAtCommonBounds(t *testing.T) {
	t.Parallel()
	all := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	bounds := Bounds(all, 2)
	if want := []string{"f"}; !slices.Equal(bounds, want) {
		t.Fatalf("Bounds = %q, want %q", bounds, want)
	}
	for _, tc := range []struct {
		files []string
		want  [][]string
	}{
		{[]string{"a", "c", "g", "j"}, [][]string{{"a", "c"}, {"g", "j"}}},
		{[]string{"b", "d"}, [][]string{{"b", "d"}}},
		{[]string{"f", "h"}, [][]string{{"f", "h"}}},
		{nil, [][]string{nil}},
	} {
		got := SplitAt(tc.files, bounds)
		if len(got) != len(tc.want) {
			t.Errorf("SplitAt(%q) = %q, want %q", tc.files, got, tc.want)
			continue
		}
		for i := range got {
			if !slices.Equal(got[i], tc.want[i]) {
				t.Errorf("SplitAt(%q) = %q, want %q", tc.files, got, tc.want)
			}
		}
	}
	if b := Bounds(all[:8], 2); len(b) != 1 {
		t.Errorf("Bounds of 8 files in 2 parts = %q, want one cut", b)
	}
	if b := Bounds(all[:3], 2); b != nil {
		t.Errorf("Bounds of 3 files = %q, want none (fewer than two batches' worth)", b)
	}
}
