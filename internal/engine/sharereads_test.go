package engine

import (
	"context"
	"testing"

	"github.com/hookrun/hookrun/hooks"
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
