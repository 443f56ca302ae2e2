package gitrepo

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/proc"
)

// The -update flag rewrites golden files. It is defined only if no other test file in
// the package has defined it already, so the tests here and the stash tests can both use
// it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata")
	}
}

func instUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestShimGolden(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("testdata", "shim-pre-commit.golden")
	got := Shim("pre-commit", "/opt/it's hookrun/hookrun")
	if instUpdating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Shim(\"pre-commit\") differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

func TestShimIsValidShellForEveryHook(t *testing.T) {
	t.Parallel()
	for _, stage := range gitHooks {
		for _, fallback := range []string{"", "/opt/it's hookrun/hookrun"} {
			res, err := proc.Run(t.Context(), proc.Cmd{Path: "sh", Args: []string{"-n"}, Stdin: bytes.NewReader(Shim(stage, fallback))})
			if err != nil || res.ExitCode != 0 {
				t.Errorf("sh -n on the %s shim (fallback %q): %v %s", stage, fallback, err, res.Stderr)
			}
		}
	}
}

// TestShimFallsBackToTheInstallingHookrun runs the shim with a PATH that has no hookrun:
// it runs the hookrun that installed it, by its absolute path (spaces and quotes
// included), and when that is gone too it says where it looked and how to fix it.
func TestShimFallsBackToTheInstallingHookrun(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "it's a dir")
	bin := filepath.Join(dir, "hookrun")
	instWrite(t, bin, "#!/bin/sh\necho \"ran $0 $*\"\n", 0o755)
	shim := filepath.Join(dir, "pre-commit")
	instWrite(t, shim, string(Shim("pre-commit", bin)), 0o755)
	run := func(env ...string) proc.Result {
		t.Helper()
		res, err := proc.Run(t.Context(), proc.Cmd{Path: shim, Args: []string{"a b"}, Env: append([]string{"PATH=/usr/bin:/bin"}, env...)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := run(); res.ExitCode != 0 || string(res.Stdout) != "ran "+bin+" hook pre-commit a b\n" {
		t.Errorf("hookrun off PATH: exit %d, stdout %q, stderr %q; want the installing hookrun run", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res := run("HOOKRUN_BIN=" + filepath.Join(dir, "nope")); res.ExitCode != 1 || !strings.Contains(string(res.Stderr), "nope not found on PATH; install hookrun or set HOOKRUN_BIN") {
		t.Errorf("HOOKRUN_BIN missing: exit %d, stderr %q; want it named, and no fallback", res.ExitCode, res.Stderr)
	}
	if err := os.Remove(bin); err != nil {
		t.Fatal(err)
	}
	want := "hookrun: hookrun not found on PATH, nor " + bin + " (where `hookrun install` ran from); put hookrun on PATH and run `hookrun install` again\n"
	if res := run(); res.ExitCode != 1 || !strings.HasPrefix(string(res.Stderr), want) {
		t.Errorf("both gone: exit %d, stderr %q; want it to start %q", res.ExitCode, res.Stderr, want)
	}
}

func TestHooksDir(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// setup configures the repository and returns the directory to open and the
		// hooks directory wanted, given the home directory.
		setup func(c *chgRepo, home string) (dir, want string)
	}{
		{"without core.hooksPath it is the git dir's hooks", func(c *chgRepo, _ string) (string, string) {
			return c.dir, filepath.Join(c.dir, ".git", "hooks")
		}},
		{"a relative core.hooksPath is relative to the work-tree root", func(c *chgRepo, _ string) (string, string) {
			c.git("config", "core.hooksPath", ".githooks")
			return filepath.Join(c.dir, "dir"), filepath.Join(c.dir, ".githooks")
		}},
		{"an absolute core.hooksPath is used as is", func(c *chgRepo, home string) (string, string) {
			c.git("config", "core.hooksPath", filepath.Join(home, "abs-hooks"))
			return c.dir, filepath.Join(home, "abs-hooks")
		}},
		{"a tilde in core.hooksPath is the home directory", func(c *chgRepo, home string) (string, string) {
			c.git("config", "core.hooksPath", "~/my-hooks")
			return c.dir, filepath.Join(home, "my-hooks")
		}},
		{"core.hooksPath from the global config counts", func(c *chgRepo, home string) (string, string) {
			c.git("config", "--global", "core.hooksPath", filepath.Join(home, "global-hooks"))
			return c.dir, filepath.Join(home, "global-hooks")
		}},
		{"a linked worktree shares the main repository's hooks", func(c *chgRepo, _ string) (string, string) {
			wt := filepath.Join(chgRealDir(c.t), "wt")
			c.git("worktree", "add", "-q", "-b", "side", wt)
			return wt, filepath.Join(c.dir, ".git", "hooks")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			dir, want := tt.setup(c, instHome(c))
			got, err := c.at(dir).open().HooksDir(t.Context())
			if err != nil || got != want {
				t.Fatalf("got %q, %v; want %q", got, err, want)
			}
		})
	}
}

func TestInstallIntoAMissingHooksDir(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	c.git("config", "core.hooksPath", "tools/hooks")
	r := c.open()
	got, err := r.Install(t.Context(), []string{"pre-commit", "pre-push", "pre-commit"}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(c.dir, "tools", "hooks")
	chgCompare(t, got, []string{filepath.Join(dir, "pre-commit"), filepath.Join(dir, "pre-push")})
	for _, stage := range []string{"pre-commit", "pre-push"} {
		instWantShim(t, filepath.Join(dir, stage), stage)
	}
}

func TestInstallKeepsAForeignHookAndUninstallRestoresIt(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	r := c.open()
	hook := filepath.Join(c.dir, ".git", "hooks", "pre-commit")
	foreign := "#!/bin/sh\necho theirs\n"
	instWrite(t, hook, foreign, 0o755)

	for range 2 { // installing again changes nothing
		got, err := r.Install(t.Context(), []string{"pre-commit"}, "", false)
		if err != nil {
			t.Fatal(err)
		}
		chgCompare(t, got, []string{hook})
		instWantShim(t, hook, "pre-commit")
		instWantFile(t, hook+LegacySuffix, foreign)
		if p, ok := r.LegacyHook(t.Context(), "pre-commit"); !ok || p != hook+LegacySuffix {
			t.Fatalf("LegacyHook = %q, %v; want %q, true", p, ok, hook+LegacySuffix)
		}
	}

	got, err := r.Uninstall(t.Context(), []string{"pre-commit"})
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{hook})
	instWantFile(t, hook, foreign)
	instWantAbsent(t, hook+LegacySuffix)

	got, err = r.Uninstall(t.Context(), nil) // again, for every hook: nothing to do
	if err != nil || len(got) != 0 {
		t.Fatalf("second uninstall: got %q, %v; want nothing", got, err)
	}
	instWantFile(t, hook, foreign)
}

func TestInstallWithATakenLegacyName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		force      bool
		wantErr    string
		wantLegacy string
	}{
		{name: "without force it refuses and changes nothing", wantErr: "force the install", wantLegacy: "old legacy"},
		{name: "with force the current hook becomes the legacy one", force: true, wantLegacy: "current"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			hook := filepath.Join(c.dir, ".git", "hooks", "pre-push")
			instWrite(t, hook, "current", 0o755)
			instWrite(t, hook+LegacySuffix, "old legacy", 0o755)
			_, err := c.open().Install(t.Context(), []string{"pre-push"}, "", tt.force)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				instWantFile(t, hook, "current")
			} else if err != nil {
				t.Fatal(err)
			}
			instWantFile(t, hook+LegacySuffix, tt.wantLegacy)
		})
	}
}

func TestUninstallLeavesAForeignHookAlone(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	hook := filepath.Join(c.dir, ".git", "hooks", "pre-commit")
	instWrite(t, hook, "mine", 0o755)
	instWrite(t, hook+LegacySuffix, "older", 0o755)
	got, err := c.open().Uninstall(t.Context(), []string{"pre-commit"})
	if err != nil || len(got) != 0 {
		t.Fatalf("got %q, %v; want nothing", got, err)
	}
	instWantFile(t, hook, "mine")
	instWantFile(t, hook+LegacySuffix, "older")
}

func TestInstallInALinkedWorktreeWritesTheSharedHooks(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	wt := filepath.Join(chgRealDir(t), "wt")
	c.git("worktree", "add", "-q", "-b", "side", wt)
	got, err := c.at(wt).open().Install(t.Context(), []string{"pre-commit"}, "", false)
	if err != nil {
		t.Fatal(err)
	}
	chgCompare(t, got, []string{filepath.Join(c.dir, ".git", "hooks", "pre-commit")})
}

func TestInstallRefusesUnknownHookNames(t *testing.T) {
	t.Parallel()
	r := chgBaseRepo(t).open()
	for _, stages := range [][]string{nil, {"pre-comit"}, {"manual"}, {"../../evil"}} {
		if _, err := r.Install(t.Context(), stages, "", false); err == nil {
			t.Errorf("Install(%q) succeeded; want an error", stages)
		}
	}
}

func TestLegacyHookIgnoresWhatGitWouldNotRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		perm    os.FileMode
	}{
		{"a non-executable legacy hook is ignored", "#!/bin/sh\n", 0o644},
		{"a legacy hook that is a hookrun shim is ignored", string(Shim("pre-commit", "")), 0o755},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := chgBaseRepo(t)
			instWrite(t, filepath.Join(c.dir, ".git", "hooks", "pre-commit"+LegacySuffix), tt.content, tt.perm)
			if p, ok := c.open().LegacyHook(t.Context(), "pre-commit"); ok {
				t.Fatalf("LegacyHook = %q, true; want false", p)
			}
		})
	}
}

// TestShimRunsHookrunFromGit installs the shim and lets git run it, with HOOKRUN_BIN
// pointing at a fake hookrun that records its arguments and stdin.
func TestShimRunsHookrunFromGit(t *testing.T) {
	t.Parallel()
	c := chgPushed(t)
	bin := filepath.Join(chgRealDir(t), "fake hookrun")
	record := filepath.Join(chgRealDir(t), "record")
	instWrite(t, bin, "#!/bin/sh\nprintf '%s|' \"$@\" >>'"+record+"'\ntr -d '\\n' >>'"+record+"'\necho >>'"+record+"'\n", 0o755)
	if _, err := c.open().Install(t.Context(), []string{"pre-commit", "pre-push"}, "", false); err != nil {
		t.Fatal(err)
	}
	env := []string{"HOOKRUN_BIN=" + bin}
	c.write("n.txt", "n")
	c.git("add", "n.txt")
	chgMust(t)(c.gitWith(env, "commit", "-q", "-m", "n"))
	chgMust(t)(c.gitWith(env, "push", "-q", "origin", "main"))
	b, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	remote := strings.TrimSpace(c.git("remote", "get-url", "origin"))
	want := []string{
		"hook|pre-commit|",
		"hook|pre-push|origin|" + remote + "|refs/heads/main " + c.rev("HEAD") + " refs/heads/main " + c.rev("HEAD~1"),
	}
	chgCompare(t, lines, want)
}

func TestShimWithoutHookrunBlocksTheCommitAndSaysWhy(t *testing.T) {
	t.Parallel()
	c := chgBaseRepo(t)
	if _, err := c.open().Install(t.Context(), []string{"pre-commit"}, "", false); err != nil {
		t.Fatal(err)
	}
	c.write("n.txt", "n")
	c.git("add", "n.txt")
	_, err := c.gitWith([]string{"HOOKRUN_BIN=" + filepath.Join(c.dir, "no-such-hookrun")}, "commit", "-q", "-m", "n")
	gerr, ok := errors.AsType[*GitError](err)
	if !ok || !strings.Contains(gerr.Stderr, "not found") || !strings.Contains(gerr.Stderr, "git commit --no-verify") {
		t.Fatalf("got %v; want a failed commit that names the missing hookrun and --no-verify", err)
	}
}

func instHome(c *chgRepo) string {
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "HOME="); ok {
			return v
		}
	}
	c.t.Fatal("no HOME in the test environment")
	return ""
}

func instWrite(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func instWantFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s: got %q, %v; want %q", path, got, err, want)
	}
}

func instWantShim(t *testing.T, path, stage string) {
	t.Helper()
	instWantFile(t, path, string(Shim(stage, "")))
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("%s: mode %v, %v; want 0755", path, fi.Mode(), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func instWantAbsent(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); err == nil {
		t.Errorf("%s exists; want it gone", path)
	}
}

// TestShimGoldenWindows: the shim `hookrun install` writes on Windows names the installing
// hookrun with forward slashes, which Git for Windows' sh reads as they are, and is valid
// sh.
func TestShimGoldenWindows(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("testdata", "shim-pre-commit-windows.golden")
	got := shimScript("pre-commit", slashed(`C:\Users\it's me\go\bin\hookrun.exe`))
	if instUpdating() {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the Windows shim differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
	res, err := proc.Run(t.Context(), proc.Cmd{Path: "sh", Args: []string{"-n"}, Stdin: bytes.NewReader(got)})
	if err != nil || res.ExitCode != 0 {
		t.Errorf("sh -n on the Windows shim: %v %s", err, res.Stderr)
	}
}
