package precommit

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

const resolveConfig = `repos:
- repo: https://example.com/hooks
  rev: v1.0.0
  hooks:
  - id: lint
    args: [--strict]
- repo: local
  hooks:
  - id: script
    name: script
    entry: bin/check.sh
    language: unsupported_script
- repo: meta
  hooks:
  - id: check-hooks-apply
`

const resolveManifest = `- id: lint
  name: Lint
  entry: lint-tool --check
  language: python
  files: \.py$
`

// resolveFixture parses the config and the manifest as values, the way hookrepos hands
// them over after cloning.
func resolveFixture(t *testing.T) (*Config, []Source) {
	t.Helper()
	c, _, err := Parse(FileName, []byte(resolveConfig))
	if err != nil {
		t.Fatal(err)
	}
	manifest, _, err := ParseManifest(ManifestFileName, []byte(resolveManifest))
	if err != nil {
		t.Fatal(err)
	}
	srcs := []Source{
		{Dir: "/cache/repos/1", Manifest: map[string]HookConfig{"lint": manifest[0]}},
		{Dir: "/project"},
		{Dir: "/project"},
	}
	return c, srcs
}

func TestHooksFromValues(t *testing.T) {
	t.Parallel()
	c, srcs := resolveFixture(t)
	rs, err := c.Resolve(srcs)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{
		Vars:     map[string]string{"PATH": "/env/bin:/usr/bin", "VIRTUAL_ENV": "/env"},
		Programs: map[string]string{"lint-tool": "/env/bin/lint-tool"},
	}
	var listed []string
	list := func(_ context.Context, dir string) ([]string, error) {
		listed = append(listed, dir)
		return nil, nil
	}
	hs, err := c.Hooks(rs, HookOptions{Envs: []*Env{env, nil, nil}, ListFiles: list})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(hs); !slices.Equal(got, []string{"lint", "script", "check-hooks-apply"}) {
		t.Fatalf("hooks %v, want config order", got)
	}
	lint, script, meta := hs[0], hs[1], hs[2]
	if want := "/env/bin/lint-tool --check --strict"; lint.CheckCmd != want || lint.Name != "Lint" {
		t.Errorf("lint runs %q named %q, want %q named Lint (the manifest's entry, the config's args)", lint.CheckCmd, lint.Name, want)
	}
	if lint.Env["VIRTUAL_ENV"] != "/env" || !lint.Match.MatchPath("a.py") || lint.Match.MatchPath("a.go") {
		t.Errorf("lint env %v or its files regex is not the manifest's", lint.Env)
	}
	lint.Env["X"] = "1"
	if _, shared := env.Vars["X"]; shared {
		t.Error("a hook's Env is the environment's map: a later write would reach every hook")
	}
	if want := "/project/bin/check.sh"; script.CheckCmd != want {
		t.Errorf("script runs %q, want %q (an unsupported_script entry is under the repo dir)", script.CheckCmd, want)
	}
	if meta.Builtin == nil {
		t.Fatal("check-hooks-apply has no builtin")
	}
	code, out := meta.Builtin(t.Context(), "/project", nil)
	if code != 1 || !strings.Contains(string(out), "lint does not apply") || !slices.Equal(listed, []string{"/project"}) {
		t.Errorf("check-hooks-apply = %d %q after listing %v; want lint reported from the files ListFiles gave", code, out, listed)
	}
}

func TestResolveReportsAHookTheManifestLacks(t *testing.T) {
	t.Parallel()
	c, srcs := resolveFixture(t)
	srcs[0].Manifest = map[string]HookConfig{}
	_, err := c.Resolve(srcs)
	if err == nil || !strings.Contains(err.Error(), `hook "lint" is not in https://example.com/hooks at v1.0.0`) {
		t.Errorf("Resolve error = %v, want the missing hook named", err)
	}
}

func ids(hs []*hooks.Hook) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

func TestRunsGit(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		entry string
		args  []string
		want  bool
	}{
		{"a fixer that stages in a bash -c script", `bash -c 'black "$@"; git add -u' --`, nil, true},
		{"git itself", "git diff --exit-code", nil, true},
		{"git by its path", "/usr/bin/git add -u", nil, true},
		{"git in the args", "sh -c", []string{"ruff --fix \"$@\" && git add -u", "--"}, true},
		{"a tool whose name starts with git", "gitlint --staged", nil, false},
		{"git-secrets", "git-secrets --scan", nil, false},
		{"a plain fixer", "black", []string{"--quiet"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := runsGit(tc.entry, tc.args); got != tc.want {
				t.Errorf("runsGit(%q, %q) = %v, want %v", tc.entry, tc.args, got, tc.want)
			}
		})
	}
}
