//go:build unix

// A venv's programs are in bin/ here (Scripts on Windows), and the git hook runs under sh.

package distpkg

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
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
	p, dist := releaseDist(t)
	whl := filepath.Join(dist, "python", WheelName("0.1.0", p))
	dir := t.TempDir()
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

// TestNpmInstallsOfflineAndCommits installs hookrun as the README says, `npm install
// --save-dev hookrun`, from a registry in the test process that serves the tarballs
// .ci/package-ecosystems packed: npm must pick this machine's platform package from
// hookrun's optional dependencies and leave the other five alone.
func TestNpmInstallsOfflineAndCommits(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"node", "npm", "npx", "git"} {
		requireTool(t, tool)
	}
	p, dist := releaseDist(t)
	registry := httptest.NewServer(npmRegistry(t, filepath.Join(dist, "npm")))
	t.Cleanup(registry.Close)
	dir := t.TempDir()
	env := hermeticEnv(t)
	env = append(env, "npm_config_registry="+registry.URL+"/", "npm_config_cache="+filepath.Join(dir, "npm-cache"),
		"npm_config_audit=false", "npm_config_fund=false", "npm_config_update_notifier=false")
	// The repository is the scratch project, as in a Node team's repository.
	repo := filepath.Join(dir, "repo")
	writeFile(t, filepath.Join(repo, "package.json"), `{"name": "scratch", "version": "1.0.0", "private": true}`)
	writeFile(t, filepath.Join(repo, ".gitignore"), "node_modules/\n")
	run(t, repo, env, "npm", "install", "--save-dev", "hookrun")
	entries, err := os.ReadDir(filepath.Join(repo, "node_modules", "@hookrun"))
	if err != nil || len(entries) != 1 || "@hookrun/"+entries[0].Name() != p.NpmName() {
		t.Fatalf("node_modules/@hookrun holds %v (%v), want only %s", entries, err, p.NpmName())
	}
	env = append(env, "npm_config_offline=true") // npx needs nothing more
	if got := run(t, repo, env, "npx", "hookrun", "version"); !strings.HasPrefix(got, "hookrun ") {
		t.Fatalf("npx hookrun version: %q", got)
	}
	err = command(repo, env, "npx", "hookrun", "no-such-command").Run()
	if exitErr, ok := errors.AsType[*exec.ExitError](err); !ok || exitErr.ExitCode() != 2 {
		t.Errorf("npx hookrun no-such-command: %v, want hookrun's usage exit status 2", err)
	}
	installed := filepath.Join(repo, "node_modules", "@hookrun", p.NodeOS+"-"+p.NodeCPU, "bin", p.Exe())
	commitThroughHook(t, repo, env, []string{"npx", "hookrun"}, installed)
}

// npmRegistry serves the npm packages packed in dir as a registry does: a packument per
// package name (GET /hookrun, /@hookrun%2flinux-x64), tarballs under /-/.
func npmRegistry(t *testing.T, dir string) http.Handler {
	t.Helper()
	tarballs, err := filepath.Glob(filepath.Join(dir, "*.tgz"))
	if err != nil || len(tarballs) == 0 {
		t.Fatalf("no tarballs in %s: %v", dir, err)
	}
	mux := http.NewServeMux()
	packuments := map[string][]byte{}
	for _, tgz := range tarballs {
		data := mustRead(t, tgz)
		manifest := tarballManifest(t, data)
		sum := sha512.Sum512(data)
		manifest["dist"] = map[string]string{
			"tarball":   "{registry}/-/" + filepath.Base(tgz),
			"integrity": "sha512-" + base64.StdEncoding.EncodeToString(sum[:]),
		}
		name, version := manifest["name"].(string), manifest["version"].(string)
		doc, err := json.Marshal(map[string]any{
			"name": name, "dist-tags": map[string]string{"latest": version},
			"versions": map[string]any{version: manifest},
		})
		if err != nil {
			t.Fatal(err)
		}
		packuments[name] = doc
		mux.HandleFunc("GET /-/"+filepath.Base(tgz), func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(data) })
	}
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		name, err := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), "/"))
		doc, ok := packuments[name]
		if err != nil || !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bytes.ReplaceAll(doc, []byte("{registry}"), []byte("http://"+r.Host)))
	})
	return mux
}

// tarballManifest is the package.json inside an npm tarball.
func tarballManifest(t *testing.T, tgz []byte) map[string]any {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if err != nil {
			t.Fatalf("no package/package.json in the tarball: %v", err)
		}
		if hdr.Name == "package/package.json" {
			var m map[string]any
			if err := json.NewDecoder(tr).Decode(&m); err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
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

// release is a release directory built once for the tests (TestMain removes it): this
// machine's hookrun where goreleaser leaves it, and what .ci/package-ecosystems makes of
// it and of small stand-ins for the other five platforms' binaries.
var release struct {
	once sync.Once
	dir  string
	err  error
}

// releaseDist runs .ci/package-ecosystems, once, at version 0.1.0 on a release directory
// holding hookrun built for this machine as a release is (static, CGO off, no symbol
// table), and returns the platform and the directory.
func releaseDist(t *testing.T) (Platform, string) {
	t.Helper()
	host, err := LookupPlatform(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}
	release.once.Do(func() {
		// Not t.TempDir: the first test's would go when it ends, under the others.
		release.dir, release.err = os.MkdirTemp("", "distpkg-test-") //nolint:usetesting // shared by the tests; TestMain removes it
		if release.err == nil {
			release.err = buildRelease(release.dir, host)
		}
	})
	if release.err != nil {
		t.Fatal(release.err)
	}
	return host, release.dir
}

func buildRelease(dist string, host Platform) error {
	bin := filepath.Join(dist, "hookrun_"+host.GOOS+"_"+host.GOARCH+"_v1", host.Exe())
	build := command(".", append(os.Environ(), "CGO_ENABLED=0"), "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin,
		"github.com/hookrun/hookrun/cmd/hookrun")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, out)
	}
	args := []string{"bash", filepath.Join("..", "..", ".ci", "package-ecosystems"), dist, "0.1.0"}
	for _, p := range Platforms {
		if p.String() != host.String() {
			fake := filepath.Join(dist, "stand-in", p.GOOS+"-"+p.GOARCH, p.Exe())
			if err := os.MkdirAll(filepath.Dir(fake), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(fake, []byte("stand-in for the "+p.String()+" binary"), 0o755); err != nil {
				return err
			}
			args = append(args, p.String()+"="+fake)
		}
	}
	if out, err := command(".", os.Environ(), args...).CombinedOutput(); err != nil {
		return fmt.Errorf(".ci/package-ecosystems: %w\n%s", err, out)
	}
	return nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if release.dir != "" {
		_ = os.RemoveAll(release.dir)
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
