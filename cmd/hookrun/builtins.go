package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/sched"
	"github.com/hookrun/hookrun/runners"
)

// builtins holds, for each hook that uses a built-in tool, the tool specialised by the
// user's settings, and the executables found for it (per working directory).
type builtins struct {
	root  string
	tools map[*hooks.Hook]*runners.Tool
	exes  map[exeKey]runners.Exe
	// missing holds why a tool could not be found, per tool and directory (locate).
	missing map[exeKey]error
}

type exeKey struct{ tool, dir string }

// resolveBuiltins specialises the tool of every hook with `uses` (given or implied by its
// id): the user's files, exclude, types, root and serial replace the tool's defaults.
// hs and cfg.Hooks are in the same order (hooks.Resolve keeps it).
func resolveBuiltins(root string, cfg *config.File, hs []*hooks.Hook) *builtins {
	b := &builtins{root: root, tools: map[*hooks.Hook]*runners.Tool{}, exes: map[exeKey]runners.Exe{}}
	for i, h := range hs {
		if h.Uses == "" {
			continue
		}
		t, ok := runners.Lookup(h.Uses)
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
		h.CanFix = t.CanFix()
		b.tools[h] = t
	}
	return b
}

// jobs turns a built-in hook's files into jobs: one per invocation the tool plans (per
// file batch, per module, per project root), batches only for per-file tools.
func (b *builtins) jobs(h *hooks.Hook, files []string, writes bool, slots, limit int) []hooks.Job {
	t := b.tools[h]
	var jobs []hooks.Job
	for _, inv := range runners.Plan(t, os.DirFS(b.root), files) {
		parts := [][]string{inv.Files}
		if t.Unit.Splittable() {
			parts = sched.Split(h, inv.Files, slots, limit)
		}
		start := 0
		for _, part := range parts {
			targets := inv.Args
			if t.Unit.Splittable() { // Args[i] names Files[i], so a batch is a range of both
				targets = inv.Args[start : start+len(part)]
				start += len(part)
			}
			jobs = append(jobs, hooks.Job{
				Hook: h, Files: part, Writes: writes, Batch: len(jobs), Dir: inv.Dir, Targets: targets,
			})
		}
	}
	return jobs
}

// locate finds every tool the jobs need before any of them starts, once per tool and
// working directory. A missing tool is an environment error with the install command.
func (b *builtins) locate(ctx context.Context, jobs []hooks.Job, env []string) error {
	var missing []string
	for _, j := range jobs {
		t := b.tools[j.Hook]
		if t == nil {
			continue
		}
		key := exeKey{t.Name, j.Dir}
		if _, done := b.exes[key]; done {
			continue
		}
		exe, err := runners.Locate(ctx, t, b.root, j.Dir, env)
		var me *runners.MissingError
		switch {
		case errors.As(err, &me):
			missing = append(missing, err.Error())
			b.exes[key] = runners.Exe{} // report once
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

// notRun is the result of a job that never ran because locate failed: its own tool's
// error where that tool is the one missing, and otherwise that another one was.
func (b *builtins) notRun(j hooks.Job, err error) hooks.Result {
	r := hooks.Result{Job: j, Status: hooks.Cancelled, Err: fmt.Errorf("not run: %w", err)}
	if t := b.tools[j.Hook]; t != nil {
		if merr := b.missing[exeKey{t.Name, j.Dir}]; merr != nil {
			r.Status, r.Err = hooks.Failed, merr
		}
	}
	return r
}

// exec runs one built-in job and turns its outcome into a result.
func (b *builtins) exec(ctx context.Context, j hooks.Job, m hooks.Mode, env []string) hooks.Result {
	t := b.tools[j.Hook]
	exe := b.exes[exeKey{t.Name, j.Dir}]
	inv := runners.Invocation{Tool: t, Dir: j.Dir, Files: j.Files, Args: j.Targets}
	res := hooks.Result{Job: j, Started: time.Now(), ToolVersion: exe.Version}
	oc, err := runners.Run(ctx, exe, inv, m, b.root, env, j.Hook.Args)
	res.Duration = time.Since(res.Started)
	res.ExitCode, res.Output, res.Diagnostics = oc.ExitCode, oc.Output, oc.Diagnostics
	res.Command = commandLine(j.Dir, oc.Argv)
	if len(oc.Diagnostics) == 0 && emptyJSON(oc.Output) {
		res.Output = nil // a tool's "no findings" in its machine format says nothing to a person
	}
	switch {
	case errors.Is(err, context.Canceled):
		res.Status, res.Err = hooks.Cancelled, err
	case err != nil:
		res.Status, res.Err = hooks.Failed, err
	default:
		res.Status, res.Err = oc.Status, oc.Err
	}
	return res
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
