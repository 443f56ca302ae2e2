// Package tool declares what hookrun knows about one built-in tool: the files it wants,
// its command lines per mode, its unit of work, where it is installed, how to read its
// findings and how to judge its exit code. A Tool is plain data plus pure functions; the
// runners package plans, locates and runs tools, and the runners/golang, runners/python
// and runners/node packages fill the table.
package tool

import (
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// Unit is the unit of work of a tool: what one invocation covers and what it is given.
type Unit int

// The units of work.
const (
	// PerFile tools take files and judge each one alone; one invocation per project
	// root, which the scheduler may split into batches (Args[i] covers Files[i]).
	PerFile Unit = iota
	// PerPackageDir tools take Go package directories (./a ./b), all of one module in a
	// single run; never split.
	PerPackageDir
	// PerProject tools take the changed files of a project but analyse them as one
	// program (mypy, pyright); one run per project root, never split.
	PerProject
	// WholeProject tools take no file arguments and check the project around the
	// changed files (tsc -p, go mod tidy); one run per project root.
	WholeProject
)

// Splittable reports whether an invocation of this unit may be split into batches.
func (u Unit) Splittable() bool { return u == PerFile }

func (u Unit) String() string {
	return [...]string{"files", "package dirs, once per module", "files, once per project", "project"}[u]
}

// Source is a place a tool's executable can come from.
type Source int

// The sources, searched in the order a Tool lists them.
const (
	// GoTool is a `tool` line in the nearest go.mod: run as `go tool NAME`.
	GoTool Source = iota
	// GoBin is $GOBIN, else $GOPATH/bin (go install).
	GoBin
	// Toolchain is the Go toolchain itself (go, gofmt): PATH, then $(go env GOROOT)/bin.
	Toolchain
	// NodeBin is node_modules/.bin in the project directory or any parent inside the repo.
	NodeBin
	// Venv is .venv/bin or venv/bin in the project directory or any parent inside the
	// repo, then $VIRTUAL_ENV/bin.
	Venv
	// Path is the PATH of the hook's environment.
	Path
)

// Tool describes one built-in. Every field is plain data or a pure function, so a
// user's override (args, files, exclude, root, serial, command) is a copy of the Tool
// with fields replaced.
type Tool struct {
	Name    string   // registry name: "ruff", "golangci-lint-fmt"
	Lang    string   // "go", "python" or "node": which ecosystem detects it
	Files   []string // default globs (hooks.Matcher syntax)
	Exclude []string // default excludes (vendor, testdata, node_modules...)
	Types   []string // default file-type tags; usually empty
	Unit    Unit
	// RootMarkers name the files whose nearest directory, walking up from each changed
	// file, is the project root: the invocation's working directory. No marker found
	// means the repository root, unless NeedMarker drops the file.
	RootMarkers []string
	NeedMarker  bool
	// Root, when set (repo-relative), is the fixed working directory of every invocation
	// instead of the marker search: the user's `root:` override.
	Root string
	// Serial tools must never run beside themselves (a global lock or shared cache).
	Serial bool

	Bin   string   // executable name: "ruff", "go" for go vet
	GoPkg string   // package path for go tool / go install, when it is a Go tool
	Find  []Source // where to look, in order
	Check []string // arguments before the user's args and the targets, in check mode
	Fix   []string // the same in fix mode; nil when the tool cannot fix
	// Version is the argument list that prints the version. Nil: Go tools take it from
	// go.mod or the binary's build info, the toolchain from `go env GOVERSION`.
	Version []string
	Install string // the exact command that installs the tool, for "not installed"

	// Cache, when set, keeps the tool's own cache or incremental state in a file under
	// hookrun's cache directory, never in the work tree, where it would be a stray file.
	Cache *Cache

	// Daemon, when set, is the tool's resident server, which a hook opts into with
	// `daemon: true`; UseDaemon says this hook did (runners.NewTools sets it).
	Daemon    *Daemon
	UseDaemon bool

	// NewFrom, when set, returns the arguments of the tool's own new-only mode: report
	// only findings the change since commit rev brings (golangci-lint's --new-from-rev).
	// A --new-only run uses it instead of filtering the findings (internal/newonly).
	NewFrom func(rev string) []string

	Parse   func(out Output) ([]hooks.Diagnostic, error)
	Verdict func(out Output, diags []hooks.Diagnostic) (hooks.Status, error)
}

// Cache is how a tool keeps its own cache in a file hookrun owns.
type Cache struct {
	Ext string // the cache file's extension: ".eslintcache"
	// Args returns the arguments that make the tool use p.File, or nil when the project's
	// own settings or the tool's version make hookrun's cache wrong or unwanted there.
	Args func(p CacheProject) []string
}

// Daemon is a tool's resident server mode: a client (Bin, found where the tool's own
// Bin would be) that starts the server when none answers and asks it to check. The
// server outlives the run and keeps the program's state, so the next check costs what
// the change does. It must detach from the client's process group and output (dmypy
// does setsid and reopens stdin, stdout and stderr on /dev/null), or hookrun would stop
// it with the client and wait for its output.
type Daemon struct {
	Bin string // the client: "dmypy"
	// Args are the client's arguments before the tool's own flags (Check): status is
	// the file, under hookrun's cache dir, through which clients find the server (never
	// one in the work tree), idle how long the server lives with nothing to do.
	Args func(status string, idle time.Duration) []string
	// Notices begin the lines the client prints about the server itself ("Daemon
	// started"), which are left out of the output shown: they say nothing of the code.
	Notices []string
	// Crashed is what the client prints when the server died during the check: the run
	// is then asked again, of the fresh server the client starts.
	Crashed string
}

// CacheProject is what Cache.Args may consult.
type CacheProject struct {
	File    string // absolute path of the cache file: private to one repository, hook and job
	Version string // the located tool's version ("7.0.2"); "" when unknown
	Dir     string // the repo-relative working directory ("." is the root)
	// Read returns a small regular file of the work tree by its repo-relative,
	// slash-separated path; a missing file's error wraps fs.ErrNotExist.
	Read func(name string) ([]byte, error)
}

// Major returns the major version of p.Version, or -1 when it has none.
func (p CacheProject) Major() int {
	n, i := 0, 0
	for ; i < len(p.Version) && p.Version[i] >= '0' && p.Version[i] <= '9'; i++ {
		n = n*10 + int(p.Version[i]-'0')
	}
	if i == 0 {
		return -1
	}
	return n
}

// Args is the argument list (after the program) that runs the tool in mode m on
// targets: the tool's flags, then cache (the Cache.Args of this run, if any), then the
// user's extra arguments, which so can override both, then the targets. Fix mode falls
// back to the check command when the tool cannot fix.
func (t *Tool) Args(m hooks.Mode, cache, extra, targets []string) []string {
	base := t.Check
	if m == hooks.Fix && t.Fix != nil {
		base = t.Fix
	}
	out := make([]string, 0, len(base)+len(cache)+len(extra)+len(targets))
	out = append(out, base...)
	out = append(out, cache...)
	out = append(out, extra...)
	return append(out, targets...)
}

// CanFix reports whether the tool has a fix command.
func (t *Tool) CanFix() bool { return t.Fix != nil }

// Output is what one run of a tool produced, with what its parser needs to make paths
// repository-relative.
type Output struct {
	Tool     string
	Mode     hooks.Mode
	ExitCode int
	Stdout   []byte
	Stderr   []byte
	Root     string // absolute repository root
	RealRoot string // Root with symbolic links resolved, when it differs; tools print either
	Dir      string // repo-relative working directory ("" or "." is the root)
}

// RepoPath turns a path the tool printed (absolute, or relative to its working
// directory) into a repository-relative, slash-separated path. A path outside the
// repository is returned cleaned, as printed.
func (o *Output) RepoPath(p string) string {
	if p == "" {
		return ""
	}
	if filepath.IsAbs(p) {
		for _, root := range []string{o.Root, o.RealRoot} {
			if root == "" {
				continue
			}
			if rel, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(rel, "..") {
				return filepath.ToSlash(rel)
			}
		}
		return filepath.ToSlash(filepath.Clean(p))
	}
	return path.Join(path.Clean(filepath.ToSlash(o.Dir)), filepath.ToSlash(p))
}
