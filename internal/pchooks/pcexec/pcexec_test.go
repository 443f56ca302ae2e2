package pcexec

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/hooks"
)

// TestNativeGetsTheHooksEnvironment: a native hook run by the engine's InProcess runner
// sees the environment the hook would get as a process (here PRE_COMMIT_FROM_REF and
// PRE_COMMIT_TO_REF, which make forbid-new-submodules diff two refs), not only the one
// it was built with.
func TestNativeGetsTheHooksEnvironment(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.CommandContext(t.Context(), "git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	b, ok, err := Native("forbid-new-submodules", nil, os.Environ())
	if !ok || err != nil {
		t.Fatalf("Native: ok %v, err %v", ok, err)
	}
	h := &hooks.Hook{ID: "forbid-new-submodules", Builtin: b, PassFiles: true}
	job := hooks.Job{Hook: h}

	oc, err := hooks.InProcess{Root: dir}.Run(t.Context(), job, hooks.Check, nil)
	if err != nil || oc.ExitCode != 0 {
		t.Fatalf("without refs: exit %d, err %v, output %s", oc.ExitCode, err, oc.Output)
	}
	withRefs := func(*hooks.Hook) []string {
		return append(os.Environ(), "PRE_COMMIT_FROM_REF=no-such-ref", "PRE_COMMIT_TO_REF=HEAD")
	}
	oc, err = hooks.InProcess{Root: dir, Env: withRefs}.Run(t.Context(), job, hooks.Check, nil)
	if err != nil || oc.ExitCode != 1 || !strings.Contains(string(oc.Output), "no-such-ref...HEAD") {
		t.Fatalf("with refs: exit %d, err %v, output %s; want git diff no-such-ref...HEAD to fail", oc.ExitCode, err, oc.Output)
	}
}
