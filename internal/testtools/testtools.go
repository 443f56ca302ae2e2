// Package testtools finds the pinned tools .ci/install-tools installs for the tests
// (pre-commit, pre-commit-hooks, ...). It imports nothing of hookrun, so the tests of
// any package may use it, including those precommittest cannot serve (it imports
// config/precommit, which imports pchooks).
package testtools

import (
	"os"
	"path/filepath"
	"strings"
)

// Dir is where .ci/install-tools puts the pinned tools.
func Dir() string {
	if dir := os.Getenv("HOOKRUN_TOOLS_DIR"); dir != "" {
		return dir
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".cache", "hookrun-tools")
}

// Required reports whether HOOKRUN_REQUIRE_TOOLS lists tool (or all): then a missing
// tool fails the test instead of skipping it.
func Required(tool string) bool {
	for _, name := range strings.FieldsFunc(os.Getenv("HOOKRUN_REQUIRE_TOOLS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		if name == tool || name == "all" {
			return true
		}
	}
	return false
}
