package engine

import (
	"slices"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// TestPreCommitModified: a hook that may stage modified what pre-commit says it did, the
// files whose difference from the index changed around it.
func TestPreCommitModified(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		changed       []string // content the job changed (the scheduler's hashes)
		before, after []string // unstaged around it
		want          []string
	}{
		{"a fix it staged is no change", []string{"a.py"}, nil, nil, nil},
		{"a fix it left unstaged is one", []string{"a.py"}, nil, []string{"a.py"}, []string{"a.py"}},
		{"staging another hook's fix is one", nil, []string{"b.txt"}, nil, []string{"b.txt"}},
		{"an unstaged file it left alone is none", nil, []string{"b.txt"}, []string{"b.txt"}, nil},
		{"an unstaged file it changed again is one", []string{"b.txt"}, []string{"b.txt"}, []string{"b.txt"}, []string{"b.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j := hooks.Job{Hook: &hooks.Hook{ID: "stage", PassFiles: true, WritesIndex: true}, Files: []string{"a.py"}, Writes: true}
			e := &Engine{staging: map[jobKey]unstagedAround{keyOf(j): {tt.before, tt.after}}}
			r := hooks.Result{Job: j, Status: hooks.Passed, Modified: tt.changed}
			e.preCommitModified(&r)
			if !slices.Equal(r.Modified, tt.want) {
				t.Errorf("Modified = %v, want %v", r.Modified, tt.want)
			}
			e.preCommitModified(&r) // the policy may be applied twice
			if !slices.Equal(r.Modified, tt.want) {
				t.Errorf("applied twice, Modified = %v, want %v", r.Modified, tt.want)
			}
		})
	}
}
