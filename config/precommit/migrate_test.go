package precommit

import (
	"fmt"
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
	mig := Migrate(c)
	out, disabled := mig.Data, mig.Disabled
	f := parseMigrated(t, out)
	byID := map[string]config.Hook{}
	for _, h := range f.Hooks {
		byID[h.ID] = h
	}
	// --fix is the built-in's own in fix mode: a second one is an error to ruff.
	if h := byID["ruff"]; h.Uses != "ruff" || len(h.Args) != 0 || h.Version != "v0.6.0" {
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
	wantLosses(t, mig.Dropped, []string{
		".pre-commit-config.yaml:29:5: quoted: stage post-commit",
		".pre-commit-config.yaml:38:5: todo: a pygrep hook",
		".pre-commit-config.yaml:43:5: weird: files '(?<!_test)\\\\.go$': this regex has no exact glob equivalent",
		".pre-commit-config.yaml:44:5: weird: types_or [go python]",
		".pre-commit-config.yaml:47:5: check-hooks-apply: a meta hook",
	})
	if mig.Complete() {
		t.Error("Complete() = true with hooks dropped")
	}
}

// parseMigrated parses Migrate's output as hookrun.yaml (the native pre-commit-hooks'
// args are checked there too).
func parseMigrated(t *testing.T, out []byte) *config.File {
	t.Helper()
	f, err := config.Parse("hookrun.yaml", out)
	if err != nil {
		t.Fatalf("Migrate wrote an invalid hookrun.yaml: %v\n%s", err, out)
	}
	return f
}

// wantLosses checks that every want is the start of one of the losses' text.
func wantLosses(t *testing.T, got []Loss, want []string) {
	t.Helper()
	var lines []string
	for _, l := range got {
		lines = append(lines, l.String())
	}
	for _, w := range want {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, w) }) {
			t.Errorf("no loss starting %q in\n%s", w, strings.Join(lines, "\n"))
		}
	}
}

// TestMigrateCarriesTools pins what issue 13 asks of migrate: local hooks that run a
// known tool, and the tools' mirror repositories, become built-ins with their args and
// the mirror's rev as the expected version; pre-commit-hooks become the native hooks;
// what cannot be carried is reported with its place, and nothing else.
func TestMigrateCarriesTools(t *testing.T) {
	t.Parallel()
	const src = `repos:
- repo: https://github.com/pre-commit/mirrors-mypy
  rev: v1.11.2
  hooks:
  - id: mypy
    args: [--strict]
    additional_dependencies: [types-requests]
- repo: https://github.com/psf/black
  rev: stable
  hooks:
  - id: black
- repo: https://github.com/PyCQA/flake8
  rev: 7.1.1
  hooks:
  - id: flake8
- repo: https://github.com/pre-commit/pre-commit-hooks
  rev: v4.6.0
  hooks:
  - id: trailing-whitespace
    args: [--markdown-linebreak-ext=md]
  - id: check-ast
- repo: local
  hooks:
  - id: fmt
    name: fmt
    entry: poetry run black --check
    language: system
    types: [python]
    args: [--line-length=100]
  - id: lint
    name: lint
    entry: ruff check --fix
    language: python
  - id: types
    name: types
    entry: mypy src
    language: system
    pass_filenames: false
  - id: gofmt
    name: gofmt
    entry: gofmt -l -w
    language: golang
    files: \.go$
- repo: https://github.com/astral-sh/ruff-pre-commit
  rev: 0123456789abcdef0123456789abcdef01234567  # frozen: v0.6.3
  hooks:
  - id: ruff-format
`
	c, _, err := Parse(FileName, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	mig := Migrate(c)
	f := parseMigrated(t, mig.Data)
	byID := map[string]config.Hook{}
	for _, h := range f.Hooks {
		byID[h.ID] = h
	}
	for _, want := range []config.Hook{
		{ID: "mypy", Uses: "mypy", Version: "v1.11.2", Args: config.StringList{"--strict"}},
		{ID: "black", Uses: "black"},
		{ID: "flake8", Uses: "flake8", Version: "7.1.1"},
		{ID: "ruff-format", Uses: "ruff-format", Version: "v0.6.3"},
		{ID: "fmt", Uses: "black", Args: config.StringList{"--line-length=100"}, Types: config.StringList{"python"}},
		{ID: "lint", Uses: "ruff"},
		{ID: "types", Run: "mypy src", Types: config.StringList{"file"}},
		{ID: "gofmt", Uses: "gofmt", Files: config.StringList{"**/*.go"}},
	} {
		got := byID[want.ID]
		if got.Uses != want.Uses || got.Version != want.Version || got.Run != want.Run || !slices.Equal(got.Args, want.Args) ||
			!slices.Equal(got.Types, want.Types) || !slices.Equal(got.Files, want.Files) {
			t.Errorf("%s = uses %q version %q run %q args %q types %q files %q, want %+v", want.ID,
				got.Uses, got.Version, got.Run, got.Args, got.Types, got.Files, want)
		}
	}
	if !strings.Contains(string(mig.Data), "  - id: trailing-whitespace\n    uses: trailing-whitespace\n    args:\n      - --markdown-linebreak-ext=md\n") {
		t.Errorf("trailing-whitespace is not the native hook with its args in\n%s", mig.Data)
	}
	wantLosses(t, mig.Dropped, []string{
		".pre-commit-config.yaml:7:5: mypy: additional_dependencies is not carried over (types-requests)",
		".pre-commit-config.yaml:8:3: black: rev stable names no release of black",
		".pre-commit-config.yaml:21:5: check-ast: https://github.com/pre-commit/pre-commit-hooks is not a hook hookrun knows",
	})
	if len(mig.Dropped) != 3 {
		t.Errorf("dropped %d, want 3:\n%q", len(mig.Dropped), mig.Dropped)
	}
	wantLosses(t, mig.Notes, []string{
		".pre-commit-config.yaml:19:5: trailing-whitespace: runs natively",
		".pre-commit-config.yaml:26:5: fmt: --check left out",
		".pre-commit-config.yaml:41:5: gofmt: -l -w left out",
	})
}

// TestMigrateComplete: a config whose every hook converts is complete, so migrate
// exits 0.
func TestMigrateComplete(t *testing.T) {
	t.Parallel()
	const src = `repos:
- repo: https://github.com/astral-sh/ruff-pre-commit
  rev: v0.6.0
  hooks:
  - id: ruff
- repo: local
  hooks:
  - id: test
    name: test
    entry: make test
    language: system
    pass_filenames: false
`
	c, _, err := Parse(FileName, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if mig := Migrate(c); !mig.Complete() || len(mig.Disabled) > 0 {
		t.Errorf("dropped %q, disabled %q; want nothing", mig.Dropped, mig.Disabled)
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

// TestEntryToolsCoverBuiltins: every built-in has a command line migrate recognises in
// a local hook's entry, and every one recognised is a built-in.
func TestEntryToolsCoverBuiltins(t *testing.T) {
	t.Parallel()
	for _, b := range config.BuiltinNames {
		if !slices.ContainsFunc(entryTools, func(e entryTool) bool { return e.uses == b }) {
			t.Errorf("no entry of entryTools runs the built-in %s", b)
		}
	}
	for _, e := range entryTools {
		if !slices.Contains(config.BuiltinNames, e.uses) {
			t.Errorf("entryTools names %s, which is no built-in", e.uses)
		}
	}
	for _, k := range knownTools {
		if !slices.Contains(config.BuiltinNames, k.uses) {
			t.Errorf("knownTools names %s, which is no built-in", k.uses)
		}
	}
	// Migrate leaves out at least the mode flags hookrun.yaml refuses in args.
	for _, e := range entryTools {
		for _, f := range config.BuiltinModeFlags[e.uses] {
			if !slices.Contains(e.modeFlags, f) {
				t.Errorf("entryTools %q keeps %s, which config refuses in the args of %s", e.words, f, e.uses)
			}
		}
	}
	for entry, want := range map[string]string{
		"python -m mypy --strict":   "mypy [--strict]",
		"npx --no-install prettier": "prettier []",
		".venv/bin/black -q":        "black [-q]",
		"go vet ./...":              "go-vet [./...]",
		"ruff format --check":       "ruff-format []",
		"poetry run ruff":           "ruff []",
		"make lint":                 "",
	} {
		uses, args, _, ok := entryBuiltin(strings.Fields(entry))
		got := ""
		if ok {
			got = fmt.Sprintf("%s %v", uses, args)
		}
		if got != want {
			t.Errorf("entryBuiltin(%q) = %q, want %q", entry, got, want)
		}
	}
}
