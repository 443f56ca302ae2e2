package pchooks

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestJSONQuickOnlyAccepts holds the fast path to what the full check accepts, on the
// edge files and many mutations of plain documents.
func TestJSONQuickOnlyAccepts(t *testing.T) {
	t.Parallel()
	fullAccepts(t, "", jsonQuickAccepted(), 200, checkJSONBytes)
}

// TestJSONQuickMatchesPython holds the fast path to the pinned Python's json.loads with
// check-json's duplicate-key hook: every document it accepts, Python accepts.
func TestJSONQuickMatchesPython(t *testing.T) {
	t.Parallel()
	pythonAccepts(t, "", "Python", jsonQuickAccepted(), "from pre_commit_hooks.check_json import raise_duplicate_keys\nimport json",
		"json.load(f, object_pairs_hook=raise_duplicate_keys)", "ValueError")
}

// jsonQuickSeeds are plain, valid documents the fast path must accept.
var jsonQuickSeeds = []string{
	"{\"a\": [1, -0, 2.5e-3, 1E+2, true, false, null], \"b\": {\"c\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud800 \u20ac\"}, \"\": {}}\n",
	"[{\"k1\": 1, \"k2\": [], \"k3\": {\"k1\": 2}}, \"caf\u00e9\", 0.5, -12]\r\n",
	"\t\"scalar\" ",
	"{" + jsonManyKeys(40) + "}",
}

// jsonManyKeys is n distinct keys with values, comma-separated.
func jsonManyKeys(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, fmt.Sprintf("\"k%d\": %d", i, i))
	}
	return strings.Join(parts, ", ")
}

// jsonQuickAccepted is what the fast path accepts of the edge files, the seeds and
// many mutations of them.
func jsonQuickAccepted() []string {
	return quickAccepted(slices.Collect(maps.Values(jsonEdgeFiles())), jsonQuickSeeds, 3000,
		"{}[]:,\"\\-+.eE0 1\x01\xff\x00ku", nil, func(d string) bool { return jsonQuickOK([]byte(d)) })
}
