package precommit

import (
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/pyregex"
)

const toMigrate = `exclude: ^vendor/
fail_fast: true
default_stages: [pre-commit, pre-push]
repos:
- repo: https://github.com/astral-sh/ruff-pre-commit
  rev: v0.6.0
  hooks:
  - id: ruff
    args: [--fix]
  - id: ruff-format
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: trailing-whitespace
- repo: local
  hooks:
  - id: lint
    name: lint docs
    entry: scripts/lint.sh --strict
    language: script
    files: ^docs/
    types: [markdown]
  - id: quoted
    name: quoted
    entry: sh -c 'echo "$1"' --
    language: system
    files: \.(js|ts)$
    pass_filenames: false
    stages: [pre-push, post-commit]
  - id: no-rej
    name: no rej
    entry: remove .rej files
    language: fail
    files: \.rej$
  - id: todo
    name: todo
    entry: TODO
    language: pygrep
  - id: weird
    name: weird
    entry: x
    language: system
    files: (?<!_test)\.go$
    types_or: [go, python]
- repo: meta
  hooks:
  - id: check-hooks-apply
`

func TestMigrate(t *testing.T) {
	t.Parallel()
	c, _, err := Parse(FileName, []byte(toMigrate))
	if err != nil {
		t.Fatal(err)
	}
	out, notes, disabled := Migrate(c)
	f, err := config.Parse("hookrun.yaml", out)
	if err != nil {
		t.Fatalf("Migrate wrote an invalid hookrun.yaml: %v\n%s", err, out)
	}
	byID := map[string]config.Hook{}
	for _, h := range f.Hooks {
		byID[h.ID] = h
	}
	if h := byID["ruff"]; h.Uses != "ruff" || !slices.Equal(h.Args, []string{"--fix"}) {
		t.Errorf("ruff = %+v", h)
	}
	if h := byID["ruff-format"]; h.Uses != "ruff-format" {
		t.Errorf("ruff-format = %+v", h)
	}
	if h := byID["lint"]; h.Run != "scripts/lint.sh --strict" || !slices.Equal(h.Files, []string{"docs/**/*"}) || !slices.Equal(h.Types, []string{"markdown"}) ||
		!slices.Equal(h.Stages, []string{"pre-commit", "pre-push"}) {
		t.Errorf("lint = %+v", h)
	}
	if h := byID["quoted"]; h.Run != `sh -c 'echo "$1"' -- "$@"` || !slices.Equal(h.Files, []string{"**/*.js", "**/*.ts"}) || !slices.Equal(h.Types, []string{"file"}) ||
		h.PassFiles == nil || *h.PassFiles || !slices.Equal(h.Stages, []string{"pre-push"}) {
		t.Errorf("quoted = %+v", h)
	}
	if h := byID["ruff"]; h.Types != nil {
		t.Errorf("ruff types = %q, want the built-in's", h.Types)
	}
	if _, ok := byID["weird"]; ok || !slices.Equal(disabled, []string{"weird"}) || !strings.Contains(string(out), "  # - id: weird\n") {
		t.Errorf("weird: disabled %q, want it commented out in\n%s", disabled, out)
	}
	if !f.FailFast || !slices.Equal(f.Exclude, []string{"vendor/**/*"}) {
		t.Errorf("top level: fail_fast %v exclude %v", f.FailFast, f.Exclude)
	}
	for _, want := range []string{
		"pre-commit-hooks => trailing-whitespace: not a tool hookrun knows",
		"quoted: stage post-commit",
		"todo: language pygrep",
		"weird: files '(?<!_test)\\\\.go$': this regex has no exact glob equivalent",
		"weird: types_or [go python]",
		"check-hooks-apply: a meta hook",
	} {
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, want) }) {
			t.Errorf("no note containing %q in\n%s", want, strings.Join(notes, "\n"))
		}
	}
}

// TestRegexToGlobs checks each conversion against the regex itself: every glob list
// must select exactly the paths re.search selects (pyregex.Compile is its stand-in).
func TestRegexToGlobs(t *testing.T) {
	t.Parallel()
	paths := []string{
		"a.py", "a.pyi", "a.pyc", "src/a.py", "src/x/b.py", "lib/src/a.py", "src", "src.py/a.txt",
		"setup.py", "pkg/setup.py", "setup.pyc", "a.txt", "x/a.txt", "ba.txt", "docs/a.md", "docs/x/y.md",
		"docs.md", "mydocs/a.md", "app.min.js", "x/app.min.js", "app.js", "min.js/a.txt", ".py", "src/.py",
		"tests/test_a.py", "a/tests/b.py", "mytests/c.py", "vendor/a.go", ".github/ci.yml",
	}
	for re, want := range map[string][]string{
		`\.py$`:              {"**/*.py"},
		`\.pyi?$`:            {"**/*.py", "**/*.pyi"},
		`\.(js|jsx|ts)$`:     {"**/*.js", "**/*.jsx", "**/*.ts"},
		`\.min\.js$`:         {"**/*.min.js"},
		`^docs/`:             {"docs/**/*"},
		`^docs/.*\.md$`:      {"docs/**/*.md"},
		`^src/.*\.py$`:       {"src/**/*.py"},
		`^(src|\.github)/`:   {"src/**/*", ".github/**/*"},
		`^src/app\.py$`:      {"src/app.py"},
		`^setup\.py$`:        {"{,/}setup.py"},
		`^a\.txt$`:           {"{,/}a.txt"},
		`(^|/)tests/`:        {"tests/**/*", "**/*/tests/**/*"},
		`^(?:a|b)\.txt\Z`:    {"{,/}a.txt", "{,/}b.txt"},
		`tests`:              {"**/*tests*", "**/*tests*/**/*"},
		`^setup.py$`:         nil, // an unescaped dot is any character
		`^[a-z]+\.py$`:       nil,
		`(?i)\.py$`:          nil,
		`^(?!vendor/).*\.go`: nil,
	} {
		got, _ := regexToGlobs(re)
		if !slices.Equal(got, want) {
			t.Errorf("regexToGlobs(%q) = %q, want %q", re, got, want)
		}
		if got == nil {
			continue
		}
		rx, err := pyregex.Compile(re, pyregex.Flags{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if g, r := hooks.MatchAny(got, p), rx.MatchString(p); g != r {
				t.Errorf("%q on %s: globs %q select it: %v, the regex: %v", re, p, got, g, r)
			}
		}
	}
}
