package cliflag

import (
	"slices"
	"testing"
)

func TestParseInterspersed(t *testing.T) {
	for _, tc := range []struct {
		args, pos []string
		all       bool
	}{
		{args: []string{"lint", "--all", "fmt"}, pos: []string{"lint", "fmt"}, all: true},
		{args: []string{"--all", "--", "--jobs", "x"}, pos: []string{"--jobs", "x"}, all: true},
		{args: []string{"lint"}, pos: []string{"lint"}},
	} {
		fs := newSet()
		pos, err := ParseInterspersed(fs, tc.args)
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		if all := fs.Lookup("all").Value.String() == "true"; !slices.Equal(pos, tc.pos) || all != tc.all {
			t.Errorf("%q: positional %q, --all %v; want %q, %v", tc.args, pos, all, tc.pos, tc.all)
		}
	}
	var s Strings
	_ = s.Set("a")
	_ = s.Set("b")
	if s.String() != "a,b" {
		t.Errorf("Strings = %q, want a,b", s.String())
	}
}
