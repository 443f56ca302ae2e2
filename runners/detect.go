package runners

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/safefile"
)

// Suggestion is a built-in that fits a repository, found by Detect.
type Suggestion struct {
	Tool string
	Lang string // "go", "python", "node"
	Why  string // what was found: "*.go", "tsconfig.json", "[tool.mypy] in pyproject.toml"
	Dir  string // the first project directory it would run in, where it was looked for
	// Exe is the located tool when installed; otherwise Err says why not (a
	// *MissingError, whose message ends with the install command).
	Exe Exe
	Err error
}

// Installed reports whether the suggested tool was found.
func (s *Suggestion) Installed() bool { return s.Err == nil }

// Missing returns the install command of a tool that was not found, or "".
func (s *Suggestion) Missing() string {
	if me, ok := errors.AsType[*MissingError](s.Err); ok {
		return me.Install
	}
	return ""
}

// signal is evidence for a tool: a tracked file matching glob (hooks.Matcher syntax) that
// contains text, when text is set.
type signal struct{ glob, text string }

// defaults is the zero-config table: which built-ins a repository gets, on what evidence,
// and which evidence rules one out (ruff-format gives way to a configured black,
// prettier to biome). Go and Python formatters and linters that need no config come
// whenever the language is present; the rest only when their config is.
var defaults = []struct {
	tool   string
	when   []signal
	unless []signal
}{
	{tool: "gofmt", when: []signal{{glob: "*.go"}}},
	{tool: "go-vet", when: []signal{{glob: "go.mod"}}},
	{tool: "golangci-lint", when: []signal{{glob: ".golangci.yml"}, {glob: ".golangci.yaml"}, {glob: ".golangci.toml"}, {glob: ".golangci.json"}}},
	{tool: "staticcheck", when: []signal{{glob: "staticcheck.conf"}}},
	{tool: "ruff", when: []signal{{glob: "*.py"}}},
	{tool: "ruff-format", when: []signal{{glob: "*.py"}}, unless: []signal{{glob: "pyproject.toml", text: "[tool.black]"}}},
	{tool: "black", when: []signal{{glob: "pyproject.toml", text: "[tool.black]"}}},
	{tool: "isort", when: []signal{{glob: ".isort.cfg"}, {glob: "pyproject.toml", text: "[tool.isort]"}}},
	{tool: "flake8", when: []signal{{glob: ".flake8"}, {glob: "setup.cfg", text: "[flake8]"}, {glob: "tox.ini", text: "[flake8]"}}},
	{tool: "mypy", when: []signal{{glob: "mypy.ini"}, {glob: ".mypy.ini"}, {glob: "pyproject.toml", text: "[tool.mypy]"}, {glob: "setup.cfg", text: "[mypy]"}}},
	{tool: "pylint", when: []signal{{glob: "pylintrc"}, {glob: ".pylintrc"}, {glob: "pyproject.toml", text: "[tool.pylint"}}},
	{tool: "pyright", when: []signal{{glob: "pyrightconfig.json"}, {glob: "pyproject.toml", text: "[tool.pyright]"}}},
	{tool: "prettier", when: []signal{{glob: "*.js"}, {glob: "*.ts"}, {glob: "*.jsx"}, {glob: "*.tsx"}, {glob: "*.mjs"}}, unless: []signal{{glob: "biome.json"}, {glob: "biome.jsonc"}}},
	{tool: "eslint", when: []signal{{glob: "eslint.config.js"}, {glob: "eslint.config.mjs"}, {glob: "eslint.config.cjs"}, {glob: "eslint.config.ts"}, {glob: "eslint.config.mts"}}},
	{tool: "tsc", when: []signal{{glob: "tsconfig.json"}}},
	{tool: "biome", when: []signal{{glob: "biome.json"}, {glob: "biome.jsonc"}}},
}

// Detect decides which built-ins fit a repository with no hookrun.yaml: root is its
// absolute path, tracked its files (repo-relative, slash-separated), env the hooks'
// environment. Each suggestion says what evidence chose it and whether its tool is
// installed (Locate, in the first project directory it would run in), so the caller can
// run the installed ones and name the others with their install command.
// Suggestions come in catalog order. opt.NoExec, for the commands that only read, finds
// the tools without starting them (their versions from package metadata).
func Detect(ctx context.Context, root string, tracked []string, env []string, opt LocateOptions) []Suggestion {
	ev := evidence{root: root, tracked: tracked, cache: map[signal]string{}}
	var out []Suggestion
	for _, d := range defaults {
		why := ev.first(d.when)
		if why == "" || ev.first(d.unless) != "" {
			continue
		}
		t, _ := Lookup(d.tool) // the table names built-ins only; TestDefaultsNameBuiltins holds it
		s := Suggestion{Tool: t.Name, Lang: t.Lang, Why: why, Dir: "."}
		if invs := Plan(t, os.DirFS(root), ev.matching(t)); len(invs) > 0 {
			s.Dir = invs[0].Dir
		}
		s.Exe, s.Err = LocateWith(ctx, t, root, s.Dir, env, opt)
		out = append(out, s)
	}
	return out
}

// dependencyDirs hold what a project installs, not what it is: an untracked file in one
// (a package's tsconfig.json in node_modules, a virtualenv's modules) says nothing about
// the project's languages.
var dependencyDirs = []string{"node_modules", ".venv", "venv", "__pypackages__", "vendor"}

// WithUntracked is what Detect looks at in a project that may have nothing committed
// yet (hookrun init): the tracked files and the untracked ones git does not ignore, less
// those in dependency directories, sorted.
func WithUntracked(tracked, untracked []string) []string {
	files := slices.Clone(tracked)
	for _, p := range untracked {
		if !slices.ContainsFunc(strings.Split(p, "/"), func(seg string) bool { return slices.Contains(dependencyDirs, seg) }) {
			files = append(files, p)
		}
	}
	slices.Sort(files)
	return files
}

type evidence struct {
	root    string
	tracked []string
	cache   map[signal]string
}

// first is the description of the first signal that holds, or "".
func (e *evidence) first(signals []signal) string {
	for _, s := range signals {
		if why := e.holds(s); why != "" {
			return why
		}
	}
	return ""
}

func (e *evidence) holds(s signal) string {
	if why, ok := e.cache[s]; ok {
		return why
	}
	why := ""
	for _, f := range e.tracked {
		if !hooks.MatchAny([]string{s.glob}, f) {
			continue
		}
		if s.text == "" {
			why = s.glob
			break
		}
		// A tracked file may be a symlink to a device or a FIFO: read regular files, bounded.
		b, err := safefile.Read(filepath.Join(e.root, filepath.FromSlash(f)), maxMetadataSize)
		if err == nil && bytes.Contains(b, []byte(s.text)) {
			why = s.text
			if strings.HasPrefix(why, "[") && !strings.HasSuffix(why, "]") {
				why += "…]" // a prefix of section names: [tool.pylint…] covers [tool.pylint.format]
			}
			why += " in " + f
			break
		}
	}
	e.cache[s] = why
	return why
}

// matching is the tracked files a tool's default globs select.
func (e *evidence) matching(t *Tool) []string {
	m := hooks.Matcher{Files: t.Files, Exclude: t.Exclude}
	var out []string
	for _, f := range e.tracked {
		if m.MatchPath(f) {
			out = append(out, f)
		}
	}
	return out
}

// Summary is the one-line account of the built-ins chosen for a zero-config run or for
// `hookrun init`: "built-ins: gofmt, ruff; left out: eslint (not installed: npm i -D
// eslint @eslint/js)".
func Summary(sugs []Suggestion) string {
	var ran, skipped []string
	for i := range sugs {
		s := &sugs[i]
		switch {
		case s.Installed():
			ran = append(ran, s.Tool)
		case s.Missing() != "":
			skipped = append(skipped, s.Tool+" (not installed: "+s.Missing()+")")
		default:
			skipped = append(skipped, s.Tool+" ("+s.Err.Error()+")")
		}
	}
	line := "built-ins: " + orNone(ran)
	if len(skipped) > 0 {
		line += "; left out: " + strings.Join(skipped, ", ")
	}
	return line
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
