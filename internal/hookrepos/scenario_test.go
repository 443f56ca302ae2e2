package hookrepos_test

import (
	"bytes"
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/filetype"
	"github.com/hookrun/hookrun/internal/hookrepos"
	"github.com/hookrun/hookrun/internal/precommittest"
	"github.com/hookrun/hookrun/internal/shell"
)

var update = flag.Bool("update", false, "record pre-commit's outcomes into testdata/precommit/scenarios")

// TestPreCommitScenarios runs the real pre-commit on every differential scenario and
// checks it still gives the recorded outcome (with -update, records it). The CLI's
// tests run hookrun on the same scenarios and expect the same outcome.
func TestPreCommitScenarios(t *testing.T) {
	t.Parallel()
	bin := precommittest.PreCommit(t)
	for _, s := range precommittest.Scenarios(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			p := s.Prepare(t)
			got, out := precommittest.RunPreCommit(t, bin, p, s)
			if *update {
				s.SaveWant(t, got.JSON())
				return
			}
			if s.Want == nil {
				t.Fatalf("no recorded outcome; run go test -run TestPreCommitScenarios -update\npre-commit said:\n%s", out)
			}
			if !bytes.Equal(got.JSON(), s.Want) {
				t.Errorf("pre-commit's outcome changed:\n got %s\nwant %s\npre-commit said:\n%s", got.JSON(), s.Want, out)
			}
		})
	}
}

// TestScenarioSelection resolves each --all-files scenario with hookrepos.Hooks and checks, for
// the hooks whose recorded output lists their arguments, that hookrun's matchers give
// them the same files pre-commit gave, and "no files" where pre-commit skipped them.
func TestScenarioSelection(t *testing.T) {
	t.Parallel()
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
			if len(want.Hooks) == 0 { // pre-commit refused the config: so must Load, or Hooks
				cfg, _, err := precommit.Load(p.Dir)
				if err == nil {
					_, err = hookrepos.Hooks(t.Context(), cfg, hookrepos.Options{Root: p.Dir, Stage: "none", Env: p.Env})
				}
				if err == nil {
					t.Fatal("pre-commit refused the config, Load and Hooks accept it")
				}
				return
			}
			hs := resolveProject(t, p)
			stage := stageOf(s.Args)
			files := strings.Fields(p.Git(t, "ls-files"))
			i := 0
			for _, h := range hs {
				if !h.HasStage(hooks.Stage(stage)) || i >= len(want.Hooks) {
					continue
				}
				checkSelection(t, p.Dir, h, files, want.Hooks[i])
				i++
			}
		})
	}
}

func resolveProject(t *testing.T, p *precommittest.Project) []*hooks.Hook {
	t.Helper()
	cfg, _, err := precommit.Load(p.Dir)
	if err != nil {
		t.Fatal(err)
	}
	// Environments are not needed to select files: build none (no hook is in stage "none").
	hs, err := hookrepos.Hooks(t.Context(), cfg, hookrepos.Options{Root: p.Dir, Stage: "none", Env: p.Env})
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

func stageOf(args []string) string {
	if i := slices.Index(args, "--hook-stage"); i >= 0 && i+1 < len(args) {
		return args[i+1]
	}
	return "pre-commit"
}

func checkSelection(t *testing.T, root string, h *hooks.Hook, files []string, want precommittest.HookOutcome) {
	t.Helper()
	if want.ID != h.ID {
		t.Fatalf("hook order differs: pre-commit ran %s where hookrun has %s", want.ID, h.ID)
	}
	var got []string
	for _, f := range files {
		if h.Match.MatchPath(f) && filetype.Of(root, f).HasAll(h.Match.Types) {
			got = append(got, f)
		}
	}
	if want.Status == "no files" {
		if len(got) > 0 && !h.AlwaysRun {
			t.Errorf("%s (%s): pre-commit found no files, hookrun selects %v", h.ID, h.Name, got)
		}
		return
	}
	if want.Args == nil || want.Status == "skipped" || !strings.Contains(h.CheckCmd, "echo-args.sh") {
		return
	}
	argv := slices.Clone(got)
	if !h.PassFiles {
		argv = nil
	}
	argv = append(argv, hookArgs(h)...)
	slices.Sort(argv)
	if !slices.Equal(argv, want.Args) {
		t.Errorf("%s (%s): pre-commit passed %q, hookrun would pass %q", h.ID, h.Name, want.Args, argv)
	}
}

// hookArgs recovers the args of an echo hook from its command line (quoted words after
// the script path).
func hookArgs(h *hooks.Hook) []string {
	words, err := shell.Split(strings.TrimSuffix(h.CheckCmd, ` "$@"`))
	if err != nil || len(words) == 0 {
		return nil
	}
	return words[1:]
}
