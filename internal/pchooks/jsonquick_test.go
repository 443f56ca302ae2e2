package pchooks

import (
	"fmt"
	"math/rand/v2"
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
	accepted := jsonQuickAccepted()
	rejected := pythonRejects(t, accepted, "from pre_commit_hooks.check_json import raise_duplicate_keys\nimport json",
		"json.load(f, object_pairs_hook=raise_duplicate_keys)", "ValueError")
	for _, r := range rejected {
		t.Errorf("%q: the fast path accepts it, Python says %s", clip(accepted[r.i]), r.line)
	}
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
	var docs []string
	for _, d := range jsonEdgeFiles() {
		docs = append(docs, d)
	}
	docs = append(docs, jsonQuickSeeds...)
	rng := rand.New(rand.NewPCG(13, 13))
	for _, seed := range jsonQuickSeeds {
		for range 3000 {
			docs = append(docs, mutateJSON(rng, seed))
		}
	}
	var accepted []string
	for _, d := range docs {
		if jsonQuickOK([]byte(d)) {
			accepted = append(accepted, d)
		}
	}
	return accepted
}

// mutateJSON changes a few bytes of doc: drops one, doubles one, or puts a character
// that matters to JSON in.
func mutateJSON(rng *rand.Rand, doc string) string {
	b := []byte(doc)
	for range 1 + rng.IntN(3) {
		i := rng.IntN(len(b))
		switch rng.IntN(3) {
		case 0:
			b = append(b[:i], b[i+1:]...)
		case 1:
			b = append(b[:i+1], b[i:]...)
		default:
			const marks = "{}[]:,\"\\-+.eE0 1\x01\xff\x00ku"
			b[i] = marks[rng.IntN(len(marks))]
		}
	}
	return string(b)
}
