package engine

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/gitrepo"
)

// TestSharesReadsOnlyAmongReportingHooks: in-process hooks share what they read only when
// every writer of the run reports its writes: a command that writes, or an in-process
// writer that does not report, could change a file behind the cache.
func TestSharesReadsOnlyAmongReportingHooks(t *testing.T) {
	t.Parallel()
	builtin := func(context.Context, string, []string) (int, []byte) { return 0, nil }
	reporting := hooks.Job{Hook: &hooks.Hook{ID: "fixer", Builtin: builtin, ReportsWrites: true, PassFiles: true}, Writes: true}
	check := hooks.Job{Hook: &hooks.Hook{ID: "check", Builtin: builtin}}
	silent := hooks.Job{Hook: &hooks.Hook{ID: "silent", Builtin: builtin}, Writes: true}
	command := hooks.Job{Hook: &hooks.Hook{ID: "black", FixCmd: "black"}, Writes: true}
	for _, tc := range []struct {
		jobs []hooks.Job
		want bool
	}{
		{[]hooks.Job{reporting, check}, true},
		{[]hooks.Job{reporting, check, silent}, false},
		{[]hooks.Job{reporting, check, command}, false},
		{[]hooks.Job{check, {Hook: command.Hook}}, false},
	} {
		if got := sharesReads(tc.jobs); got != tc.want {
			t.Errorf("sharesReads(%v) = %v, want %v", names(tc.jobs), got, tc.want)
		}
	}
}

func names(jobs []hooks.Job) []string {
	var out []string
	for _, j := range jobs {
		out = append(out, j.Hook.ID)
	}
	return out
}

// TestWarmOncePerHook: warm calls the Warm of each hook of the jobs once, however many
// batches it has, with the hook's directory, and what it returns waits for them.
func TestWarmOncePerHook(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	var mu sync.Mutex
	warmed := map[string]int{}
	dirs := map[string]string{}
	warmer := func(id string) func(context.Context, string) {
		return func(_ context.Context, dir string) {
			time.Sleep(10 * time.Millisecond)
			mu.Lock()
			warmed[id]++
			dirs[id] = dir
			mu.Unlock()
		}
	}
	a := &hooks.Hook{ID: "a", Warm: warmer("a")}
	b := &hooks.Hook{ID: "b", Warm: warmer("b"), Root: "sub"}
	none := &hooks.Hook{ID: "none"}
	e := New(Options{Repo: &gitrepo.Repo{Root: root}, Mode: hooks.Fix})
	e.warm(t.Context(), []hooks.Job{{Hook: a}, {Hook: a, Batch: 1}, {Hook: b}, {Hook: none}})()
	mu.Lock()
	defer mu.Unlock()
	if warmed["a"] != 1 || warmed["b"] != 1 || len(warmed) != 2 {
		t.Errorf("warmed %v, want a and b once each (and waited for)", warmed)
	}
	if dirs["a"] != root || dirs["b"] != filepath.Join(root, "sub") {
		t.Errorf("warmed in %v, want a in the root, b in its root sub", dirs)
	}
}
