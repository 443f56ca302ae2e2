package runners

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cachedir"
	"github.com/hookrun/hookrun/internal/flock"
	"github.com/hookrun/hookrun/runners/tool"
)

// Tools runs the hooks that use a built-in tool: it holds each such hook's tool,
// specialised by the user's settings, and the executables located for it per working
// directory. It is the built-in tools' hooks.Runner.
type Tools struct {
	root  string
	tools map[*hooks.Hook]*Tool
	exes  map[exeKey]Exe
	// missing holds why a tool could not be found, per tool and directory (Locate).
	missing map[exeKey]error
	// caches is where this repository's tools keep their own caches (Tool.Cache), set by
	// Locate from the run's environment; "" when there is no cache directory.
	caches string
}

var _ hooks.Runner = (*Tools)(nil)

// exeKey names a located executable: a tool's (by name and program: mypy and its
// daemon's client dmypy are two) in a working directory.
type exeKey struct{ tool, bin, dir string }

func keyOf(t *Tool, dir string) exeKey { return exeKey{t.Name, t.Bin, dir} }

// NewTools specialises the tool of every hook with `uses` (given or implied by its id):
// the user's files, exclude, types, root and serial replace the tool's defaults. hs and
// cfg.Hooks are in the same order (hooks.Resolve keeps it); cfg may be nil when no hook
// uses a tool. root is the absolute repository root.
func NewTools(root string, cfg *config.File, hs []*hooks.Hook) *Tools {
	b := &Tools{root: root, tools: map[*hooks.Hook]*Tool{}, exes: map[exeKey]Exe{}}
	for i, h := range hs {
		if h.Uses == "" {
			continue
		}
		t, ok := Lookup(h.Uses)
		if !ok {
			continue // config.Parse rejected unknown names
		}
		given := cfg.Hooks[i].KeyPos
		if _, ok := given["files"]; !ok {
			h.Match.Files = t.Files
		}
		h.Match.Exclude = append(slices.Clone(t.Exclude), h.Match.Exclude...)
		if _, ok := given["types"]; !ok {
			h.Match.Types = t.Types
		}
		if _, ok := given["serial"]; !ok {
			h.Serial = t.Serial
		}
		// The tool runs in t.Root; the hook keeps its Root, so that its files and
		// exclude match relative to it and files outside it are never selected.
		t.Root = h.Root
		if h.Daemon && t.Daemon != nil && daemonsOutliveRuns {
			// The client is located, versioned and run in the tool's place.
			t.Bin, t.UseDaemon = t.Daemon.Bin, true
		}
		h.CanFix = t.CanFix() || h.FixCmd != ""
		b.tools[h] = t
	}
	return b
}

// Tool returns the specialised tool of h, or nil when h uses none.
func (b *Tools) Tool(h *hooks.Hook) *Tool { return b.tools[h] }

// Locate finds every tool the jobs need before any of them starts, once per tool and
// working directory; env is the environment hooks get. A missing tool is an error that
// lists every missing one with its install command; Missing then says which.
func (b *Tools) Locate(ctx context.Context, jobs []hooks.Job, m hooks.Mode, env []string) error {
	b.caches = toolCaches(env, b.root)
	var missing []string
	for _, j := range jobs {
		t := b.tools[j.Hook]
		if t == nil || !needsTool(j.Hook, m) {
			continue
		}
		key := keyOf(t, j.Dir)
		if _, done := b.exes[key]; done {
			continue
		}
		exe, err := Locate(ctx, t, b.root, j.Dir, env)
		var me *MissingError
		switch {
		case errors.As(err, &me):
			missing = append(missing, err.Error())
			b.exes[key] = Exe{} // report once
			if b.missing == nil {
				b.missing = map[exeKey]error{}
			}
			b.missing[key] = err
		case err != nil:
			return fmt.Errorf("%s: %w", t.Name, err)
		default:
			b.exes[key] = exe
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return errors.New(strings.Join(slices.Compact(missing), "\n"))
	}
	return nil
}

// needsTool reports whether a run in mode m may start h's tool: to run the hook, or in
// a check-mode run to preview its fix (--show-diff).
func needsTool(h *hooks.Hook, m hooks.Mode) bool {
	return h.RunsTool(m) || m == hooks.Check && h.RunsTool(hooks.Fix)
}

// Missing returns how many tools Locate found missing.
func (b *Tools) Missing() int { return len(b.missing) }

// MissingFor returns why j's tool is missing, or nil when it is not (or j uses none).
func (b *Tools) MissingFor(j hooks.Job) error {
	if t := b.tools[j.Hook]; t != nil {
		return b.missing[keyOf(t, j.Dir)]
	}
	return nil
}

// Exe returns the executable Locate found for j's tool; false when it found none (or j
// uses none).
func (b *Tools) Exe(j hooks.Job) (Exe, bool) {
	t := b.tools[j.Hook]
	if t == nil {
		return Exe{}, false
	}
	exe, ok := b.exes[keyOf(t, j.Dir)]
	return exe, ok && len(exe.Argv) > 0
}

// Run runs one built-in job in mode m with the executable Locate found.
func (b *Tools) Run(ctx context.Context, j hooks.Job, m hooks.Mode, start hooks.StartFunc) (hooks.Outcome, error) {
	t := b.tools[j.Hook]
	exe := b.exes[keyOf(t, j.Dir)]
	inv := Invocation{Tool: t, Dir: j.Dir, Files: j.Files, Args: j.Targets, Cache: b.cacheFile(t, j, m)}
	if t.UseDaemon {
		lead, unlock, err := b.daemonClient(ctx, t, j, exe)
		if err != nil {
			return hooks.Outcome{Status: hooks.Failed, Err: err, ToolVersion: exe.Version}, nil
		}
		defer unlock()
		inv.Lead = lead
	}
	extra := j.Hook.Args
	if j.NewFrom != "" && inv.Tool.NewFrom != nil {
		extra = append(slices.Clone(extra), inv.Tool.NewFrom(j.NewFrom)...)
	}
	oc, err := Run(ctx, exe, inv, m, b.root, extra, start)
	if err == nil && t.UseDaemon && daemonCrashed(oc, t.Daemon) {
		// Asked again, the client starts a fresh server: a cold check, but mypy's answer.
		oc, err = Run(ctx, exe, inv, m, b.root, extra, start)
	}
	out := hooks.Outcome{
		Status: oc.Status, ExitCode: oc.ExitCode, Output: oc.Output, Diagnostics: oc.Diagnostics,
		Err: oc.Err, Command: commandLine(j.Dir, oc.Argv), ToolVersion: exe.Version,
	}
	if t.UseDaemon {
		out.Output = dropNotices(out.Output, t.Daemon.Notices)
	}
	if len(oc.Diagnostics) == 0 && emptyJSON(out.Output) {
		out.Output = nil // a tool's "no findings" in its machine format says nothing to a person
	}
	if p, ok := errors.AsType[*tool.ProblemError](oc.Err); ok && len(oc.Diagnostics) == 0 {
		out.Output, out.Err = problemOutput(oc, p)
	}
	return out, err
}

// toolCaches is the directory where the tools of the repository at root keep their own
// caches: <cache dir>/tools/<hash of root>, the cache dir being HOOKRUN_CACHE_DIR in env,
// else the user cache directory's hookrun (as hookrepos.DefaultCacheDir decides for
// clones); "" when there is none.
func toolCaches(env []string, root string) string {
	dir, err := cachedir.Dir(env)
	if err != nil {
		return "" // no cache directory: the tools run without hookrun's caches
	}
	sum := sha256.Sum256([]byte(root))
	return filepath.Join(dir, "tools", hex.EncodeToString(sum[:8]))
}

// cacheFile is the cache file, less its extension, of j's tool in mode m:
// <tool caches>/<tool>/<hash of hook id, mode, dir and batch>. Each job has its own, so
// batches running side by side never write one file at once, and the same batch of the
// next run finds its file again. "" when t keeps no cache or there is no cache directory.
func (b *Tools) cacheFile(t *Tool, j hooks.Job, m hooks.Mode) string {
	if t.Cache == nil || b.caches == "" {
		return ""
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d", j.Hook.ID, m, j.Dir, j.Batch))
	return filepath.Join(b.caches, t.Name, hex.EncodeToString(sum[:8]))
}

// DaemonIdle is how long a tool's daemon (`daemon: true`) lives with nothing to check:
// it stops by itself after that, so one left behind by a repository no longer worked on
// goes away.
const DaemonIdle = 30 * time.Minute

// daemonClient readies j's run through its tool's daemon: the client's arguments
// before the tool's flags (Daemon.Args), and the lock, held until unlock, that lets one
// client at a time talk to the daemon: runs that found none at the same moment would
// each start one, and the status file would name only the last. The status file is
// <tool caches>/<tool>-daemon/<hash of working directory and client>.json, its directory
// made. One daemon serves a repository's project (a worktree is another repository
// root), whatever the hook, mode or batch; another client (another virtual environment)
// has its own. The daemon itself restarts when flags, config options or the tool's
// version change.
func (b *Tools) daemonClient(ctx context.Context, t *Tool, j hooks.Job, exe Exe) (lead []string, unlock func(), err error) {
	if b.caches == "" {
		return nil, nil, fmt.Errorf("%s: daemon: true needs a cache directory for the daemon's status file; set HOOKRUN_CACHE_DIR", t.Name)
	}
	sum := sha256.Sum256([]byte(strings.Join(append([]string{j.Dir}, exe.Argv...), "\x00")))
	dir := filepath.Join(b.caches, t.Name+"-daemon")
	if err = os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("%s: daemon status file: %w", t.Name, err)
	}
	status := filepath.Join(dir, hex.EncodeToString(sum[:8])+".json")
	if unlock, err = flock.Lock(ctx, status+".lock"); err != nil {
		return nil, nil, fmt.Errorf("%s: daemon lock: %w", t.Name, err)
	}
	return t.Daemon.Args(status, DaemonIdle), unlock, nil
}

// problemOutput is what a tool that crashed or rejected its config printed for
// people, shown once: its text (stderr, then stdout less its machine-format report) as
// the output, and the error without the excerpt of that same text. With no text the
// error stands alone.
func problemOutput(oc Outcome, p *tool.ProblemError) ([]byte, error) {
	var parts []string
	if s := strings.TrimRight(strings.TrimLeft(string(oc.Stderr), "\r\n"), " \t\r\n"); s != "" {
		parts = append(parts, s)
	}
	if s := tool.Text(oc.Stdout); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return nil, p
	}
	return []byte(strings.Join(parts, "\n") + "\n"), errors.New(p.Brief())
}

// daemonCrashed reports whether oc is a failure because d's server died during the check.
func daemonCrashed(oc Outcome, d *tool.Daemon) bool {
	if d.Crashed == "" || oc.ExitCode == 0 {
		return false
	}
	return bytes.Contains(oc.Stdout, []byte(d.Crashed)) || bytes.Contains(oc.Stderr, []byte(d.Crashed))
}

// dropNotices removes the lines of out that begin with one of notices.
func dropNotices(out []byte, notices []string) []byte {
	var kept []byte
	for line := range bytes.Lines(out) {
		if !slices.ContainsFunc(notices, func(n string) bool { return bytes.HasPrefix(line, []byte(n)) }) {
			kept = append(kept, line...)
		}
	}
	return kept
}

func emptyJSON(out []byte) bool {
	switch strings.TrimSpace(string(out)) {
	case "[]", "{}":
		return true
	}
	return false
}

// commandLine renders a built-in's invocation for -v: `(in DIR) argv...`, with the
// program shown by its base name.
func commandLine(dir string, argv []string) string {
	if len(argv) == 0 {
		return ""
	}
	words := append([]string{filepath.Base(argv[0])}, argv[1:]...)
	line := strings.Join(words, " ")
	if dir != "" && dir != "." {
		line = "(in " + dir + ") " + line
	}
	return line
}
