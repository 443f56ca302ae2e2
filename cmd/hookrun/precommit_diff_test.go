package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/precommittest"
)

// TestPreCommitDifferential runs hookrun on every scenario of testdata/precommit, each a
// project with a .pre-commit-config.yaml that the real pre-commit 4.7.0 ran to record
// its outcome, and expects the same: exit code, each hook's pass/fail/skip and
// "files were modified", the files the hooks were given, the files changed, and the
// index and status afterwards. (TestPreCommitScenarios in config/precommit re-runs
// pre-commit to keep the records true.)
func TestPreCommitDifferential(t *testing.T) {
	t.Parallel()
	bin := buildHookrun(t)
	for _, s := range precommittest.Scenarios(t) {
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			want, err := s.Expected()
			if err != nil {
				t.Fatalf("%s: want: %v", s.Name, err)
			}
			p := s.Prepare(t)
			got := runHookrunScenario(t, bin, p, s)
			compareOutcomes(t, s.Name, got, want)
		})
	}
}

// runHookrunScenario runs hookrun where pre-commit ran, with pre-commit's arguments
// mapped to hookrun's, and reads its JSON report.
func runHookrunScenario(t *testing.T, bin string, p *precommittest.Project, s *precommittest.Scenario) *precommittest.Outcome {
	t.Helper()
	before := p.TakeSnapshot(t)
	report := filepath.Join(t.TempDir(), "report.json")
	args := append([]string{"run", "--format", "json", "--output", report}, mapPreCommitArgs(s.Args)...)
	cmd := exec.CommandContext(t.Context(), bin, args...)
	cmd.Dir, cmd.Env = p.Dir, append(append(slices.Clone(p.Env), "CI=", "HOOKRUN_ACTIVE=", "HOOKRUN="), s.Env...)
	out, err := cmd.CombinedOutput()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run hookrun: %v", err)
	}
	o := &precommittest.Outcome{ExitCode: code, Hooks: []precommittest.HookOutcome{}}
	if data, err := os.ReadFile(report); err == nil {
		o.Hooks = hookOutcomes(t, data)
	}
	p.Finish(t, o, before)
	t.Logf("hookrun %s (exit %d):\n%s", strings.Join(args, " "), code, out)
	return o
}

func mapPreCommitArgs(args []string) []string {
	var out []string
	for _, a := range args {
		switch a {
		case "--all-files":
			out = append(out, "--all")
		case "--hook-stage":
			out = append(out, "--stage")
		default:
			out = append(out, a)
		}
	}
	return out
}

// hookOutcomes reads hookrun's JSON report in pre-commit's terms.
func hookOutcomes(t *testing.T, data []byte) []precommittest.HookOutcome {
	t.Helper()
	var rep struct {
		Hooks []struct {
			ID, Status, Output string
			Modified           []string
		}
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("read hookrun's JSON report: %v", err)
	}
	var out []precommittest.HookOutcome
	for _, h := range rep.Hooks {
		ho := precommittest.HookOutcome{ID: h.ID, Modified: len(h.Modified) > 0}
		ho.Status = map[string]string{
			"passed": "passed", "failed": "failed", "modified": "failed",
			"skipped": "skipped", "no_files": "no files", "cancelled": "cancelled",
		}[h.Status]
		for line := range strings.SplitSeq(h.Output, "\n") {
			if arg, ok := strings.CutPrefix(line, "arg: "); ok {
				ho.Args = append(ho.Args, arg)
			}
		}
		slices.Sort(ho.Args)
		out = append(out, ho)
	}
	return out
}

// compareOutcomes reports every difference. Two are by design: hookrun exits 2 on a bad
// config (pre-commit: 1), and with fail_fast hookrun lists the hooks it did not start as
// skipped, where pre-commit prints nothing for them.
func compareOutcomes(t *testing.T, name string, got, want *precommittest.Outcome) {
	t.Helper()
	if want.ExitCode == 1 && got.ExitCode == exitUsage && len(want.Hooks) == 0 {
		got.ExitCode = 1 // a config error: hookrun's usage code
	}
	for len(got.Hooks) > len(want.Hooks) && got.Hooks[len(got.Hooks)-1].Status == "skipped" {
		got.Hooks = got.Hooks[:len(got.Hooks)-1]
	}
	g, _ := json.MarshalIndent(got, "", "  ")  // plain data
	w, _ := json.MarshalIndent(want, "", "  ") // plain data
	if string(g) != string(w) {
		t.Errorf("%s: hookrun and pre-commit differ\nhookrun:\n%s\npre-commit:\n%s", name, g, w)
	}
}
