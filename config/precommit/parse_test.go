package precommit

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config"
)

func TestParseDefaults(t *testing.T) {
	t.Parallel()
	c, warns, err := Parse(FileName, []byte("repos:\n- repo: local\n  hooks:\n  - id: a\n    name: A\n    entry: a\n    language: system\n"))
	if err != nil || len(warns) > 0 {
		t.Fatalf("Parse: %v, warnings %v", err, warns)
	}
	if !slices.Equal(c.DefaultInstallHookTypes, []string{"pre-commit"}) || !slices.Equal(c.DefaultStages, Stages) ||
		c.Files != "" || c.Exclude != "^$" || c.FailFast || c.MinimumPreCommitVersion != "0" || len(c.DefaultLanguageVersion) != 0 {
		t.Errorf("top-level defaults: %+v", c)
	}
	h := c.Repos[0].Hooks[0]
	want := HookConfig{
		ID: "a", Name: "A", Entry: "a", Language: "unsupported", Exclude: "^$", Types: []string{"file"},
		PassFilenames: true, LanguageVersion: "default", MinimumPreCommitVersion: "0",
	}
	h.Set, h.Pos = nil, config.Pos{}
	if !equalHooks(h, want) {
		t.Errorf("hook defaults:\n got %+v\nwant %+v", h, want)
	}
}

func equalHooks(a, b HookConfig) bool {
	lists := func(h HookConfig) [][]string {
		return [][]string{h.Types, h.TypesOr, h.ExcludeTypes, h.AdditionalDependencies, h.Args, h.Stages}
	}
	la, lb := lists(a), lists(b)
	for i := range la {
		if !slices.Equal(la[i], lb[i]) {
			return false
		}
	}
	a.Types, a.TypesOr, a.ExcludeTypes, a.AdditionalDependencies, a.Args, a.Stages = nil, nil, nil, nil, nil, nil
	b.Types, b.TypesOr, b.ExcludeTypes, b.AdditionalDependencies, b.Args, b.Stages = nil, nil, nil, nil, nil, nil
	a.Set, b.Set = nil, nil
	return a.ID == b.ID && a.Alias == b.Alias && a.Name == b.Name && a.Entry == b.Entry && a.Language == b.Language &&
		a.Files == b.Files && a.Exclude == b.Exclude && a.AlwaysRun == b.AlwaysRun && a.FailFast == b.FailFast &&
		a.PassFilenames == b.PassFilenames && a.Description == b.Description && a.LanguageVersion == b.LanguageVersion &&
		a.LogFile == b.LogFile && a.RequireSerial == b.RequireSerial && a.Verbose == b.Verbose &&
		a.MinimumPreCommitVersion == b.MinimumPreCommitVersion
}

const everyKey = `default_install_hook_types: [pre-commit, pre-push]
default_language_version:
  python: python3.11
default_stages: [pre-commit, manual]
files: ^src/
exclude: ^vendor/
fail_fast: yes
minimum_pre_commit_version: "3.2.0"
ci:
  autofix_prs: false
repos:
- repo: https://example.com/hooks
  rev: v1.2.3
  hooks:
  - id: h
    alias: hh
    name: Hook
    entry: run --fast
    language: script
    files: \.py$
    exclude: _pb2\.py$
    types: [python]
    types_or: [python, pyi]
    exclude_types: [symlink]
    additional_dependencies: [dep==1]
    args: [-x, "two words"]
    always_run: true
    fail_fast: true
    pass_filenames: false
    description: does things
    language_version: "3.11"
    log_file: hook.log
    require_serial: true
    stages: [pre-push]
    verbose: on
    minimum_pre_commit_version: "2.0"
`

func TestParseEveryKey(t *testing.T) {
	t.Parallel()
	c, warns, err := Parse(FileName, []byte(everyKey))
	if err != nil || len(warns) > 0 {
		t.Fatalf("Parse: %v, warnings %v", err, warns)
	}
	if !slices.Equal(c.DefaultInstallHookTypes, []string{"pre-commit", "pre-push"}) || c.DefaultLanguageVersion["python"] != "python3.11" ||
		!slices.Equal(c.DefaultStages, []string{"pre-commit", "manual"}) || c.Files != "^src/" || c.Exclude != "^vendor/" ||
		!c.FailFast || c.MinimumPreCommitVersion != "3.2.0" {
		t.Errorf("top level: %+v", c)
	}
	r := c.Repos[0]
	if r.Repo != "https://example.com/hooks" || r.Rev != "v1.2.3" || r.Kind() != "remote" {
		t.Errorf("repo: %+v", r)
	}
	want := HookConfig{
		ID: "h", Alias: "hh", Name: "Hook", Entry: "run --fast", Language: "unsupported_script", Files: `\.py$`,
		Exclude: `_pb2\.py$`, Types: []string{"python"}, TypesOr: []string{"python", "pyi"}, ExcludeTypes: []string{"symlink"},
		AdditionalDependencies: []string{"dep==1"}, Args: []string{"-x", "two words"}, AlwaysRun: true, FailFast: true,
		Description: "does things", LanguageVersion: "3.11", LogFile: "hook.log", RequireSerial: true,
		Stages: []string{"pre-push"}, Verbose: true, MinimumPreCommitVersion: "2.0",
	}
	if h := r.Hooks[0]; !equalHooks(h, want) || len(h.Set) != 22 {
		t.Errorf("hook:\n got %+v\nwant %+v (%d keys set)", h, want, len(h.Set))
	}
}

func TestParseWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, want string
	}{
		{"an unknown top-level key", "repos: []\nrepositories: []\n", "2:1: Unexpected key(s) present at root: repositories (did you mean \"repos\"?)"},
		{"an unknown repo key", "repos:\n- repo: local\n  sha: x\n  hooks: []\n", "3:3: repos[0]: Unexpected key(s) present on local: sha"},
		{
			"an unknown hook key", "repos:\n- repo: local\n  hooks:\n  - {id: a, name: a, entry: a, language: system, stage: x}\n",
			"repos[0].hooks[0]: Unexpected key(s) present on local => a: stage (did you mean \"stages\"?)",
		},
		{
			"legacy names in default_stages", "default_stages: [commit, push]\nrepos: []\n",
			"1:17: default_stages: default_stages uses deprecated stage names (commit, push); use pre-commit, pre-push",
		},
		{
			"a legacy stage on a hook", "repos:\n- repo: local\n  hooks:\n  - {id: a, name: a, entry: a, language: system, stages: [merge-commit]}\n",
			"hook a uses deprecated stage names (merge-commit); use pre-merge-commit",
		},
		{"a branch as rev", "repos:\n- repo: https://x/y\n  rev: main\n  hooks: [{id: a}]\n", `3:8: repos[0].rev: rev "main" looks like a mutable reference (a branch or a moving tag)`},
		{"a glob-like regex", "files: src/*\nrepos: []\n", `files: "src/*" is a regular expression, not a glob`},
		{"a slash class", "exclude: 'a[\\\\/]b'\nrepos: []\n", `exclude: paths always use /`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, warns, err := Parse(FileName, []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range warns {
				got = append(got, w.String())
			}
			if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, tt.want) }) {
				t.Errorf("warnings %q, want one containing %q", got, tt.want)
			}
		})
	}
}

func TestParseLegacyStagesAreMapped(t *testing.T) {
	t.Parallel()
	c, _, err := Parse(FileName, []byte("default_stages: [commit]\nrepos:\n- repo: local\n  hooks:\n  - {id: a, name: a, entry: a, language: system, stages: [push]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.DefaultStages, []string{"pre-commit"}) || !slices.Equal(c.Repos[0].Hooks[0].Stages, []string{"pre-push"}) {
		t.Errorf("stages: %v, %v", c.DefaultStages, c.Repos[0].Hooks[0].Stages)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	local := "repos:\n- repo: local\n  hooks:\n  - "
	tests := []struct {
		name, yaml, want string
	}{
		{"repos is required", "fail_fast: true\n", "1:1: repos: missing required key"},
		{"the old list format", "- repo: local\n", "old config format"},
		{"a remote repo needs a rev", "repos:\n- repo: https://x/y\n  hooks: []\n", "repos[0].rev: missing required key"},
		{"a local repo takes no rev", "repos:\n- repo: local\n  rev: v1\n  hooks: []\n", "3:8: repos[0].rev: repo: local takes no rev"},
		{"hooks are required", "repos:\n- repo: local\n", "repos[0].hooks: missing required key"},
		{"a local hook needs an entry", local + "{id: a, name: a, language: system}\n", "repos[0].hooks[0].entry: missing required key"},
		{"a boolean is not a string", local + "{id: a, name: a, entry: true, language: system}\n", "4:29: repos[0].hooks[0].entry: expected a string, got the boolean true"},
		{"an unknown language", local + "{id: a, name: a, entry: a, language: cobol}\n", `unknown language "cobol"`},
		{"an unknown type tag", local + "{id: a, name: a, entry: a, language: system, types: [pyton]}\n", `types[0]: type tag "pyton" is not recognized`},
		{"a bad regex", local + "{id: a, name: a, entry: a, language: system, files: '(a'}\n", "repos[0].hooks[0].files: regex"},
		{"an unknown stage", local + "{id: a, name: a, entry: a, language: system, stages: [commit-message]}\n", `unknown stage "commit-message"`},
		{"not a bool", local + "{id: a, name: a, entry: a, language: system, always_run: sometimes}\n", "always_run: expected a bool"},
		{"an unknown meta hook", "repos:\n- repo: meta\n  hooks:\n  - id: check-everything\n", `unknown meta hook "check-everything"`},
		{"a meta entry", "repos:\n- repo: meta\n  hooks:\n  - {id: identity, entry: x}\n", "entry of a meta hook cannot be overridden"},
		{"a newer pre-commit", "minimum_pre_commit_version: '9.0.0'\nrepos: []\n", "requires pre-commit 9.0.0; hookrun follows pre-commit 4.7.0"},
		{"a language_version key that is an alias", "default_language_version: {system: x}\nrepos: []\n", "default_language_version.system: unknown language"},
		{"bad YAML", "repos: [\n", FileName + ":2: did not find expected node content"},
		{"a NUL byte in an entry (issue 12)", local + "{id: a, name: a, entry: \"a\\0b\", language: system}\n", `4:29: repos[0].hooks[0].entry: contains a NUL byte`},
		{"a NUL byte in args (issue 12)", local + "{id: a, name: a, entry: a, language: system, args: [\"\\0\"]}\n", `repos[0].hooks[0].args[0]: contains a NUL byte`},
		{
			"a key indented too little is a YAML error at its own line",
			local + "id: x\n    name: x\n    language: system\n   entry: \"true\"\n",
			FileName + ":7: did not find expected key",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Parse(FileName, []byte(tt.yaml))
			var errs config.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v, want config.Errors", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), FileName+":") {
				t.Errorf("Parse error = %q, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseMetaDefaults(t *testing.T) {
	t.Parallel()
	c, _, err := Parse(FileName, []byte("repos:\n- repo: meta\n  hooks:\n  - id: check-hooks-apply\n  - id: identity\n"))
	if err != nil {
		t.Fatal(err)
	}
	apply, id := c.Repos[0].Hooks[0], c.Repos[0].Hooks[1]
	if apply.Files != `^\.pre-commit-config\.yaml$` || apply.Name == "" || !id.Verbose || id.Language != "unsupported" {
		t.Errorf("meta defaults: %+v, %+v", apply, id)
	}
}

func TestParseManifest(t *testing.T) {
	t.Parallel()
	hs, _, err := ParseManifest(ManifestFileName, []byte("- {id: a, name: A, entry: a, language: python}\n- {id: b, name: B, entry: b, language: script}\n"))
	if err != nil || len(hs) != 2 || hs[1].Language != "unsupported_script" {
		t.Fatalf("ParseManifest = %+v, %v", hs, err)
	}
	if _, _, err := ParseManifest(ManifestFileName, []byte("hooks: []\n")); err == nil {
		t.Error("a mapping manifest was accepted")
	}
	if _, _, err := ParseManifest(ManifestFileName, []byte("- {id: a, name: A}\n")); err == nil {
		t.Error("a manifest hook without entry was accepted")
	}
}
