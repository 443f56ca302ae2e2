package precommit

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// TestSampleConfigIsValidAndPinnedToARealRelease: the sample parses without a warning,
// and its rev is the pre-commit-hooks release the tests install and pin, so it names a
// tag that exists.
func TestSampleConfigIsValidAndPinnedToARealRelease(t *testing.T) {
	t.Parallel()
	c, warnings, err := Parse(FileName, []byte(SampleConfig))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("sample config: %v %v", err, warnings)
	}
	req, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tools", "requirements.txt"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^pre-commit-hooks==(\S+)$`).FindSubmatch(req)
	if m == nil {
		t.Fatal("requirements.txt pins no pre-commit-hooks")
	}
	if got, want := c.Repos[0].Rev, "v"+string(m[1]); got != want {
		t.Errorf("sample rev %s, want the pinned release %s", got, want)
	}
	if n := len(c.Repos[0].Hooks); n != 4 {
		t.Errorf("sample has %d hooks, want pre-commit's 4", n)
	}
}
