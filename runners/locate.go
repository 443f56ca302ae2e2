package runners

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/safefile"
	"github.com/hookrun/hookrun/runners/tool"
)

// Exe is a located tool: the argv prefix that runs it and its version.
type Exe struct {
	Argv    []string // program and leading arguments: ["/abs/.venv/bin/ruff"], ["/usr/bin/go", "tool", "staticcheck"]
	Version string   // "0.17.6"; joins cache keys and results
	Source  tool.Source
}

// MissingError says a tool is installed nowhere hookrun looked. Its message ends with
// the exact command that installs it.
type MissingError struct {
	Tool    string
	Looked  []string // the places searched, in order
	Install string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s: not installed (looked in %s); install it: %s", e.Tool, strings.Join(e.Looked, ", "), e.Install)
}

// sourceNames describe each Source in a MissingError.
var sourceNames = map[tool.Source]string{
	tool.GoTool:    "go.mod tool lines",
	tool.GoBin:     "$GOBIN or $GOPATH/bin",
	tool.Toolchain: "the Go toolchain",
	tool.NodeBin:   "node_modules/.bin",
	tool.Venv:      ".venv/bin, venv/bin, $VIRTUAL_ENV/bin",
	tool.Path:      "PATH",
}

// Locate finds t's executable for a project: root is the absolute repository root, dir
// the invocation's repo-relative working directory, env the hook's environment (its PATH,
// VIRTUAL_ENV, GOBIN, GOPATH, HOOKRUN_CACHE_DIR are used; nil means hookrun's own). Sources
// are tried in t.Find order, project-local ones walking up from dir to root. The version
// comes from the tool's package metadata, else from what it answered when last asked
// (the version cache under hookrun's cache dir), else from running it once (see
// version); call it once per tool and project and reuse the Exe. A tool found nowhere
// is a *MissingError; a tool found but unable to report its version is another error.
func Locate(ctx context.Context, t *Tool, root, dir string, env []string) (Exe, error) {
	return LocateWith(ctx, t, root, dir, env, LocateOptions{})
}

// LocateOptions say what Locate may do to find a tool.
type LocateOptions struct {
	// NoExec starts no program at all, neither the tool nor go: the version comes from
	// package metadata (see staticVersion), else "unknown". The commands that only read
	// (list, init, the zero-config listing) use it: a committed .venv/bin/ruff is the
	// repository's code, and only run executes that.
	NoExec bool
}

// LocateWith is Locate with options.
func LocateWith(ctx context.Context, t *Tool, root, dir string, env []string, opt LocateOptions) (Exe, error) {
	if env == nil {
		env = os.Environ()
	}
	l := locator{t: t, root: root, dir: dir, env: env, noExec: opt.NoExec}
	if !l.noExec {
		l.cache = newVersionCache(env)
	}
	looked := make([]string, 0, len(t.Find))
	for _, src := range t.Find {
		argv, ok := l.find(ctx, src)
		if !ok {
			looked = append(looked, sourceNames[src])
			continue
		}
		exe := Exe{Argv: argv, Source: src}
		if l.noExec {
			exe.Version = l.staticVersion(exe)
			return exe, nil
		}
		v, err := l.version(ctx, exe)
		if err != nil {
			return Exe{}, err
		}
		exe.Version = v
		return exe, nil
	}
	return Exe{}, &MissingError{Tool: t.Name, Looked: looked, Install: t.Install}
}

type locator struct {
	t         *Tool
	root, dir string
	env       []string
	noExec    bool         // LocateOptions.NoExec
	cache     versionCache // what tools answered in earlier runs (not with noExec)
}

func (l *locator) find(ctx context.Context, src tool.Source) ([]string, bool) {
	switch src {
	case tool.GoTool:
		return l.goTool()
	case tool.GoBin:
		return one(l.goBin())
	case tool.Toolchain:
		return one(l.toolchain(ctx))
	case tool.NodeBin:
		return one(l.walkUp("node_modules/.bin"))
	case tool.Venv:
		if p, ok := l.walkUp(".venv/"+venvBin, "venv/"+venvBin); ok {
			return []string{p}, true
		}
		if venv := proc.Getenv(l.env, "VIRTUAL_ENV"); venv != "" {
			return one(executable(filepath.Join(venv, venvBin, l.t.Bin)))
		}
	case tool.Path:
		return one(lookPath(l.t.Bin, l.env))
	}
	return nil, false
}

func one(p string, ok bool) ([]string, bool) {
	if !ok {
		return nil, false
	}
	return []string{p}, true
}

// walkUp looks for Bin in each of subdirs of dir and of every parent up to the root.
func (l *locator) walkUp(subdirs ...string) (string, bool) {
	for d := path.Clean(l.dir); ; d = path.Dir(d) {
		for _, sub := range subdirs {
			if p, ok := executable(filepath.Join(l.root, filepath.FromSlash(d), sub, l.t.Bin)); ok {
				return p, true
			}
		}
		if d == "." || d == "/" {
			return "", false
		}
	}
}

// goTool finds a `tool` line for t.GoPkg in the nearest go.mod: the tool then runs as
// `go tool NAME`, built from the versions go.mod pins.
func (l *locator) goTool() ([]string, bool) {
	mod, ok := l.goMod()
	if !ok || !hasToolLine(mod, l.t.GoPkg) {
		return nil, false
	}
	goExe, ok := lookPath("go", l.env)
	if !ok {
		return nil, false
	}
	return []string{goExe, "tool", l.t.Bin}, true
}

// goMod is the nearest go.mod's content, from dir up to the repository root.
func (l *locator) goMod() ([]byte, bool) {
	for d := path.Clean(l.dir); ; d = path.Dir(d) {
		if b, err := safefile.Read(filepath.Join(l.root, filepath.FromSlash(d), "go.mod"), maxMetadataSize); err == nil {
			return b, true
		}
		if d == "." || d == "/" {
			return nil, false
		}
	}
}

// hasToolLine reports whether go.mod has `tool PKG`, alone or in a tool ( ... ) block.
func hasToolLine(mod []byte, pkg string) bool {
	inBlock := false
	sc := bufio.NewScanner(bytes.NewReader(mod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, "//"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		switch {
		case line == "tool (":
			inBlock = true
		case inBlock && line == ")":
			inBlock = false
		case inBlock && line == pkg, line == "tool "+pkg:
			return true
		}
	}
	return false
}

func (l *locator) goBin() (string, bool) {
	dir := proc.Getenv(l.env, "GOBIN")
	if dir == "" {
		gopath := proc.Getenv(l.env, "GOPATH")
		if gopath == "" {
			gopath = filepath.Join(proc.Getenv(l.env, homeVar), "go")
		}
		dir = filepath.Join(filepath.SplitList(gopath)[0], "bin")
	}
	return executable(filepath.Join(dir, l.t.Bin))
}

// toolchain finds go or gofmt on PATH, else in GOROOT/bin: the GOROOT the go on PATH
// lies in, else (when it may run go) $(go env GOROOT).
func (l *locator) toolchain(ctx context.Context) (string, bool) {
	if p, ok := lookPath(l.t.Bin, l.env); ok {
		return p, true
	}
	if goroot := l.staticGoroot(); goroot != "" {
		if p, ok := executable(filepath.Join(goroot, "bin", l.t.Bin)); ok {
			return p, true
		}
	}
	if l.noExec {
		return "", false
	}
	goroot := l.goEnv(ctx, "GOROOT") // go is not where its GOROOT is (a wrapper on PATH)
	if goroot == "" {
		return "", false
	}
	return executable(filepath.Join(goroot, "bin", l.t.Bin))
}

// goEnv is `go env NAME`, or "" when go is missing or fails.
func (l *locator) goEnv(ctx context.Context, name string) string {
	goExe, ok := lookPath("go", l.env)
	if !ok {
		return ""
	}
	res, err := proc.Run(ctx, proc.Cmd{Path: goExe, Args: []string{"env", name}, Env: l.env})
	if err != nil || res.ExitCode != 0 {
		return ""
	}
	return strings.TrimSpace(string(res.Stdout))
}

// versionRe picks the version out of a --version line: "ruff 0.17.6", "Version 7.0.2",
// "v10.15.0", "black, 26.10.1 (compiled: yes)", "go1.26.8".
var versionRe = tool.Regexp(`\d+(\.\d+)+([-+][0-9A-Za-z.-]+)?`)

// version is exe's version, starting a process only when nothing else can tell: first
// its package metadata (metadataVersion: go.mod for a go tool, GOROOT/VERSION, a Go
// binary's build info, a venv's dist-info, node_modules' package.json), then what the
// tool answered when last asked (l.cache), and only then the tool itself, once; its
// answer is kept for later runs. A warm run so starts no process that checks nothing.
func (l *locator) version(ctx context.Context, exe Exe) (string, error) {
	if v := l.metadataVersion(exe); v != "" {
		return v, nil
	}
	switch {
	case exe.Source == tool.Toolchain: // a GOROOT without its VERSION file
		if v := l.goEnv(ctx, "GOVERSION"); v != "" {
			return strings.TrimPrefix(v, "go"), nil
		}
		return "", fmt.Errorf("%s: go env GOVERSION failed", l.t.Name)
	case l.t.Version == nil: // a Go tool without a version flag, and no build info
		return unknownVersion, nil
	}
	args := slices.Concat(exe.Argv[1:], l.t.Version)
	// In the project (go tool needs its module), or the root if the dir is not there.
	dir := filepath.Join(l.root, filepath.FromSlash(l.dir))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		dir = l.root
	}
	// ruff and ruff-format, golangci-lint and golangci-lint-fmt ask the same binary the same
	// question, and zero config locates each tool before the run locates it again: one
	// lookup per binary, arguments and directory is enough.
	key := strings.Join(slices.Concat([]string{dir, exe.Argv[0]}, args), "\x00")
	if v, ok := versions.Load(key); ok {
		return v.(string), nil
	}
	ckey, cacheable := l.cache.key(exe.Argv[0], args, dir)
	if cacheable {
		if v, ok := l.cache.load(ckey); ok {
			versions.Store(key, v)
			return v, nil
		}
	}
	v, err := l.runVersion(ctx, exe.Argv[0], args, dir)
	if err != nil {
		return "", err
	}
	versions.Store(key, v)
	if cacheable {
		l.cache.store(ckey, v)
	}
	return v, nil
}

// versions caches the versions read by running tools, for the life of the process.
var versions sync.Map

// runVersion runs bin args in dir and reads the version it prints.
func (l *locator) runVersion(ctx context.Context, bin string, args []string, dir string) (string, error) {
	res, err := proc.Run(ctx, proc.Cmd{Path: bin, Args: args, Env: l.env, CombineOutput: true, Dir: dir})
	if err != nil {
		return "", fmt.Errorf("%s: read version: %w", l.t.Name, err)
	}
	if res.ExitCode != 0 {
		return "", fmt.Errorf("%s: %s %s exited %d: %s", l.t.Name, bin, strings.Join(l.t.Version, " "),
			res.ExitCode, tool.Excerpt(res.Stdout, 3))
	}
	if v := versionRe().FindString(string(res.Stdout)); v != "" {
		return v, nil
	}
	return tool.Excerpt(res.Stdout, 1), nil
}

// requiredVersion is the version go.mod requires of the module that provides pkg (the
// longest module path that prefixes it), or "" if none.
func requiredVersion(mod []byte, pkg string) string {
	best, version := "", ""
	for _, line := range strings.Split(string(mod), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) < 2 || !strings.HasPrefix(f[1], "v") {
			continue
		}
		if (pkg == f[0] || strings.HasPrefix(pkg, f[0]+"/")) && len(f[0]) > len(best) {
			best, version = f[0], f[1]
		}
	}
	return version
}

// lookPath finds an executable in the PATH of env (not hookrun's own PATH).
func lookPath(name string, env []string) (string, bool) {
	for _, dir := range filepath.SplitList(proc.Getenv(env, "PATH")) {
		if dir == "" {
			dir = "."
		}
		if p, ok := executable(filepath.Join(dir, name)); ok {
			return p, true
		}
	}
	return "", false
}
