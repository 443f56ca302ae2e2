package runners

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeFile writes data at root/name (slash-separated), making its directories.
func writeFile(t *testing.T, root, name, data string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLocateRunReadsMetadataFirst: a run (not NoExec) starts no tool whose package
// metadata names its version (each would leave a marker): not the venv's tool, not the
// node package, neither go nor gofmt for the toolchain's version (issue 10).
func TestLocateRunReadsMetadataFirst(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	marker := filepath.Join(root, "marker")
	script := "#!/bin/sh\necho \"$0 $*\" >> " + marker + "\necho 9.9.9\n"
	venvRuff := writeFile(t, root, ".venv/bin/ruff", script, 0o755)
	writeFile(t, root, ".venv/lib/python3.12/site-packages/ruff-0.9.1.dist-info/METADATA", "Name: ruff\nVersion: 0.9.1\n", 0o644)
	writeFile(t, root, "web/node_modules/prettier/bin/prettier.cjs", script, 0o755)
	writeFile(t, root, "web/node_modules/prettier/package.json", `{"name": "prettier", "version": "3.4.2"}`, 0o644)
	if err := os.MkdirAll(filepath.Join(root, "web/node_modules/.bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../prettier/bin/prettier.cjs", filepath.Join(root, "web/node_modules/.bin/prettier")); err != nil {
		t.Fatal(err)
	}
	goroot := filepath.Join(root, "goroot")
	writeFile(t, goroot, "bin/go", script, 0o755)
	writeFile(t, goroot, "VERSION", "go1.26.8\ntime 2026-01-01T00:00:00Z\n", 0o644)
	gofmt := writeFile(t, goroot, "bin/gofmt", script, 0o755)
	env := []string{"PATH=" + filepath.Join(goroot, "bin"), "HOOKRUN_CACHE_DIR=" + filepath.Join(root, "cache")}
	tests := []struct {
		name, tool, dir   string
		wantArgv, wantVer string
	}{
		{name: "a venv tool's version comes from its dist-info", tool: "ruff", dir: ".", wantArgv: venvRuff, wantVer: "0.9.1"},
		{name: "a node tool's version comes from its package.json", tool: "prettier", dir: "web", wantArgv: filepath.Join(root, "web/node_modules/.bin/prettier"), wantVer: "3.4.2"},
		{name: "the toolchain's version comes from GOROOT/VERSION", tool: "gofmt", dir: ".", wantArgv: gofmt, wantVer: "1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl, _ := Lookup(tt.tool)
			exe, err := Locate(t.Context(), tl, root, tt.dir, env)
			if err != nil {
				t.Fatal(err)
			}
			if exe.Argv[0] != tt.wantArgv || exe.Version != tt.wantVer {
				t.Errorf("got %v %q, want %s %q", exe.Argv, exe.Version, tt.wantArgv, tt.wantVer)
			}
		})
	}
	t.Cleanup(func() {
		if data, err := os.ReadFile(marker); err == nil {
			t.Errorf("Locate started programs to learn versions the metadata holds:\n%s", data)
		}
	})
}

func TestVersionCacheRemembersWhatTheToolSaid(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	bin := writeFile(t, root, "bin/tool", "#!/bin/sh\necho 1.0\n", 0o755)
	c := versionCache{dir: filepath.Join(root, "cache", versionCacheSubdir)}
	key, ok := c.key(bin, []string{"--version"}, root)
	if !ok {
		t.Fatal("a regular file is not cacheable")
	}
	if _, hit := c.load(key); hit {
		t.Fatal("an empty cache hits")
	}
	c.store(key, "1.0")
	if got, hit := c.load(key); !hit || got != "1.0" {
		t.Fatalf("load after store = %q %v, want 1.0", got, hit)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	if k, _ := c.key(link, []string{"--version"}, root); k != key {
		t.Error("a symlink to the same binary is another entry")
	}
	for name, other := range map[string]func() (string, bool){
		"another question":  func() (string, bool) { return c.key(bin, []string{"-V"}, root) },
		"another directory": func() (string, bool) { return c.key(bin, []string{"--version"}, filepath.Join(root, "bin")) },
	} {
		if k, _ := other(); k == key {
			t.Errorf("%s shares the entry", name)
		}
	}
	// An upgrade rewrites the binary: same size, another modification time.
	if err := os.Chtimes(bin, time.Time{}, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if k, _ := c.key(bin, []string{"--version"}, root); k == key {
		t.Error("a rewritten binary keeps its entry")
	}
	writeFile(t, root, "bin/tool", "#!/bin/sh\necho 1.10\n", 0o755)
	if k, _ := c.key(bin, []string{"--version"}, root); k == key {
		t.Error("a binary of another size keeps its entry")
	}
}

// TestVersionCacheErrorsAreMisses: whatever is at an entry's place, or wherever the
// cache cannot write, a lookup misses and nothing fails.
func TestVersionCacheErrorsAreMisses(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "cache")
	c := versionCache{dir: dir}
	writeFile(t, dir, "two-lines", "1.0\n2.0", 0o644)
	writeFile(t, dir, "empty", "", 0o644)
	writeFile(t, dir, "huge", string(make([]byte, maxVersionSize+1)), 0o644)
	if err := os.Mkdir(filepath.Join(dir, "a-dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"two-lines", "empty", "huge", "a-dir", "absent"} {
		if v, hit := c.load(key); hit {
			t.Errorf("entry %s hits with %q", key, v)
		}
	}
	blocked := versionCache{dir: filepath.Join(writeFile(t, root, "file", "", 0o644), "sub")}
	blocked.store("k", "1.0") // its directory cannot be made: nothing happens
	if _, hit := blocked.load("k"); hit {
		t.Error("a cache that cannot be written hits")
	}
	if _, ok := (versionCache{}).key(writeFile(t, root, "bin/x", "", 0o755), nil, root); ok {
		t.Error("no cache dir still keys entries")
	}
	if _, ok := c.key(filepath.Join(root, "missing"), nil, root); ok {
		t.Error("a missing binary is cacheable")
	}
}
