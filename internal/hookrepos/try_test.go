package hookrepos

import (
	"slices"
	"testing"
)

func TestTryArgs(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name            string
		args            []string
		repo, hook, ref string
		run             []string
		ok              bool
	}{
		{"a repository alone", []string{"../r"}, "../r", "", "", nil, true},
		{"a hook after the repository", []string{"../r", "say", "--all-files"}, "../r", "say", "", []string{"--all-files"}, true},
		{"--ref with a value", []string{"u", "--ref", "v1", "--files", "a.py"}, "u", "", "v1", []string{"--files", "a.py"}, true},
		{"--rev=", []string{"u", "h", "--rev=abc", "-v"}, "u", "h", "abc", []string{"-v"}, true},
		{"no repository", []string{"--all-files"}, "", "", "", nil, false},
	} {
		repo, opt, run, ok := TryArgs(c.args)
		if repo != c.repo || opt.Hook != c.hook || opt.Ref != c.ref || !slices.Equal(run, c.run) || ok != c.ok {
			t.Errorf("%s: TryArgs(%q) = %q %+v %q %v", c.name, c.args, repo, opt, run, ok)
		}
	}
}
