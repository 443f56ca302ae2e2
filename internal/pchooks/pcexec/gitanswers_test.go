package pcexec

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLocalFileMode answers core.fileMode from the repository's config only where git
// would surely print the same.
func TestLocalFileMode(t *testing.T) {
	cases := []struct {
		config string
		env    []string
		extra  string // another file in the git directory
		want   string // "" for: ask git
	}{
		{config: "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n", want: "true"},
		{config: "[core]\n\tfilemode = false\n[remote \"origin\"]\n\turl = x\n", want: "false"},
		{config: "[Core]\n\tfileMode=False\n\tfilemode = true\n\tFILEMODE = false\n", want: "false"},
		{config: "[core]\n\tbare = false\n"},
		{config: "[core]\n\tfilemode\n"},
		{config: "[core]\n\tfilemode = \"false\"\n"},
		{config: "[core]\n\tfilemode = false # no\n"},
		{config: "[core] filemode = false\n"},
		{config: "[core]\n\tfilemode = tr\\\nue\n"},
		{config: "[core]\n\tfilemode = true\n[include]\n\tpath = more\n"},
		{config: "[includeIf \"gitdir:/x/\"]\n\tpath = more\n[core]\n\tfilemode = true\n"},
		{config: "[core \"sub\"]\n\tfilemode = false\n"},
		{config: "[core]\n\tfilemode = true\n[core \"sub\"]\n\tfilemode = false\n", want: "true"},
		{config: "[core]\n\tfilemode = true\n", env: []string{"GIT_CONFIG_PARAMETERS='core.filemode'='false'"}},
		{config: "[core]\n\tfilemode = true\n", env: []string{"GIT_CONFIG_COUNT=1"}},
		{config: "[core]\n\tfilemode = true\n", extra: "config.worktree"},
		{config: "[core]\n\tfilemode = true\n", extra: "commondir"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "config"), []byte(c.config), 0o644); err != nil {
			t.Fatal(err)
		}
		if c.extra != "" {
			if err := os.WriteFile(filepath.Join(dir, c.extra), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, ok := localFileMode(dir, c.env)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%q env %q %s: got %q, %v; want %q", c.config, c.env, c.extra, got, ok, c.want)
		}
	}
}
