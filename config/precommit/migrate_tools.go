package precommit

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/internal/pchooks"
)

// This file holds what Migrate knows of tools: the hooks of well-known hook repositories
// that are hookrun built-ins, the commands of local hooks that are, and the
// pre-commit-hooks ids hookrun runs natively.

// knownTool maps a hook of a well-known hook repository to hookrun's built-in runner.
// pinsTool says the repository's rev is the tool's own version (a mirror released with
// the tool), so Migrate keeps it as the hook's expected version.
type knownTool struct {
	repo, id, uses string
	pinsTool       bool
}

// knownTools are the hooks Migrate replaces with `uses:`. repo is the end of the URL,
// compared without case.
var knownTools = []knownTool{
	{"astral-sh/ruff-pre-commit", "ruff", "ruff", true},
	{"astral-sh/ruff-pre-commit", "ruff-check", "ruff", true},
	{"astral-sh/ruff-pre-commit", "ruff-format", "ruff-format", true},
	{"charliermarsh/ruff-pre-commit", "ruff", "ruff", true},
	{"charliermarsh/ruff-pre-commit", "ruff-format", "ruff-format", true},
	{"psf/black", "black", "black", true},
	{"psf/black-pre-commit-mirror", "black", "black", true},
	{"pycqa/isort", "isort", "isort", true},
	{"pycqa/flake8", "flake8", "flake8", true},
	{"pycqa/pylint", "pylint", "pylint", true},
	{"pre-commit/mirrors-mypy", "mypy", "mypy", true},
	{"pre-commit/mirrors-prettier", "prettier", "prettier", true},
	{"rbubley/mirrors-prettier", "prettier", "prettier", true},
	{"pre-commit/mirrors-eslint", "eslint", "eslint", true},
	{"robertcraigie/pyright-python", "pyright", "pyright", true},
	{"biomejs/pre-commit", "biome-check", "biome", false}, // the version is in additional_dependencies
	{"golangci/golangci-lint", "golangci-lint", "golangci-lint", true},
	{"golangci/golangci-lint", "golangci-lint-full", "golangci-lint", true},
	{"golangci/golangci-lint", "golangci-lint-fmt", "golangci-lint-fmt", true},
	{"dnephin/pre-commit-golang", "go-fmt", "gofmt", false}, // hooks that run the tools on PATH
	{"dnephin/pre-commit-golang", "go-imports", "goimports", false},
	{"dnephin/pre-commit-golang", "go-vet", "go-vet", false},
	{"dnephin/pre-commit-golang", "golangci-lint", "golangci-lint", false},
	{"dnephin/pre-commit-golang", "go-mod-tidy", "go-mod-tidy", false},
}

// preCommitHooks is the end of pre-commit-hooks' URL.
const preCommitHooks = "pre-commit/pre-commit-hooks"

// nativeHook reports whether hookrun runs the pre-commit-hooks hook id with args natively,
// so migrate can write it as `uses: ID` with the same args.
func nativeHook(id string, args []string) bool {
	_, ok, err := pchooks.Lookup(id, args)
	return ok && err == nil
}

// repoIs reports whether the URL url names the repository owner/name (any host).
func repoIs(url, ownerName string) bool {
	u := strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(url), "/"), ".git")
	return strings.HasSuffix(u, "/"+strings.ToLower(ownerName))
}

func lookupTool(repo, id string) (knownTool, bool) {
	for _, t := range knownTools {
		if repoIs(repo, t.repo) && t.id == id {
			return t, true
		}
	}
	return knownTool{}, false
}

// entryTool is a command line that runs a built-in: its words (the program's base
// name, then subcommands) and the flags that choose a mode, which the built-in decides
// itself (check or fix).
type entryTool struct {
	words     []string
	uses      string
	modeFlags []string
}

// entryTools are the local hooks' commands Migrate replaces with `uses:`, longest
// first so that "ruff format" is not taken for "ruff".
var entryTools = []entryTool{
	{[]string{"ruff", "check"}, "ruff", []string{"--fix", "--no-fix"}},
	{[]string{"ruff", "format"}, "ruff-format", []string{"--check", "--diff"}},
	{[]string{"biome", "check"}, "biome", []string{"--write", "--apply"}},
	{[]string{"go", "vet"}, "go-vet", nil},
	{[]string{"go", "mod", "tidy"}, "go-mod-tidy", []string{"-diff"}},
	{[]string{"golangci-lint", "run"}, "golangci-lint", []string{"--fix"}},
	{[]string{"golangci-lint", "fmt"}, "golangci-lint-fmt", []string{"--diff"}},
	{[]string{"ruff"}, "ruff", []string{"--fix", "--no-fix"}},
	{[]string{"black"}, "black", []string{"--check", "--diff"}},
	{[]string{"isort"}, "isort", []string{"--check", "--check-only", "-c", "--diff"}},
	{[]string{"flake8"}, "flake8", nil},
	{[]string{"mypy"}, "mypy", nil},
	{[]string{"pylint"}, "pylint", nil},
	{[]string{"pyright"}, "pyright", nil},
	{[]string{"prettier"}, "prettier", []string{"--write", "-w", "--check", "-c", "--list-different", "-l"}},
	{[]string{"eslint"}, "eslint", []string{"--fix"}},
	{[]string{"tsc"}, "tsc", nil},
	{[]string{"gofmt"}, "gofmt", []string{"-l", "-w", "-d"}},
	{[]string{"goimports"}, "goimports", []string{"-l", "-w", "-d"}},
	{[]string{"staticcheck"}, "staticcheck", nil},
}

// launchers are the words that start a tool from a project's environment; Migrate looks
// past them ("poetry run black" is black).
var launchers = [][]string{
	{"python", "-m"},
	{"python3", "-m"},
	{"poetry", "run"},
	{"uv", "run"},
	{"pdm", "run"},
	{"pipenv", "run"},
	{"hatch", "run"},
	{"npx", "--no-install"},
	{"npx"},
	{"pnpm", "exec"},
	{"yarn"},
	{"go", "tool"},
}

// entryBuiltin recognises a local hook's command line (entry words and args) as a
// built-in: it returns the built-in, the args left for it, and the mode flags it drops.
func entryBuiltin(words []string) (uses string, args, dropped []string, ok bool) {
	for _, l := range launchers {
		if len(words) > len(l) && slices.Equal(words[:len(l)], l) {
			words = words[len(l):]
			break
		}
	}
	if len(words) == 0 {
		return "", nil, nil, false
	}
	words = append([]string{path.Base(words[0])}, words[1:]...)
	for _, t := range entryTools {
		if len(words) < len(t.words) || !slices.Equal(words[:len(t.words)], t.words) {
			continue
		}
		args, dropped = withoutModeFlags(t.uses, words[len(t.words):])
		return t.uses, args, dropped, true
	}
	return "", nil, nil, false
}

// withoutModeFlags splits args for the built-in uses into the args it keeps and the
// flags that choose check or fix, which the built-in adds itself by the run's mode (a
// second --fix is an error to ruff).
func withoutModeFlags(uses string, args []string) (kept, dropped []string) {
	var flags []string
	for _, t := range entryTools {
		if t.uses == uses {
			flags = t.modeFlags
			break
		}
	}
	for _, w := range args {
		if slices.Contains(flags, w) {
			dropped = append(dropped, w)
		} else {
			kept = append(kept, w)
		}
	}
	return kept, dropped
}

// versionRev matches a rev that names a release: "v0.6.0", "24.8.0", "v4.0.0-alpha.8".
// Compiled on first use (migrate), not when hookrun starts.
var versionRev = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*([-+.][0-9A-Za-z.]+)?$`)
})
