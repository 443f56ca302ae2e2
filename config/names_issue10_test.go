package config

import (
	"regexp"
	"testing"
)

// TestNameChecksMatchTheirRegexps: validID, validType and validEnvName, written byte by
// byte so that no regexp is compiled at start-up, accept exactly what the regexps they
// replaced accept.
func TestNameChecksMatchTheirRegexps(t *testing.T) {
	t.Parallel()
	checks := []struct {
		name  string
		re    *regexp.Regexp
		valid func(string) bool
	}{
		{"validID", regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`), validID},
		{"validType", regexp.MustCompile(`^[a-z0-9+_-]+$`), validType},
		{"validEnvName", regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`), validEnvName},
	}
	inputs := []string{
		"", "a", "A", "0", "_", "-", ".", "+", "a-b", "a_b", "a.b", "a+b", "c++", "-a", ".a", "_a",
		"0a", "a0", "Lint", "PATH", "MY_VAR", "1VAR", "a b", "a\n", "\na", "é", "aé", "a/b",
		"a\x00", "a:b", "go", "python3", "ruff-check", "Z9_.-", "a$", "^a",
	}
	for _, c := range checks {
		for _, in := range inputs {
			if got, want := c.valid(in), c.re.MatchString(in); got != want {
				t.Errorf("%s(%q) = %v, its regexp says %v", c.name, in, got, want)
			}
		}
		for b := range 256 {
			for _, in := range []string{string([]byte{byte(b)}), "a" + string([]byte{byte(b)}), "_" + string([]byte{byte(b)})} {
				if got, want := c.valid(in), c.re.MatchString(in); got != want {
					t.Errorf("%s(%q) = %v, its regexp says %v", c.name, in, got, want)
				}
			}
		}
	}
}
