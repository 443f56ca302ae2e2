package main

import (
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestShippedHooksEndFlags: every hook in .pre-commit-hooks.yaml that gets file names
// ends its flags with "--", so that a staged file named --check is checked, not taken for
// a flag (pre-commit appends names as they are).
func TestShippedHooksEndFlags(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hs []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		PassFilenames *bool  `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal(data, &hs); err != nil {
		t.Fatal(err)
	}
	if len(hs) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hs {
		if h.PassFilenames != nil && !*h.PassFilenames {
			continue
		}
		if !strings.HasSuffix(h.Entry, " --") {
			t.Errorf("hook %s: entry %q does not end with \" --\"", h.ID, h.Entry)
		}
	}
}
