package pcexec

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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

// TestNativesShareGitAnswers: in one run whose reads are shared (hooks.WithFileCache),
// the natives ask git each question once (check-added-large-files and
// check-case-conflict both list the added files), and check-added-large-files asks
// git-lfs's attributes only of added files: none over a clean tree. A git on PATH that
// logs its arguments counts.
func TestNativesShareGitAnswers(t *testing.T) {
	log, dir := gitLogging(t)
	ctx := hooks.WithFileCache(t.Context())
	for _, id := range []string{"check-added-large-files", "check-case-conflict"} {
		b, ok, err := Native(id, nil, os.Environ())
		if !ok || err != nil {
			t.Fatalf("Native(%s): ok %v, err %v", id, ok, err)
		}
		h := &hooks.Hook{ID: id, Builtin: b, PassFiles: true}
		oc, err := hooks.InProcess{Root: dir}.Run(ctx, hooks.Job{Hook: h, Files: []string{"a.txt"}}, hooks.Fix, nil)
		if err != nil || oc.ExitCode != 0 {
			t.Fatalf("%s: exit %d, err %v, output %s", id, oc.ExitCode, err, oc.Output)
		}
	}
	calls := gitCalls(t, log)
	count := func(prefix string) int {
		n := 0
		for _, c := range calls {
			if strings.HasPrefix(c, prefix) {
				n++
			}
		}
		return n
	}
	if n := count("diff --staged"); n != 1 {
		t.Errorf("git diff --staged ran %d times, want once; calls %q", n, calls)
	}
	if n := count("check-attr"); n != 0 {
		t.Errorf("git check-attr ran %d times over a clean tree, want none; calls %q", n, calls)
	}
}

// TestWarmAsksAhead: Warm asks a native's git questions in a run whose reads are shared,
// and the hook then runs without starting git.
func TestWarmAsksAhead(t *testing.T) {
	log, dir := gitLogging(t)
	ctx := hooks.WithFileCache(t.Context())
	warm := Warm("check-case-conflict", nil, os.Environ())
	if warm == nil {
		t.Fatal("no Warm for check-case-conflict")
	}
	h := &hooks.Hook{ID: "check-case-conflict", Warm: warm, PassFiles: true}
	hooks.InProcess{Root: dir}.Warm(ctx, h)
	before := gitCalls(t, log)
	if len(before) != 2 {
		t.Fatalf("Warm ran git %q, want ls-files and diff", before)
	}
	b, _, _ := Native("check-case-conflict", nil, os.Environ())
	h.Builtin = b
	oc, err := hooks.InProcess{Root: dir}.Run(ctx, hooks.Job{Hook: h, Files: []string{"a.txt"}}, hooks.Fix, nil)
	if err != nil || oc.ExitCode != 0 {
		t.Fatalf("exit %d, err %v, output %s", oc.ExitCode, err, oc.Output)
	}
	if after := gitCalls(t, log); len(after) != len(before) {
		t.Errorf("the hook ran git %q after Warm", after[len(before):])
	}
	if Warm("trailing-whitespace", nil, nil) != nil {
		t.Error("Warm for a hook that asks git nothing")
	}
}

// gitLogging makes a repository with a.txt committed and puts first on PATH a git that
// logs its arguments (gitCalls reads the log) before it runs the real one.
func gitLogging(t *testing.T) (log, dir string) {
	t.Helper()
	realGit, lookErr := exec.LookPath("git")
	if lookErr != nil {
		t.Skip("no git")
	}
	dir, bin := t.TempDir(), t.TempDir()
	log = filepath.Join(bin, "log")
	wrapper := "#!/bin/sh\necho \"$*\" >>" + log + "\nexec " + realGit + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "git"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "c"}} {
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(t.Context(), "git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log, dir
}

// gitCalls is the arguments of each git gitLogging's git ran.
func gitCalls(t *testing.T, log string) []string {
	t.Helper()
	data, err := os.ReadFile(log)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // git never ran
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

// TestGitDirFromRun: where the run says what the git directory is (InProcess.GitDir),
// check-merge-conflict takes it from there instead of starting `git rev-parse`; where it
// does not, git answers.
func TestGitDirFromRun(t *testing.T) {
	log, dir := gitLogging(t)
	merging := t.TempDir() // a git directory in a merge, which the repository is not
	for _, f := range []string{"MERGE_MSG", "MERGE_HEAD"} {
		if err := os.WriteFile(filepath.Join(merging, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "c.txt"), []byte("<<<<<<< HEAD\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, _, _ := Native("check-merge-conflict", nil, os.Environ())
	h := &hooks.Hook{ID: "check-merge-conflict", Builtin: b, PassFiles: true}
	job := hooks.Job{Hook: h, Files: []string{"c.txt"}}
	run := hooks.InProcess{Root: dir, GitDir: func(*hooks.Hook) string { return merging }}
	oc, err := run.Run(t.Context(), job, hooks.Fix, nil)
	if err != nil || oc.ExitCode != 1 {
		t.Errorf("with the run's git dir in a merge: exit %d, err %v, want 1 (conflict found)\n%s", oc.ExitCode, err, oc.Output)
	}
	if calls := gitCalls(t, log); len(calls) != 0 {
		t.Errorf("ran git %q; the run gave the git dir", calls)
	}
	oc, err = hooks.InProcess{Root: dir}.Run(t.Context(), job, hooks.Fix, nil)
	if err != nil || oc.ExitCode != 0 {
		t.Errorf("asking git (no merge): exit %d, err %v, want 0\n%s", oc.ExitCode, err, oc.Output)
	}
	if calls := gitCalls(t, log); len(calls) != 1 {
		t.Errorf("ran git %q, want rev-parse once", calls)
	}
}

// TestFileModeFromConfig: with the run's git directory known, check-executables-have-
// shebangs reads core.fileMode from the repository's config (false here: the bit comes
// from the index) instead of starting `git config`.
func TestFileModeFromConfig(t *testing.T) {
	log, dir := gitLogging(t)
	cmd := exec.CommandContext(t.Context(), "git", "config", "core.fileMode", "false")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	before := len(gitCalls(t, log))
	b, _, _ := Native("check-executables-have-shebangs", nil, os.Environ())
	h := &hooks.Hook{ID: "check-executables-have-shebangs", Builtin: b, PassFiles: true}
	run := hooks.InProcess{Root: dir, GitDir: func(*hooks.Hook) string { return filepath.Join(dir, ".git") }}
	oc, err := run.Run(t.Context(), hooks.Job{Hook: h, Files: []string{"a.txt"}}, hooks.Fix, nil)
	if err != nil || oc.ExitCode != 0 {
		t.Errorf("exit %d, err %v\n%s", oc.ExitCode, err, oc.Output)
	}
	calls := gitCalls(t, log)[before:]
	if len(calls) != 1 || !strings.HasPrefix(calls[0], "ls-files") {
		t.Errorf("ran git %q, want only ls-files (core.fileMode false, read from the config)", calls)
	}
}
