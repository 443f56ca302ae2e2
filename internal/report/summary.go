package report

import (
	"fmt"
	"strings"

	"github.com/hookrun/hookrun/hooks"
)

// Summary counts a run's hooks by how they ended. The plain summary that cmd/hookrun
// prints and the live view's closing line both render it, so they count alike.
type Summary struct {
	Hooks    int                  // every selected hook, skipped ones too
	ByStatus map[hooks.Status]int // hooks per status
	Failed   int                  // hooks that fail the run: modified files, failed or cancelled
}

// summaryOrder is the order the closing line names the statuses in.
var summaryOrder = []hooks.Status{hooks.Passed, hooks.Failed, hooks.Modified, hooks.Skipped, hooks.NoFiles, hooks.Cancelled}

// Summarize counts the hooks' reports (one per hook, as Fold returns them).
func Summarize(reps []HookReport) Summary {
	s := Summary{Hooks: len(reps), ByStatus: make(map[hooks.Status]int)}
	for i := range reps {
		s.ByStatus[reps[i].Status]++
		if reps[i].failed() {
			s.Failed++
		}
	}
	return s
}

// String is the count in words, statuses with no hook left out: "3 hooks: 2 passed, 1
// failed".
func (s Summary) String() string {
	var parts []string
	for _, st := range summaryOrder {
		if n := s.ByStatus[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return fmt.Sprintf("%d %s: %s", s.Hooks, plural(s.Hooks, "hook", "hooks"), strings.Join(parts, ", "))
}
