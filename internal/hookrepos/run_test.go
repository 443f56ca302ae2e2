package hookrepos_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/hookrepos"
	"github.com/hookrun/hookrun/internal/precommittest"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/runners/command"
)

// TestScenarioRuns resolves each --all-files scenario with hookrepos.Hooks (cloning the fixture
// repositories and building python, node and golang environments), runs its hooks one
// after another the simple way pre-commit does (runners/command for commands, Builtin
// for the rest), and expects pre-commit's recorded status for every hook and exit code
// (hookrun's, where pre-commit crashes: Scenario.Expected).
// The CLI's differential test runs the same scenarios through hookrun's scheduler.
func TestScenarioRuns(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds language environments")
	}
	for _, s := range precommittest.Scenarios(t) {
		if !slices.Contains(s.Args, "--all-files") || s.Want == nil {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			want, err := s.Expected()
			if err != nil {
				t.Fatal(err)
			}
			p := s.Prepare(t)
			cfg, _, err := precommit.Load(p.Dir)
			if err != nil {
				if len(want.Hooks) == 0 {
					return // refused by both
				}
				t.Fatal(err)
			}
			env := append(slices.Clone(p.Env), s.Env...)
			stage := stageOf(s.Args)
			hs, err := hookrepos.Hooks(t.Context(), cfg, hookrepos.Options{Root: p.Dir, Stage: stage, Env: env})
			if err != nil {
				if len(want.Hooks) == 0 {
					return // refused by both (a hook the repository rejects: precommit.ResolveError)
				}
				t.Fatal(err)
			}
			got := runAll(t, p, cfg, hs, stage, env)
			if got.ExitCode != want.ExitCode || !equalStatuses(got.Hooks, want.Hooks) {
				t.Errorf("hooks ran as\n%s\npre-commit:\n%s", got.JSON(), want.JSON())
			}
		})
	}
}

// runAll runs the hooks of a stage in order on every tracked file, as pre-commit would.
func runAll(t *testing.T, p *precommittest.Project, cfg *precommit.Config, hs []*hooks.Hook, stage string, env []string) *precommittest.Outcome {
	t.Helper()
	files := strings.Fields(p.Git(t, "ls-files"))
	runner := command.Runner{Root: p.Dir}
	skip := map[string]bool{}
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "SKIP="); ok {
			for id := range strings.SplitSeq(v, ",") {
				skip[strings.TrimSpace(id)] = true
			}
		}
	}
	o := &precommittest.Outcome{}
	for _, h := range hs {
		if !h.HasStage(hooks.Stage(stage)) {
			continue
		}
		ho := precommittest.HookOutcome{ID: h.ID}
		sel := selected(p.Dir, h, files)
		switch {
		case skip[h.ID] || h.Alias != "" && skip[h.Alias]:
			ho.Status = "skipped"
		case len(sel) == 0 && !h.AlwaysRun:
			ho.Status = "no files"
		default:
			ho.Status, ho.Modified = runOne(t, p, runner, env, h, sel)
		}
		o.Hooks = append(o.Hooks, ho)
		if ho.Status == "failed" {
			o.ExitCode = 1
			if h.FailFast || cfg.FailFast {
				break
			}
		}
	}
	return o
}

func selected(root string, h *hooks.Hook, files []string) []string {
	var out []string
	for _, f := range files {
		if h.Match.MatchPath(f) && filetype.Of(root, f).HasAll(h.Match.Types) {
			out = append(out, f)
		}
	}
	return out
}

func runOne(t *testing.T, p *precommittest.Project, r command.Runner, env []string, h *hooks.Hook, files []string) (string, bool) {
	t.Helper()
	before := p.TakeSnapshot(t)
	code := 0
	if h.Builtin != nil {
		if !h.PassFiles {
			files = nil
		}
		code, _ = h.Builtin(t.Context(), p.Dir, files)
	} else {
		hookEnv := slices.Clone(env)
		for _, k := range slices.Sorted(maps.Keys(h.Env)) {
			hookEnv = append(hookEnv, k+"="+h.Env[k])
		}
		start := func(ctx context.Context, pr hooks.Process) (hooks.ProcessResult, error) {
			res, err := proc.Run(ctx, proc.Cmd{Path: pr.Argv[0], Args: pr.Argv[1:], Dir: pr.Dir, Env: hookEnv, CombineOutput: true})
			return hooks.ProcessResult{ExitCode: res.ExitCode, Output: res.Stdout}, err
		}
		oc, err := r.Run(t.Context(), hooks.Job{Hook: h, Files: files, Writes: true}, hooks.Fix, start)
		if err != nil || oc.Status != hooks.Passed {
			code = 1
		}
	}
	modified := len(before.Changed(p.TakeSnapshot(t))) > 0
	if code != 0 || modified {
		return "failed", modified
	}
	return "passed", false
}

func equalStatuses(got, want []precommittest.HookOutcome) bool {
	return slices.EqualFunc(got, want, func(a, b precommittest.HookOutcome) bool {
		return a.ID == b.ID && a.Status == b.Status && a.Modified == b.Modified
	})
}
