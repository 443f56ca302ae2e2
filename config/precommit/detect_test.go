package precommit

import (
	"os"
	"path/filepath"
	"testing"
)

func TestIsConfigFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct {
		name, file, data string
		want             bool
	}{
		{"a top-level repos key under any name is pre-commit's", "ci.yaml", "repos: []\n", true},
		{"repos after other keys still counts", "hooks.yml", "fail_fast: true\nrepos:\n- repo: local\n  hooks: []\n", true},
		{"a hookrun.yaml under another name is not", "mine.yaml", "version: 1\nhooks: []\n", false},
		{"repos nested below the top level is not", "nested.yaml", "hooks:\n  repos: []\n", false},
		{"a pre-commit-config name counts even when empty", "x.pre-commit-config.yaml", "", true},
		{"invalid YAML under another name is not", "bad.yaml", "repos: [\n", false},
		{"a missing file is not", "", "", false},
	} {
		path := filepath.Join(dir, tt.file)
		if tt.file != "" {
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			path = filepath.Join(dir, "absent.yaml")
		}
		if got := IsConfigFile(path); got != tt.want {
			t.Errorf("%s: IsConfigFile(%s) = %v, want %v", tt.name, tt.file, got, tt.want)
		}
	}
}
