package precommittest

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config/precommit"
	"github.com/hookrun/hookrun/internal/proc"
	"github.com/hookrun/hookrun/internal/testtools"
)

// PreCommitVersion is the pre-commit release the recorded outcomes come from; it is
// pinned in testdata/tools/requirements.txt.
const PreCommitVersion = "4.7.0"

// PreCommit returns the path of the pinned pre-commit, skipping the test when it is
// not installed (failing it when HOOKRUN_REQUIRE_TOOLS asks for it).
func PreCommit(tb testing.TB) string {
	tb.Helper()
	p := filepath.Join(testtools.Dir(), "venv", "bin", "pre-commit")
	res, err := proc.Run(tb.Context(), proc.Cmd{Path: p, Args: []string{"--version"}})
	if err == nil && res.ExitCode == 0 && strings.TrimSpace(string(res.Stdout)) == "pre-commit "+PreCommitVersion {
		return p
	}
	if testtools.Required("pre-commit") {
		tb.Fatalf("pre-commit %s is required (HOOKRUN_REQUIRE_TOOLS) but %s is not it; run .ci/install-tools", PreCommitVersion, p)
	}
	tb.Skipf("pre-commit %s not installed in %s; run .ci/install-tools", PreCommitVersion, testtools.Dir())
	return ""
}

// RunPreCommit runs `pre-commit run --verbose ARGS...` in the project with the
// scenario's environment and returns the outcome, and pre-commit's output for messages.
func RunPreCommit(tb testing.TB, bin string, p *Project, s *Scenario) (*Outcome, string) {
	tb.Helper()
	before := p.TakeSnapshot(tb)
	args := append([]string{"run", "--verbose"}, s.Args...)
	res := p.runEnv(tb, append([]string{"PRE_COMMIT_NO_CONCURRENCY=1"}, s.Env...), bin, args...)
	o := &Outcome{ExitCode: res.ExitCode, Hooks: append([]HookOutcome{}, ParseReport(string(res.Stdout), p.HookNames(tb))...)}
	p.Finish(tb, o, before)
	return o, string(res.Stdout)
}

// statusLine is pre-commit's "<name>.....<status>" line (dots may be absent for a long
// name, never the status).
var statusLine = regexp.MustCompile(`^(.*?)\.*(\(no files to check\)Skipped|Passed|Failed|Skipped)$`)

// ParseReport reads pre-commit's report: one status line per hook, then (when shown)
// "- hook id:", "- files were modified by this hook" and the hook's output. names maps
// hook names to ids for the lines that carry no id (skipped hooks).
func ParseReport(out string, names map[string]string) []HookOutcome {
	var hs []HookOutcome
	for line := range strings.SplitSeq(out, "\n") {
		if m := statusLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, "- ") {
			status := map[string]string{
				"Passed": "passed", "Failed": "failed", "Skipped": "skipped", "(no files to check)Skipped": "no files",
			}[m[2]]
			hs = append(hs, HookOutcome{ID: names[strings.TrimSpace(m[1])], Status: status})
			continue
		}
		if len(hs) == 0 {
			continue
		}
		h := &hs[len(hs)-1]
		switch {
		case strings.HasPrefix(line, "- hook id: "):
			h.ID = strings.TrimPrefix(line, "- hook id: ")
		case line == "- files were modified by this hook":
			h.Modified = true
		case strings.HasPrefix(line, "arg: "):
			h.Args = append(h.Args, strings.TrimPrefix(line, "arg: "))
		}
	}
	for i := range hs {
		slices.Sort(hs[i].Args)
	}
	return hs
}

// HookNames maps each hook's display name to its id, from the project's config and the
// manifests of the fixture repositories it names.
func (p *Project) HookNames(tb testing.TB) map[string]string {
	tb.Helper()
	cfg, _, err := precommit.Load(p.Dir)
	if err != nil {
		return map[string]string{} // a broken config: pre-commit reports it, no hook runs
	}
	names := map[string]string{}
	for _, r := range cfg.Repos {
		manifest := map[string]string{}
		if r.Kind() == "remote" {
			data, err := os.ReadFile(filepath.Join(p.Repos, path.Base(r.Repo), precommit.ManifestFileName))
			if err == nil {
				hs, _, _ := precommit.ParseManifest("manifest", data)
				for _, h := range hs {
					manifest[h.ID] = h.Name
				}
			}
		}
		for _, h := range r.Hooks {
			name := h.Name
			if _, set := h.Set["name"]; !set && manifest[h.ID] != "" {
				name = manifest[h.ID]
			}
			names[name] = h.ID
		}
	}
	return names
}
