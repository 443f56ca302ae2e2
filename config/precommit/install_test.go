package precommit

import (
	"slices"
	"testing"
)

func TestInstallStages(t *testing.T) {
	for _, tc := range []struct{ types, stages, others []string }{
		{types: []string{"pre-commit"}, stages: []string{"pre-commit"}},
		{types: []string{"pre-push", "post-rewrite"}, stages: []string{"pre-push"}, others: []string{"post-rewrite"}},
		{types: []string{"post-rewrite"}, stages: []string{"pre-commit"}, others: []string{"post-rewrite"}},
	} {
		c := &Config{DefaultInstallHookTypes: tc.types}
		if stages, others := c.InstallStages(); !slices.Equal(stages, tc.stages) || !slices.Equal(others, tc.others) {
			t.Errorf("%q: InstallStages() = %q, %q; want %q, %q", tc.types, stages, others, tc.stages, tc.others)
		}
	}
}
