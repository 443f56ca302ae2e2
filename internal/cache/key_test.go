package cache

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func baseInput() Input {
	return Input{
		Hook: "lint", Runner: "tool", Tool: "ruff", Exe: []string{"/venv/bin/ruff"}, Version: "0.6.0",
		Argv: []string{"check", "a.py"}, Self: "hookrun 1", Mode: "check", Command: "",
		Args: []string{"--select", "E"}, Env: map[string]string{"A": "1"}, Root: "", Dir: ".",
		Targets: []string{"a.py"}, HookConfig: "100644 aaa",
		Files:   []File{{"a.py", "100644 111"}, {"b.py", "100644 222"}},
		Configs: []File{{"pyproject.toml", "100644 333"}},
	}
}

func TestKeyIsTheSameForTheSameInputs(t *testing.T) {
	t.Parallel()
	a, b := baseInput(), baseInput()
	if a.Key() != b.Key() {
		t.Error("equal inputs, different keys")
	}
	if len(a.Key().String()) != 64 {
		t.Errorf("key %q is not 64 hex digits", a.Key())
	}
}

func TestKeyChangesWithEveryInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(in *Input)
	}{
		{"another hook", func(in *Input) { in.Hook = "lint2" }},
		{"another runner", func(in *Input) { in.Runner = "command" }},
		{"another tool", func(in *Input) { in.Tool = "black" }},
		{"another executable", func(in *Input) { in.Exe = []string{"/usr/bin/ruff"} }},
		{"another tool version", func(in *Input) { in.Version = "0.6.1" }},
		{"another argv", func(in *Input) { in.Argv = []string{"check", "--fix", "a.py"} }},
		{"another hookrun", func(in *Input) { in.Self = "hookrun 2" }},
		{"another mode", func(in *Input) { in.Mode = "fix" }},
		{"another command", func(in *Input) { in.Command = "ruff check" }},
		{"another argument", func(in *Input) { in.Args = []string{"--select", "F"} }},
		{"an argument moved into the next", func(in *Input) { in.Args = []string{"--select E"} }},
		{"another env value", func(in *Input) { in.Env = map[string]string{"A": "2"} }},
		{"another env key", func(in *Input) { in.Env = map[string]string{"B": "1"} }},
		{"one more env variable", func(in *Input) { in.Env = map[string]string{"A": "1", "B": ""} }},
		{"another stage variable", func(in *Input) { in.RunEnv = []string{"PRE_COMMIT_FROM_REF=abc"} }},
		{"another root", func(in *Input) { in.Root = "sub" }},
		{"another dir", func(in *Input) { in.Dir = "sub" }},
		{"another target", func(in *Input) { in.Targets = []string{"b.py"} }},
		{"an edited hook config", func(in *Input) { in.HookConfig = "100644 bbb" }},
		{"a checked file's content", func(in *Input) { in.Files[1].ID = "100644 999" }},
		{"a checked file's name", func(in *Input) { in.Files[1].Path = "c.py" }},
		{"one file fewer", func(in *Input) { in.Files = in.Files[:1] }},
		{"an executable bit", func(in *Input) { in.Files[0].ID = "100755 111" }},
		{"a config file's content", func(in *Input) { in.Configs[0].ID = "100644 444" }},
		{"a config file more", func(in *Input) { in.Configs = append(in.Configs, File{"setup.cfg", "100644 5"}) }},
		{"a file moved from the files to the configs", func(in *Input) {
			in.Configs = append([]File{in.Files[1]}, in.Configs...)
			in.Files = in.Files[:1]
		}},
	}
	base := baseInput()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := baseInput()
			in.Files = append([]File(nil), in.Files...)
			tt.change(&in)
			if in.Key() == base.Key() {
				t.Error("the key did not change")
			}
		})
	}
}

func TestIsConfig(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"pyproject.toml": true, "sub/setup.cfg": true, ".flake8": true, "web/eslint.config.mjs": true,
		"tsconfig.build.json": true, ".golangci.yml": true, "go.sum": true, "package-lock.json": true,
		"requirements-dev.txt": true, "a.py": false, "tsconfig.ts": false, "docs/readme.md": false,
	} {
		if got := IsConfig(p); got != want {
			t.Errorf("IsConfig(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestWorkIDIsGitsBlobID: a file hashed from the work tree has the id git gives it, so
// that the index's ids and hashed ones name the same content alike.
func TestWorkIDIsGitsBlobID(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.py")
	if err := os.WriteFile(p, []byte("print(1)\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "git", "hash-object", "--no-filters", p).Output()
	if err != nil {
		t.Skip("git:", err)
	}
	if got, want := WorkID(p), "100755 "+strings.TrimSpace(string(out)); got != want {
		t.Errorf("WorkID = %q, want %q", got, want)
	}
	if err := os.Symlink("a.py", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if got, want := WorkID(filepath.Join(dir, "link")), "120000 "+blobID([]byte("a.py")); got != want {
		t.Errorf("WorkID(link) = %q, want %q (its target's name, not its content)", got, want)
	}
	if got := WorkID(filepath.Join(dir, "gone")); got != "missing" {
		t.Errorf("WorkID(gone) = %q, want missing", got)
	}
}

func TestTreeTakesTheIndexIDUntilAFileIsTouched(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, text := range map[string]string{"a.py": "a\n", "b.py": "b\n", "new.py": "n\n", "sub/pyproject.toml": "x\n"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]string{"a.py": "100644 from-index", "sub/pyproject.toml": "100644 cfg", "pyproject.toml": "100644 top"}
	tr := NewTree(dir, ids, []string{"b.py"}, []string{"new.py"})
	got := tr.Files([]string{"a.py", "b.py", "new.py"})
	if got[0].ID != "100644 from-index" {
		t.Errorf("clean tracked file: id %q, want the index's", got[0].ID)
	}
	if want := WorkID(filepath.Join(dir, "b.py")); got[1].ID != want {
		t.Errorf("modified file: id %q, want the work tree's %q", got[1].ID, want)
	}
	if want := WorkID(filepath.Join(dir, "new.py")); got[2].ID != want {
		t.Errorf("untracked file: id %q, want the work tree's %q", got[2].ID, want)
	}
	tr.Touch([]string{"a.py"}, false)
	if id := tr.Files([]string{"a.py"})[0].ID; id != WorkID(filepath.Join(dir, "a.py")) {
		t.Errorf("touched file: id %q, want the work tree's", id)
	}
	if cfgs := tr.Configs([]string{"."}); len(cfgs) != 1 || cfgs[0].Path != "pyproject.toml" {
		t.Errorf("Configs(.) = %v, want only the root's pyproject.toml", cfgs)
	}
	if cfgs := tr.Configs([]string{"sub/deeper"}); len(cfgs) != 2 {
		t.Errorf("Configs(sub/deeper) = %v, want the root's and sub's", cfgs)
	}
	if under, ok := tr.Under("sub"); !ok || len(under) != 1 || under[0] != "sub/pyproject.toml" {
		t.Errorf("Under(sub) = %v, %v", under, ok)
	}
}

// A tree that was not listed gives every file, and every config file near them, the id
// a listed tree gives the same content (the index's id is git's hash of it), without
// the listing; it cannot say what is under a directory.
func TestHashedTreeGivesTheIDsOfAListedTree(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"a.py": "a\n", "pyproject.toml": "top\n", "sub/b.py": "b\n", "sub/setup.cfg": "s\n",
		"sub/deeper/c.py": "c\n", "other/tox.ini": "o\n", "-dash/ruff.toml": "r\n",
	}
	ids := map[string]string{}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		ids[name] = "100644 " + blobID([]byte(text)) // what git's index says of it
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	listed, hashed := NewTree(dir, ids, nil, nil), NewHashedTree(dir)
	paths := []string{"a.py", "sub/b.py", "sub/deeper/c.py"}
	if l, h := listed.Files(paths), hashed.Files(paths); !slices.Equal(l, h) {
		t.Errorf("Files: hashed tree %v, listed tree %v", h, l)
	}
	for _, dirs := range [][]string{{"."}, {"sub/deeper"}, {"sub", "other"}, {"-dash"}} {
		if l, h := listed.Configs(dirs), hashed.Configs(dirs); !slices.Equal(l, h) {
			t.Errorf("Configs(%v): hashed tree %v, listed tree %v", dirs, h, l)
		}
	}
	if cfgs := hashed.Configs([]string{"link"}); len(cfgs) != 1 || cfgs[0].Path != "pyproject.toml" {
		t.Errorf("Configs(link) = %v, want only the root's: nothing is read through a link", cfgs)
	}
	if _, ok := hashed.Under("sub"); ok {
		t.Error("Under answered on a tree that was not listed")
	}
	// A writer starts on a.py: its id is hashed again, never the one remembered.
	hashed.Touch([]string{"a.py"}, false)
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("fixed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := hashed.Files([]string{"a.py"})[0].ID, "100644 "+blobID([]byte("fixed\n")); got != want {
		t.Errorf("touched file: id %q, want %q", got, want)
	}
}

// Files spread over the CPUs give the same ids as one at a time.
func TestHashedTreeHashesManyFilesAlike(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var paths []string
	for i := range 3 * hashParallel {
		name := fmt.Sprintf("f%03d.txt", i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	for i, f := range NewHashedTree(dir).Files(paths) {
		if f.Path != paths[i] || f.ID != "100644 "+blobID([]byte(paths[i])) {
			t.Fatalf("Files[%d] = %+v", i, f)
		}
	}
}

func TestRunEnvKeepsWhatToolsAndGitTellHooks(t *testing.T) {
	t.Parallel()
	env := []string{
		"PATH=/a", "HOME=/h", "CI_JOB_ID=7", "PATH=/b", "HOOKRUN_ACTIVE=/repo/.git", "HOOKRUN_MODE=fix",
		"PRE_COMMIT_FROM_REF=abc", "RUFF_CACHE_DIR=/c", "TERM=xterm", "GIT_INDEX_FILE=.git/index",
	}
	got := RunEnv(env)
	want := []string{"HOOKRUN_MODE=fix", "PATH=/b", "PRE_COMMIT_FROM_REF=abc", "RUFF_CACHE_DIR=/c"}
	if !slices.Equal(got, want) {
		t.Errorf("RunEnv = %v, want %v", got, want)
	}
}

// A result cache reuses the ids a job's key was taken from until a writer starts: Gen
// says when that happens, and Files answers the same meanwhile.
func TestTreeGenChangesWithEveryTouchOnly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr := NewTree(dir, map[string]string{"a.py": "100644 from-index"}, nil, nil)
	g := tr.Gen()
	first := tr.Files([]string{"a.py"})
	if again := tr.Files([]string{"a.py"}); tr.Gen() != g || again[0] != first[0] {
		t.Errorf("Files moved Gen or its answer: gen %d -> %d, %v -> %v", g, tr.Gen(), first, again)
	}
	tr.Touch([]string{"b.py"}, false)
	if tr.Gen() == g {
		t.Error("Touch left Gen as it was")
	}
	g = tr.Gen()
	tr.Touch(nil, true)
	if tr.Gen() == g {
		t.Error("Touch(nil, true) left Gen as it was")
	}
}

// A directory in a job's files is a submodule's work tree (pre-commit passes them to
// hooks): its commit can change under the same mode, so its id must match nothing, or a
// job would be answered for another commit of it.
func TestWorkIDOfADirectoryMatchesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if a, b := WorkID(dir), WorkID(dir); a == b {
		t.Errorf("WorkID(directory) = %q twice", a)
	}
	tr := NewHashedTree(filepath.Dir(dir))
	if a, b := tr.Files([]string{filepath.Base(dir)}), NewHashedTree(filepath.Dir(dir)).Files([]string{filepath.Base(dir)}); a[0] == b[0] {
		t.Errorf("a hashed tree gave a directory the id %q in two runs", a[0].ID)
	}
}

// A directory of many entries (more than one read of raw entries) gives every config
// file in it, and no directory of a config file's name, as a listed tree does.
func TestHashedTreeReadsLargeDirectoriesWhole(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ids := map[string]string{}
	for i := range 600 {
		name := fmt.Sprintf("sub/module_with_a_long_name_%04d.py", i)
		if i%97 == 0 {
			name = fmt.Sprintf("sub/requirements-%04d.txt", i)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		ids[name] = "100644 " + blobID([]byte(name))
	}
	if err := os.Mkdir(filepath.Join(dir, "sub", "tsconfig.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	listed, hashed := NewTree(dir, ids, nil, nil), NewHashedTree(dir)
	l, h := listed.Configs([]string{"sub"}), hashed.Configs([]string{"sub"})
	if len(l) != 7 || !slices.Equal(l, h) {
		t.Errorf("Configs(sub): hashed tree %v, listed tree %v (want 7)", h, l)
	}
}

// The key of a given input never changes with how it is computed: a key is what a pass
// was stored under, so a change of its bytes drops every entry (the golden value was
// taken before keyWriter buffered its writes). Many files cross keyWriter's chunks.
func TestKeyBytesAreStable(t *testing.T) {
	t.Parallel()
	in := Input{Hook: "h", Runner: "tool", Exe: []string{"a", "b"}, Env: map[string]string{"X": "1", "A": "2"}, Args: []string{"--x"}}
	for i := range 3000 {
		in.Files = append(in.Files, File{Path: fmt.Sprintf("src/d%03d/file%05d.py", i%800, i), ID: fmt.Sprintf("100644 %040d", i)})
	}
	in.Configs = []File{{Path: "pyproject.toml", ID: "x"}}
	if got, want := in.Key().String(), "3c63356bfbee6b1fb099bd6d735467234698cd96b7d67635bcd1c2f5b94085f5"; got != want {
		t.Errorf("Key = %s, want %s", got, want)
	}
}
