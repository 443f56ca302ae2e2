package pchooks

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestAsksAreAsked: the questions a native hook says it asks git whatever its files
// (Asks, which a caller asks ahead) are ones it asks, without stdin, when it runs; so
// asking them ahead is never wasted.
func TestAsksAreAsked(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id   string
		args []string
	}{
		{"check-case-conflict", nil},
		{"check-added-large-files", nil},
		{"check-added-large-files", []string{"--enforce-all"}},
		{"check-merge-conflict", nil},
		{"check-executables-have-shebangs", nil},
	}
	withAsks := 0
	for _, id := range IDs() {
		if registry[id].Asks != nil {
			withAsks++
		}
	}
	if withAsks != 4 {
		t.Errorf("%d hooks have Asks; the cases here cover 4", withAsks)
	}
	for _, c := range cases {
		f, ok, err := Lookup(c.id, c.args)
		if !ok || err != nil {
			t.Fatalf("Lookup(%s): %v %v", c.id, ok, err)
		}
		var asked []string
		env := Env{Dir: t.TempDir(), Git: func(_ context.Context, stdin []byte, args ...string) ([]byte, error) {
			if stdin == nil {
				asked = append(asked, strings.Join(args, " "))
			}
			if args[0] == "rev-parse" {
				return []byte(".git\n"), nil
			}
			return nil, nil
		}}
		f(t.Context(), env, nil)
		for _, q := range Asks(c.id, c.args) {
			if !slices.Contains(asked, strings.Join(q, " ")) {
				t.Errorf("%s %q: Asks has git %s, which it did not ask (it asked %q)", c.id, c.args, strings.Join(q, " "), asked)
			}
		}
	}
	if Asks("check-added-large-files", []string{"--enforce-all"}) != nil || Asks("trailing-whitespace", nil) != nil {
		t.Error("Asks has questions for a hook that asks none")
	}
}
