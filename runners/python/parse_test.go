package python

import (
	"testing"

	"github.com/hookrun/hookrun/runners/tool/tooltest"
)

// TestParseCaptures reads each capture in testdata (raw output of the pinned tool,
// written by go test ./runners -run TestTools -update) and checks the parser and the
// verdict against it.
func TestParseCaptures(t *testing.T) {
	t.Parallel()
	tooltest.Check(t, Tools(), "testdata")
}
