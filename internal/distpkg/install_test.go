package distpkg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The end-to-end tests install the packages as users do, offline, and make a real commit
// through the hookrun they installed: the hook must block a commit, then let the fixed one
// through.

func TestWheelInstallsOfflineAndCommits(t *testing.T) {
	t.Parallel()
	requireTool(t, "python3")
	requireTool(t, "git")
	p, bin := buildHost(t)
	dir := t.TempDir()
	whl, err := WriteWheel(dir, "0.1.0", p, bin)
	if err != nil {
		t.Fatal(err)
	}
	env := hermeticEnv(t)
	venv := filepath.Join(dir, "venv")
	// A venv without pip of its own (ensurepip takes seconds) gets the wheel from
	// python3's pip, the same install as its own pip would make.
	run(t, dir, env, "python3", "-m", "venv", "--without-pip", venv)
	venvBin := filepath.Join(venv, "bin")
	run(t, dir, env, "python3", "-m", "pip", "--python", filepath.Join(venvBin, "python"), "install", "--no-index",
		"--disable-pip-version-check", "--no-cache-dir", "--quiet", whl)
	env = setEnv(env, "PATH", venvBin+string(os.PathListSeparator)+getEnv(env, "PATH")) // an activated venv
	if got := run(t, dir, env, "hookrun", "version"); !strings.HasPrefix(got, "hookrun ") {
		t.Fatalf("hookrun version: %q", got)
	}
	repo := filepath.Join(dir, "repo")
	commitThroughHook(t, repo, env, nil, filepath.Join(venvBin, "hookrun"))
}

func TestNpmInstallsOfflineAndCommits(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"node", "npm", "npx", "git"} {
		requireTool(t, tool)
	}
	p, bin := buildHost(t)
	dir := t.TempDir()
	stage, tarballs := filepath.Join(dir, "stage"), filepath.Join(dir, "tarballs")
	if err := NpmMain(filepath.Join(stage, "hookrun"), "0.1.0"); err != nil {
		t.Fatal(err)
	}
	if err := NpmPlatform(filepath.Join(stage, "platform"), "0.1.0", p, bin); err != nil {
		t.Fatal(err)
	}
	env := hermeticEnv(t)
	env = append(env, "npm_config_cache="+filepath.Join(dir, "npm-cache"), "npm_config_offline=true",
		"npm_config_audit=false", "npm_config_fund=false", "npm_config_update_notifier=false")
	if err := os.MkdirAll(tarballs, 0o755); err != nil {
		t.Fatal(err)
	}
	var packed []string
	for _, pkg := range []string{"hookrun", "platform"} {
		name := run(t, filepath.Join(stage, pkg), env, "npm", "pack", "--ignore-scripts", "--silent", "--pack-destination", tarballs)
		packed = append(packed, filepath.Join(tarballs, strings.TrimSpace(name)))
	}
	// The repository is the scratch project, as in a Node team's repository.
	repo := filepath.Join(dir, "repo")
	writeFile(t, filepath.Join(repo, "package.json"), `{"name": "scratch", "version": "1.0.0", "private": true}`)
	writeFile(t, filepath.Join(repo, ".gitignore"), "node_modules/\n")
	run(t, repo, env, "npm", "install", "--save-dev", "--offline", "--no-audit", "--no-fund", packed[0], packed[1])
	if got := run(t, repo, env, "npx", "hookrun", "version"); !strings.HasPrefix(got, "hookrun ") {
		t.Fatalf("npx hookrun version: %q", got)
	}
	err := command(repo, env, "npx", "hookrun", "no-such-command").Run()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != 2 {
		t.Errorf("npx hookrun no-such-command: %v, want hookrun's usage exit status 2", err)
	}
	installed := filepath.Join(repo, "node_modules", "@hookrun", p.NodeOS+"-"+p.NodeCPU, "bin", p.Exe())
	commitThroughHook(t, repo, env, []string{"npx", "hookrun"}, installed)
}

// commitThroughHook runs `<hookrun> install` in a new repository at repo, with a
// hookrun.yaml whose hook rejects a TODO, then commits: the hook must stop the first
// commit and pass the fixed one. installed is the binary the hook must run.
func commitThroughHook(t *testing.T, repo string, env, hookrun []string, installed string) {
	t.Helper()
	if hookrun == nil {
		hookrun = []string{"hookrun"}
	}
	writeFile(t, filepath.Join(repo, "hookrun.yaml"), "version: 1\nhooks:\n  - id: no-todo\n    files: [\"*.txt\"]\n    run: \"! grep -Hn TODO\"\n    writes: false\n")
	writeFile(t, filepath.Join(repo, "notes.txt"), "TODO: write the notes\n")
	run(t, repo, env, "git", "init", "-q")
	run(t, repo, env, append(hookrun, "install")...)
	shim := string(mustRead(t, filepath.Join(repo, ".git", "hooks", "pre-commit")))
	if !strings.Contains(shim, installed) {
		t.Errorf("the hook does not fall back to %s:\n%s", installed, shim)
	}
	run(t, repo, env, "git", "add", "-A")
	out, err := command(repo, env, "git", "commit", "-q", "-m", "notes").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "no-todo") || !strings.Contains(string(out), "notes.txt:1:TODO") {
		t.Fatalf("the hook let a TODO through (%v):\n%s", err, out)
	}
	writeFile(t, filepath.Join(repo, "notes.txt"), "the notes\n")
	run(t, repo, env, "git", "add", "-A")
	run(t, repo, env, "git", "commit", "-q", "-m", "notes")
	if got := strings.TrimSpace(run(t, repo, env, "git", "rev-list", "--count", "HEAD")); got != "1" {
		t.Errorf("%s commits, want 1", got)
	}
}

// hostBuild is hookrun built once for this machine, shared by the tests (TestMain
// removes it).
var hostBuild struct {
	once sync.Once
	dir  string
	err  error
}

// buildHost builds hookrun for this machine as a release does (static, CGO off, no
// symbol table), once.
func buildHost(t *testing.T) (Platform, string) {
	t.Helper()
	p, err := LookupPlatform(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	hostBuild.once.Do(func() {
		// Not t.TempDir: the first test's would go when it ends, under the others.
		hostBuild.dir, hostBuild.err = os.MkdirTemp("", "distpkg-test-") //nolint:usetesting // shared by the tests; TestMain removes it
		if hostBuild.err != nil {
			return
		}
		cmd := command(".", append(os.Environ(), "CGO_ENABLED=0"), "go", "build", "-trimpath", "-ldflags=-s -w", "-o",
			filepath.Join(hostBuild.dir, p.Exe()), "github.com/hookrun/hookrun/cmd/hookrun")
		if out, err := cmd.CombinedOutput(); err != nil {
			hostBuild.err = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if hostBuild.err != nil {
		t.Fatal(hostBuild.err)
	}
	return p, filepath.Join(hostBuild.dir, p.Exe())
}

func TestMain(m *testing.M) {
	code := m.Run()
	if hostBuild.dir != "" {
		_ = os.RemoveAll(hostBuild.dir)
	}
	os.Exit(code)
}

// hermeticEnv is the environment of a user's shell with no hookrun on PATH, git
// configured only by the test, and hookrun's cache in the test's directory.
func hermeticEnv(t *testing.T) []string {
	t.Helper()
	home := t.TempDir()
	writeFile(t, filepath.Join(home, ".gitconfig"), "[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n")
	var env []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(name, "GIT_") && !strings.HasPrefix(name, "HOOKRUN_") &&
			!strings.HasPrefix(name, "npm_") && name != "PATH" && name != "HOME" && name != "VIRTUAL_ENV" {
			env = append(env, kv)
		}
	}
	var path []string
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if _, err := os.Stat(filepath.Join(d, "hookrun")); err != nil {
			path = append(path, d)
		}
	}
	return append(env, "HOME="+home, "GIT_CONFIG_GLOBAL="+filepath.Join(home, ".gitconfig"), "GIT_CONFIG_NOSYSTEM=1",
		"HOOKRUN_CACHE_DIR="+filepath.Join(home, "cache"), "PATH="+strings.Join(path, string(os.PathListSeparator)))
}

func command(dir string, env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(args[0], args[1:]...)
	if filepath.Base(args[0]) == args[0] {
		// Look the program up in env's PATH, not the test's.
		for _, d := range filepath.SplitList(getEnv(env, "PATH")) {
			if info, err := os.Stat(filepath.Join(d, args[0])); err == nil && info.Mode()&0o111 != 0 {
				cmd.Path, cmd.Err = filepath.Join(d, args[0]), nil
				break
			}
		}
	}
	cmd.Dir, cmd.Env = dir, env
	return cmd
}

// run runs args in dir with env, failing the test when it fails or takes over a minute,
// and returns its output.
func run(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	start := time.Now()
	defer func() { t.Logf("%s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond)) }()
	cmd := command(dir, env, args...)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { _ = cmd.Process.Kill() })
	defer stop()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func getEnv(env []string, name string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], name+"="); ok {
			return v
		}
	}
	return ""
}

func setEnv(env []string, name, value string) []string {
	return append(env, name+"="+value)
}
