package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/internal/testtools"
)

// diffCase is one differential case: a directory of files, the args, and the files the
// hook is given (all regular files and symlinks of the case, sorted, when Pass is nil).
type diffCase struct {
	Name  string
	Files map[string]string // path -> content
	Links map[string]string // path -> symlink target
	Exec  []string          // files made executable (mode 0755)
	Args  []string
	Pass  []string // the files passed to the hook; nil means every file and link
	// Git makes the directory a git repository with every file staged (git add -A)
	// before the hook runs; Setup may then do more (commit, branch, ...).
	Git   bool
	Setup func(t *testing.T, dir string)
	Env   []string // extra environment for both runs (KEY=VALUE)
}

// edgeFiles are the text shapes every line-oriented hook is tried on.
func edgeFiles() map[string]string {
	long := strings.Repeat("x", 200000)
	return map[string]string{
		"lf.txt":             "a\nb  \nc\n",
		"crlf.txt":           "a\r\nb \r\nc\r\n",
		"cr.txt":             "a\rb \rc\r",
		"mixed.txt":          "a\r\nb\nc\rd\n",
		"bom.txt":            "\ufeffa \nb\n",
		"nofinal.txt":        "a\nb ",
		"empty.txt":          "",
		"only-newlines.txt":  "\n\n\n",
		"only-space.txt":     "   ",
		"tabs.txt":           "a\t\nb\t \n",
		"binary.bin":         "\x00\x01\x02 \n\xff\xfe\n",
		"latin1.txt":         "caf\xe9 \n",
		"long.txt":           long + " \n" + long + "\n",
		"unicode-space.txt":  "a\u00a0\nb\u3000\n",
		"trailing-blank.txt": "a\n\n\n",
		"md.md":              "a  \nb   \nc\t\n",
	}
}

// diffTest runs each case twice, once in a directory with the real Python hook (the
// console script script of the pinned pre-commit-hooks) and once in a twin directory
// with the native hook, and fails where the exit codes or the resulting files differ.
func diffTest(t *testing.T, id, script string, cases []diffCase) {
	t.Helper()
	py := filepath.Join(testtools.Dir(), "venv", "bin", script)
	if _, err := os.Stat(py); err != nil {
		if testtools.Required("pre-commit-hooks") {
			t.Fatalf("pre-commit-hooks %s is required (HOOKRUN_REQUIRE_TOOLS) but %s is missing; run .ci/install-tools", Version, py)
		}
		t.Skipf("pre-commit-hooks %s not installed (%s); run .ci/install-tools", Version, py)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			pyDir, nativeDir := t.TempDir(), t.TempDir()
			setupCase(t, pyDir, c)
			setupCase(t, nativeDir, c)
			files := c.Pass
			if files == nil {
				files = caseFiles(c)
			}

			cmd := exec.CommandContext(t.Context(), py, append(append([]string{}, c.Args...), files...)...)
			cmd.Dir = pyDir
			cmd.Env = append(os.Environ(), c.Env...)
			var pyOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &pyOut, &pyOut
			pyCode := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("running %s: %v", script, err)
				}
				pyCode = ee.ExitCode()
			}

			f, ok, err := Lookup(id, c.Args)
			if !ok || err != nil {
				t.Fatalf("Lookup(%q, %q) = ok %v, err %v", id, c.Args, ok, err)
			}
			env := Env{Dir: nativeDir, Getenv: caseGetenv(c.Env)}
			if ReadsGit(id) { // the others get no git: a hook that asks it must say so
				env.Git = testGit(nativeDir, c.Env)
			}
			var wrote []string
			if RecordsWrites(id) {
				env.Wrote = func(path string) { wrote = append(wrote, path) }
			}
			before := snapshot(t, nativeDir)
			code, out := f(t.Context(), env, files)
			if RecordsWrites(id) {
				checkWrote(t, nativeDir, before, snapshot(t, nativeDir), wrote)
			}

			if code != pyCode {
				t.Errorf("exit code: native %d, python %d\nnative output:\n%s\npython output:\n%s", code, pyCode, out, pyOut.Bytes())
			}
			if sameOutput[id] && !bytes.Contains(pyOut.Bytes(), []byte("Traceback")) {
				if got, want := outputLines(out), outputLines(pyOut.Bytes()); !slices.Equal(sortedCopy(got), sortedCopy(want)) {
					t.Errorf("output differs (as a set of lines):\nnative:\n%s\npython:\n%s", out, pyOut.Bytes())
				}
			}
			pySnap, nativeSnap := snapshot(t, pyDir), snapshot(t, nativeDir)
			for _, p := range unionKeys(pySnap, nativeSnap) {
				if pySnap[p] != nativeSnap[p] {
					t.Errorf("%s differs:\n native %q\n python %q", p, clip(nativeSnap[p]), clip(pySnap[p]))
				}
			}
		})
	}
}

// checkWrote fails unless a hook that records its writes told Env.Wrote of exactly the
// files whose content it changed (between snapshots before and after), each once: the
// scheduler trusts that list instead of comparing the files itself.
func checkWrote(t *testing.T, dir string, before, after map[string]string, wrote []string) {
	t.Helper()
	var changed, told []string
	for _, p := range unionKeys(before, after) {
		if before[p] != after[p] {
			changed = append(changed, p)
		}
	}
	for _, w := range wrote {
		rel, err := filepath.Rel(dir, w)
		if err != nil {
			t.Fatal(err)
		}
		told = append(told, filepath.ToSlash(rel))
	}
	sort.Strings(told)
	if !slices.Equal(told, changed) {
		t.Errorf("Env.Wrote heard of %q; the files changed are %q", told, changed)
	}
}

// testGit is Env.Git for a test: git in dir with the environment the Python hook gets.
func testGit(dir string, env []string) func(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	return func(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		if stdin != nil {
			cmd.Stdin = bytes.NewReader(stdin)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return out, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, stderr.Bytes())
		}
		return out, nil
	}
}

// sameOutput lists the hooks whose output is compared with the Python hook's too, line
// by line in any order (the Python hooks print some in set order), unless the Python
// hook crashed (a traceback, where the native hook prints one line).
var sameOutput = map[string]bool{
	"trailing-whitespace": true, "end-of-file-fixer": true, "mixed-line-ending": true,
	"check-merge-conflict": true, "check-added-large-files": true, "check-case-conflict": true,
	"detect-private-key": true, "no-commit-to-branch": true, "forbid-new-submodules": true,
	"file-contents-sorter": true, "requirements-txt-fixer": true, "fix-byte-order-marker": true,
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// caseFiles is every file and link of a case, sorted.
func caseFiles(c diffCase) []string {
	var fs []string
	for p := range c.Files {
		fs = append(fs, p)
	}
	for p := range c.Links {
		fs = append(fs, p)
	}
	sort.Strings(fs)
	return fs
}

func caseGetenv(env []string) func(string) string {
	return func(k string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(env[i], k+"="); ok {
				return v
			}
		}
		return os.Getenv(k)
	}
}

func setupCase(t *testing.T, dir string, c diffCase) {
	t.Helper()
	for p, content := range c.Files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for p, target := range c.Links {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, full); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range c.Exec {
		if err := os.Chmod(filepath.Join(dir, filepath.FromSlash(p)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if c.Git {
		git(t, dir, "init", "-q", "-b", "main")
		git(t, dir, "add", "-A")
	}
	if c.Setup != nil {
		c.Setup(t, dir)
	}
}

// git runs git in dir with a fixed identity and no user or system config.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// snapshot maps every path under dir (but .git) to its kind, mode and content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			snap[rel] = "link " + target
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			snap[rel] = info.Mode().Perm().String() + " " + string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func unionKeys(a, b map[string]string) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range []map[string]string{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:150] + "..." + s[len(s)-150:]
	}
	return s
}

// randomFiles are n files of short lines drawn from the bytes line-oriented hooks care
// about (whitespace of every kind, line endings, comment and requirement punctuation,
// non-ASCII), the same for a given seed.
func randomFiles(seed uint64, n int) map[string]string {
	alphabet := []string{"a", "B", " ", "\t", "\r", "\n", "\r\n", "#", "=", "==1", "\\", "\x0b", "\x0c", "\xa0", "\u00e9", ";", "-e ", "#egg=x"}
	r := rand.New(rand.NewPCG(seed, 1))
	files := map[string]string{}
	for i := range n {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		files[fmt.Sprintf("random-%02d.txt", i)] = b.String()
	}
	return files
}

// fullAccepts fails t for each document a fast path accepted (accepted) that the full
// check (full) rejects, and when it accepted fewer than least: a fast path that takes
// nothing proves nothing. label prefixes each message.
func fullAccepts(t *testing.T, label string, accepted []string, least int, full func([]byte) error) {
	t.Helper()
	for _, d := range accepted {
		if err := full([]byte(d)); err != nil {
			t.Errorf("%s%q: the fast path accepts it, the full check says %v", label, clip(d), err)
		}
	}
	if len(accepted) < least {
		t.Errorf("%sthe fast path accepted only %d documents", label, len(accepted))
	}
}

// pythonAccepts fails t for each document a fast path accepted (accepted) that the
// pinned Python (testtools' venv, where pre-commit-hooks is installed) rejects:
// imports, then load(f) on the file opened in binary raises exc. who names the loader
// and label prefixes each message, as in fullAccepts.
func pythonAccepts(t *testing.T, label, who string, accepted []string, imports, load, exc string) {
	t.Helper()
	py := filepath.Join(testtools.Dir(), "venv", "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if testtools.Required("pre-commit-hooks") {
			t.Fatalf("%s is required (HOOKRUN_REQUIRE_TOOLS) but missing; run .ci/install-tools", py)
		}
		t.Skipf("no %s; run .ci/install-tools", py)
	}
	dir := t.TempDir()
	for i, d := range accepted {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), []byte(d), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	script := "import sys, os\n" + imports + `
for i in range(int(sys.argv[2])):
    try:
        with open(os.path.join(sys.argv[1], str(i)), 'rb') as f:
            ` + load + `
    except ` + exc + ` as e:
        print(i, e)
`
	out, err := exec.Command(py, "-c", script, dir, fmt.Sprint(len(accepted))).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		var i int
		_, _ = fmt.Sscan(line, &i)
		t.Errorf("%s%q: the fast path accepts it, %s says %s", label, clip(accepted[i]), who, line)
	}
}

// quickAccepted is what a fast path (ok) accepts of cases, seeds, and n mutations of
// each seed (mutate, from the same fixed seed of randomness for every format).
func quickAccepted(cases, seeds []string, n int, marks string, inserts []string, ok func(string) bool) []string {
	docs := append(slices.Clone(cases), seeds...)
	rng := rand.New(rand.NewPCG(13, 13))
	for _, seed := range seeds {
		for range n {
			docs = append(docs, mutate(rng, seed, marks, inserts))
		}
	}
	var accepted []string
	for _, d := range docs {
		if ok(d) {
			accepted = append(accepted, d)
		}
	}
	return accepted
}

// mutate changes a few bytes of doc: drops one, doubles one, puts one of marks (the
// characters that matter to the format) in, or, when there are inserts, puts one of
// them in.
func mutate(rng *rand.Rand, doc, marks string, inserts []string) string {
	b := []byte(doc)
	kinds := 3
	if len(inserts) > 0 {
		kinds = 4
	}
	for range 1 + rng.IntN(3) {
		i := rng.IntN(len(b))
		switch rng.IntN(kinds) {
		case 0:
			b = append(b[:i], b[i+1:]...)
		case 1:
			b = append(b[:i+1], b[i:]...)
		case 2:
			b[i] = marks[rng.IntN(len(marks))]
		default:
			ins := inserts[rng.IntN(len(inserts))]
			b = append(b[:i], append([]byte(ins), b[i:]...)...)
		}
	}
	return string(b)
}
