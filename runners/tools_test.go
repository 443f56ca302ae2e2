package runners

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/runners/tool"
	"github.com/hookrun/hookrun/runners/tool/tooltest"
)

var update = flag.Bool("update", false, "rewrite the parser captures in runners/*/testdata from real tool runs")

// TestTools runs each real-tool script in testdata/tools (repository root) with the
// pinned tool: Plan, Locate, Run, then compares the diagnostics (path, line, rule), the
// status, the plan and, in fix mode, the fixed files. A missing tool skips its scripts,
// unless HOOKRUN_REQUIRE_TOOLS names it (or is "all"): then it fails.
//
// A script is a txtar archive. Its comment has "key: value" lines: tool, mode (check or
// fix), files (the changed files; default all files of the archive), status (passed or
// failed), err (text the run's error must contain), cache (the tool's own cache: the
// run is done twice with a cache directory, each time with the same findings, and the
// file this glob names, relative to that directory, must exist afterwards; "none": the
// directory stays empty), created (with cache: the files the runs may add to the work
// tree, which otherwise must not change). Sections: "want" (path:line: rule),
// "plan" (DIR: ARGS), "fixed/PATH" (PATH's content after the run); every other file is
// written into the repository the tool runs in.
func TestTools(t *testing.T) {
	t.Parallel()
	scripts, _ := filepath.Glob(filepath.Join("..", "testdata", "tools", "*.txtar")) // the pattern is valid
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata/tools")
	}
	env := toolEnv(t)
	var locks sync.Map // tool name -> *sync.Mutex, for Serial tools
	for _, s := range scripts {
		name := strings.TrimSuffix(filepath.Base(s), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := readScript(t, s)
			if sc.tool.Serial {
				mu, _ := locks.LoadOrStore(sc.tool.Name, &sync.Mutex{})
				mu.(*sync.Mutex).Lock()
				defer mu.(*sync.Mutex).Unlock()
			}
			sc.run(t, name, env)
		})
	}
}

// toolEnv is the environment .ci/install-tools prepares: its Go, Python and Node bin
// directories first on PATH, found through HOOKRUN_TOOLS_DIR or its default.
func toolEnv(t *testing.T) []string {
	t.Helper()
	dir := os.Getenv("HOOKRUN_TOOLS_DIR")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			t.Fatal(err)
		}
		dir = filepath.Join(home, ".cache", "hookrun-tools")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bins := []string{
		filepath.Join(dir, "bin"), filepath.Join(dir, "venv", "bin"),
		filepath.Join(repo, "testdata", "tools", "node", "node_modules", ".bin"),
	}
	path := strings.Join(append(bins, os.Getenv("PATH")), string(os.PathListSeparator))
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "VIRTUAL_ENV=")
	})
	return append(env, "PATH="+path, "NO_COLOR=1", "GOTOOLCHAIN=local", "GOFLAGS=",
		"HOOKRUN_CACHE_DIR="+t.TempDir())
}

// required reports whether HOOKRUN_REQUIRE_TOOLS makes a missing tool a failure.
func required(name string) bool {
	list := os.Getenv("HOOKRUN_REQUIRE_TOOLS")
	return list == "all" || slices.Contains(strings.Split(list, ","), name)
}

type script struct {
	tool    *Tool
	mode    hooks.Mode
	files   []string
	status  string
	err     string
	tree    []txtar.File
	want    []string
	plan    []string
	fixed   map[string]string
	comment string
	cache   string
	created []string
}

func readScript(t *testing.T, path string) *script {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc := &script{mode: hooks.Check, status: "passed", fixed: map[string]string{}}
	for _, line := range tool.Lines(a.Comment) {
		sc.header(t, line)
	}
	if sc.tool == nil {
		t.Fatalf("%s: no tool: line", path)
	}
	for _, f := range a.Files {
		switch name, _ := strings.CutPrefix(f.Name, "fixed/"); {
		case f.Name == "want":
			sc.want = tool.Lines(f.Data)
		case f.Name == "plan":
			sc.plan = tool.Lines(f.Data)
		case name != f.Name:
			sc.fixed[name] = string(f.Data)
		default:
			sc.tree = append(sc.tree, f)
		}
	}
	if sc.files == nil {
		for _, f := range sc.tree {
			sc.files = append(sc.files, f.Name)
		}
	}
	return sc
}

func (sc *script) header(t *testing.T, line string) {
	t.Helper()
	if c, ok := strings.CutPrefix(line, "# "); ok && sc.comment == "" {
		sc.comment = c
	}
	k, v, ok := strings.Cut(line, ": ")
	switch {
	case !ok || strings.HasPrefix(line, "#"):
	case k == "tool":
		tl, found := Lookup(v)
		if !found {
			t.Fatalf("unknown tool %q", v)
		}
		sc.tool = tl
	case k == "mode" && v == "fix":
		sc.mode = hooks.Fix
	case k == "files":
		sc.files = strings.Fields(v)
	case k == "status":
		sc.status = v
	case k == "err":
		sc.err = v
	case k == "cache":
		sc.cache = v
	case k == "created":
		sc.created = strings.Fields(v)
	}
}

func (sc *script) run(t *testing.T, name string, env []string) {
	t.Helper()
	root := t.TempDir()
	sc.writeTree(t, root)
	m := hooks.Matcher{Files: sc.tool.Files, Exclude: sc.tool.Exclude}
	changed := slices.DeleteFunc(slices.Clone(sc.files), func(f string) bool { return !m.MatchPath(f) })
	slices.Sort(changed)
	invs := Plan(sc.tool, os.DirFS(root), changed)
	sc.checkPlan(t, invs)
	if sc.cache == "" {
		sc.runInvs(t, name, root, invs, env)
		return
	}
	before := treeFiles(t, root)
	caches := t.TempDir()
	for i := range invs {
		invs[i].Cache = filepath.Join(caches, sc.tool.Name, fmt.Sprint(i))
	}
	for range 2 { // cold, then warm: the same findings
		sc.runInvs(t, name, root, invs, env)
	}
	sc.checkCache(t, caches)
	want := slices.Sorted(slices.Values(slices.Concat(before, sc.created)))
	if got := treeFiles(t, root); !slices.Equal(got, want) {
		t.Errorf("work tree after the runs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// checkCache checks the cache directory against the script's cache line.
func (sc *script) checkCache(t *testing.T, caches string) {
	t.Helper()
	all := treeFiles(t, caches)
	if sc.cache == "none" {
		if len(all) > 0 {
			t.Errorf("cache directory holds %s, want nothing", strings.Join(all, " "))
		}
		return
	}
	if m, _ := filepath.Glob(filepath.Join(caches, filepath.FromSlash(sc.cache))); len(m) == 0 { // the pattern is the script's
		t.Errorf("no cache file %s; the cache directory holds %q", sc.cache, all)
	}
}

// treeFiles lists the files and symbolic links under root, slash-separated and sorted.
func treeFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// runInvs runs the planned invocations once and compares what they found with the
// script's expectations.
func (sc *script) runInvs(t *testing.T, name, root string, invs []Invocation, env []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	var got, errs []string
	status := hooks.Passed
	for i, inv := range invs {
		oc, version := sc.runOne(ctx, t, root, inv, env)
		for _, d := range oc.Diagnostics {
			got = append(got, fmt.Sprintf("%s:%d: %s", d.Path, d.Line, d.Rule))
		}
		if oc.Status > status {
			status = oc.Status
		}
		if oc.Err != nil {
			errs = append(errs, oc.Err.Error())
		}
		if *update {
			capName := name
			if len(invs) > 1 {
				capName = fmt.Sprintf("%s_%d", name, i+1)
			}
			sc.capture(t, capName, fmt.Sprintf("captured from testdata/tools/%s.txtar (%s %s): %s", name, sc.tool.Name, version, sc.comment), root, inv, oc)
		}
		if t.Failed() {
			t.Logf("%s\n%s", strings.Join(oc.Argv, " "), oc.Output)
		}
	}
	sc.compare(t, root, got, status, strings.Join(errs, "\n"))
}

func (sc *script) writeTree(t *testing.T, root string) {
	t.Helper()
	for _, f := range sc.tree {
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		// A Node project gets the pinned node_modules, so its config's imports
		// (@eslint/js) resolve and Locate finds node_modules/.bin.
		if filepath.Base(f.Name) == "package.json" {
			nm, err := filepath.Abs(filepath.Join("..", "testdata", "tools", "node", "node_modules"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(nm, filepath.Join(filepath.Dir(p), "node_modules")); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func (sc *script) runOne(ctx context.Context, t *testing.T, root string, inv Invocation, env []string) (Outcome, string) {
	t.Helper()
	exe, err := Locate(ctx, sc.tool, root, inv.Dir, env)
	if me, ok := errors.AsType[*MissingError](err); ok {
		if required(sc.tool.Name) {
			t.Fatalf("required by HOOKRUN_REQUIRE_TOOLS: %v", me)
		}
		t.Skip(me)
	}
	if err != nil {
		t.Fatal(err)
	}
	oc, err := Run(ctx, exe, inv, sc.mode, root, nil, startWith(env))
	if err != nil {
		t.Fatalf("run %s: %v", strings.Join(oc.Argv, " "), err)
	}
	return oc, exe.Version
}

func (sc *script) checkPlan(t *testing.T, invs []Invocation) {
	t.Helper()
	if sc.plan == nil {
		return
	}
	var got []string
	for _, inv := range invs {
		got = append(got, strings.TrimSpace(inv.Dir+": "+strings.Join(inv.Args, " ")))
	}
	if !slices.Equal(got, sc.plan) {
		t.Errorf("plan:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(sc.plan, "\n"))
	}
}

func (sc *script) compare(t *testing.T, root string, got []string, status hooks.Status, errs string) {
	t.Helper()
	if !slices.Equal(got, sc.want) {
		t.Errorf("diagnostics (path:line: rule):\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(sc.want, "\n"))
	}
	if status.String() != sc.status {
		t.Errorf("status = %s, want %s", status, sc.status)
	}
	switch {
	case sc.err == "" && errs != "":
		t.Errorf("unexpected error: %s", errs)
	case sc.err != "" && !strings.Contains(errs, sc.err):
		t.Errorf("error %q does not contain %q", errs, sc.err)
	}
	for name, want := range sc.fixed {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != want {
			t.Errorf("%s after the run:\n%s\nwant:\n%s", name, b, want)
		}
	}
}

// langDirs maps a tool's ecosystem to the package holding its parser and captures.
var langDirs = map[string]string{"go": "golang", "python": "python", "node": "node"}

// capture writes the run's raw output, with the root hidden, and what the parser makes
// of it, as a parser test case of the tool's package.
func (sc *script) capture(t *testing.T, name, comment, root string, inv Invocation, oc Outcome) {
	t.Helper()
	hide := func(b []byte) []byte {
		b = bytes.ReplaceAll(b, []byte(root), []byte(tooltest.Root))
		if real, err := filepath.EvalSymlinks(root); err == nil {
			b = bytes.ReplaceAll(b, []byte(real), []byte(tooltest.Root))
		}
		return b
	}
	c := tooltest.Capture{Tool: sc.tool.Name, Mode: sc.mode, Exit: oc.ExitCode, Dir: inv.Dir, Stdout: hide(oc.Stdout), Stderr: hide(oc.Stderr)}
	out := tool.Output{Tool: c.Tool, Mode: c.Mode, ExitCode: c.Exit, Stdout: c.Stdout, Stderr: c.Stderr, Root: tooltest.Root, Dir: c.Dir}
	status, diags, err := tool.Judge(sc.tool, out)
	for _, d := range diags {
		c.Want = append(c.Want, tooltest.Format(d))
	}
	c.Verdict = tooltest.Verdict(status, err)
	p := filepath.Join(langDirs[sc.tool.Lang], "testdata", name+".txtar")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, c.Marshal(comment), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startWith starts processes as the engine does, without its tracking and capture.
func startWith(env []string) hooks.StartFunc {
	return func(ctx context.Context, p hooks.Process) (hooks.ProcessResult, error) {
		var stdout, stderr bytes.Buffer
		var both syncBuffer
		res, err := proc.Run(ctx, proc.Cmd{
			Path: p.Argv[0], Args: p.Argv[1:], Dir: p.Dir, Env: env,
			Stdout: io.MultiWriter(&stdout, &both), Stderr: io.MultiWriter(&stderr, &both),
		})
		return hooks.ProcessResult{ExitCode: res.ExitCode, Output: both.Bytes(), Stdout: stdout.Bytes(), Stderr: stderr.Bytes()}, err
	}
}

// syncBuffer collects stdout and stderr, which the process writes from two goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}
