package engine

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

func numbered(n int) []string {
	files := make([]string, n)
	for i := range files {
		files[i] = fmt.Sprintf("f%05d", i)
	}
	return files
}

// shardsOf runs ShardSelections for every shard of n over copies of sel.
func shardsOf(sel []hooks.Selection, n int, whole func(*hooks.Hook) bool) [][]hooks.Selection {
	out := make([][]hooks.Selection, n)
	for i := range n {
		out[i] = slices.Clone(sel)
		ShardSelections(out[i], Shard{Index: i + 1, Total: n}, whole)
	}
	return out
}

func isWhole(h *hooks.Hook) bool { return !h.PassFiles }

func TestShardsRunEveryFileOncePerHook(t *testing.T) {
	t.Parallel()
	hs := []*hooks.Hook{
		{ID: "big", PassFiles: true},
		{ID: "odd", PassFiles: true},
		{ID: "tiny", PassFiles: true},
		{ID: "project", PassFiles: false},
		{ID: "always", PassFiles: true},
		{ID: "skipped", PassFiles: true},
	}
	sel := []hooks.Selection{
		{Hook: hs[0], Files: numbered(2000)},
		{Hook: hs[1], Files: numbered(1003)},
		{Hook: hs[2], Files: numbered(2)},
		{Hook: hs[3], Files: numbered(500)},
		{Hook: hs[4]}, // always_run, no files
		{Hook: hs[5], Files: numbered(10), Skip: "skipped by SKIP"},
	}
	for _, n := range []int{1, 2, 3, 4, 7} {
		t.Run(fmt.Sprintf("%d shards", n), func(t *testing.T) {
			t.Parallel()
			shards := shardsOf(sel, n, isWhole)
			for h, s := range sel {
				seen := map[string]int{}
				runs := 0
				for _, shard := range shards {
					got := shard[h]
					if got.Hook != s.Hook {
						t.Fatalf("shard changed the hooks' order")
					}
					if got.Skip != "" {
						continue
					}
					runs++
					for _, f := range got.Files {
						seen[f]++
					}
				}
				switch {
				case s.Skip != "":
					if runs != 0 {
						t.Errorf("%s: a skipped hook ran in %d shards", s.Hook.ID, runs)
					}
					continue
				case len(s.Files) == 0 || !s.Hook.PassFiles:
					if runs != 1 {
						t.Errorf("%s: a whole hook ran in %d shards, want 1", s.Hook.ID, runs)
					}
				}
				if want := s.Files; !slices.Equal(slices.Sorted(maps.Keys(seen)), want) && len(want) > 0 {
					t.Errorf("%s: the shards ran %d distinct files, want %d", s.Hook.ID, len(seen), len(want))
				}
				for f, c := range seen {
					if c != 1 {
						t.Errorf("%s: %s ran %d times", s.Hook.ID, f, c)
					}
				}
			}
		})
	}
}

func TestShardsBalanceFilesAndWholeHooks(t *testing.T) {
	t.Parallel()
	hs := []*hooks.Hook{
		{ID: "a", PassFiles: true},
		{ID: "b", PassFiles: true},
		{ID: "c", PassFiles: true},
		{ID: "mypy"},
		{ID: "tsc"},
		{ID: "tidy"},
		{ID: "vet"},
	}
	sel := []hooks.Selection{
		{Hook: hs[0], Files: numbered(5)},
		{Hook: hs[1], Files: numbered(5)},
		{Hook: hs[2], Files: numbered(5)},
		{Hook: hs[3], Files: numbered(40)},
		{Hook: hs[4], Files: numbered(30)},
		{Hook: hs[5], Files: numbered(1)},
		{Hook: hs[6], Files: numbered(10)},
	}
	shards := shardsOf(sel, 4, isWhole)
	var loads []int
	for _, shard := range shards {
		load := 0
		for _, s := range shard {
			if s.Skip == "" {
				load += max(1, len(s.Files))
			}
		}
		loads = append(loads, load)
	}
	// 15 split files put one or two per hook in each shard (one-larger parts taking
	// turns: 4, 4, 4, 3); then mypy (40), tsc (30), vet (10) and tidy (1) each take the
	// lightest shard.
	if want := []int{34, 14, 5, 43}; !slices.Equal(loads, want) {
		t.Errorf("files per shard = %v, want %v", loads, want)
	}
	if got := shards[0][3].Skip; got != "runs in shard 4/4" {
		t.Errorf("mypy in shard 1: Skip = %q, want it named where it runs", got)
	}
}

func TestShardSelectionsDependOnlyOnTheArguments(t *testing.T) {
	t.Parallel()
	h := &hooks.Hook{ID: "a", PassFiles: true}
	sel := []hooks.Selection{{Hook: h, Files: numbered(10)}, {Hook: h, Files: numbered(3)}}
	first, again := shardsOf(sel, 4, isWhole), shardsOf(sel, 4, isWhole)
	for i := range first {
		for j := range first[i] {
			if !slices.Equal(first[i][j].Files, again[i][j].Files) || first[i][j].Skip != again[i][j].Skip {
				t.Fatalf("shard %d hook %d differs between two calls", i+1, j)
			}
		}
	}
	// Parts are contiguous runs of the sorted files, so a directory stays together.
	if got := first[0][0].Files; !slices.Equal(got, numbered(3)) {
		t.Errorf("shard 1 of 10 files = %v, want the first three", got)
	}
	// The second hook's three files go to the shards after the first's larger parts.
	if got := first[1][1].Skip; got != "no files in shard 2/4" {
		t.Errorf("a hook with fewer files than shards: Skip = %q", got)
	}
}

func TestParseShard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       Shard
		err        string
	}{
		{"empty is the whole run", "", Shard{}, ""},
		{"I/N names a shard from 1", "2/4", Shard{2, 4}, ""},
		{"the last shard is N", "4/4", Shard{4, 4}, ""},
		{"auto takes the CI's shard", "auto", Shard{3, 5}, ""},
		{"0 is no shard", "0/4", Shard{}, "from 1 to 4"},
		{"an index past N is no shard", "5/4", Shard{}, "from 1 to 4"},
		{"no shards at all", "1/0", Shard{}, "at least one"},
		{"words are no shard", "a/b", Shard{}, "not numbers"},
		{"a lone number is no shard", "3", Shard{}, "is not I/N"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseShard(tt.text, Shard{3, 5}, nil)
			if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseShard(%q) = %v, %v; want %v, %q", tt.text, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCIShardReadsEachCI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want Shard
		err  string
	}{
		{"nothing set is the whole run", nil, Shard{}, ""},
		{"HOOKRUN_SHARD, from a GitHub matrix", map[string]string{"HOOKRUN_SHARD": "2/3"}, Shard{2, 3}, ""},
		{"HOOKRUN_SHARD comes first", map[string]string{"HOOKRUN_SHARD": "1/2", "CIRCLE_NODE_TOTAL": "4", "CIRCLE_NODE_INDEX": "3"}, Shard{1, 2}, ""},
		{"a bad HOOKRUN_SHARD is named", map[string]string{"HOOKRUN_SHARD": "2-3"}, Shard{}, "HOOKRUN_SHARD"},
		{"HOOKRUN_SHARD=auto would loop", map[string]string{"HOOKRUN_SHARD": "auto"}, Shard{}, "give I/N"},
		{"CircleCI counts from 0", map[string]string{"CIRCLE_NODE_TOTAL": "4", "CIRCLE_NODE_INDEX": "0"}, Shard{1, 4}, ""},
		{"CircleCI's last node", map[string]string{"CIRCLE_NODE_TOTAL": "4", "CIRCLE_NODE_INDEX": "3"}, Shard{4, 4}, ""},
		{"CircleCI without parallelism", map[string]string{"CIRCLE_NODE_TOTAL": "1", "CIRCLE_NODE_INDEX": "0"}, Shard{}, ""},
		{"a CircleCI index past the total", map[string]string{"CIRCLE_NODE_TOTAL": "4", "CIRCLE_NODE_INDEX": "4"}, Shard{}, "CIRCLE_NODE_INDEX=4 with CIRCLE_NODE_TOTAL=4: the index must be from 0 to 3"},
		{"GitLab counts from 1", map[string]string{"CI_NODE_TOTAL": "3", "CI_NODE_INDEX": "1"}, Shard{1, 3}, ""},
		{"GitLab's last node", map[string]string{"CI_NODE_TOTAL": "3", "CI_NODE_INDEX": "3"}, Shard{3, 3}, ""},
		{"GitLab without parallel: sets the total alone", map[string]string{"CI_NODE_TOTAL": "1"}, Shard{}, ""},
		{"a GitLab index of 0", map[string]string{"CI_NODE_TOTAL": "3", "CI_NODE_INDEX": "0"}, Shard{}, "from 1 to 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := CIShard(func(k string) string { return tt.env[k] })
			if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("CIShard = %v, %v; want %v, %q", got, err, tt.want, tt.err)
			}
		})
	}
}
