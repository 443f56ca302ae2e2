package runners

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLocateNoExecReadsMetadata: with NoExec, Locate starts none of the tools it finds
// (each would leave a marker) and takes their versions from package metadata.
func TestLocateNoExecReadsMetadata(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	marker := filepath.Join(root, "marker")
	write := func(name, data string, mode os.FileMode) string {
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
	script := "#!/bin/sh\necho ran >> " + marker + "\necho 9.9.9\n"
	venvRuff := write(".venv/bin/ruff", script, 0o755)
	write(".venv/lib/python3.12/site-packages/ruff-0.9.1.dist-info/METADATA", "Metadata-Version: 2.3\nName: ruff\nVersion: 0.9.1\n\nVersion: 1.0\n", 0o644)
	venvFlake8 := write("flk/.venv/bin/flake8", script, 0o755)
	write("flk/.venv/lib/python3.11/site-packages/flake8_fork-7.1.0.dist-info/METADATA", "Name: flake8-fork\nVersion: 7.1.0\n", 0o644)
	write("flk/.venv/lib/python3.11/site-packages/flake8_fork-7.1.0.dist-info/entry_points.txt", "[console_scripts]\nflake8 = flake8.main:main\n", 0o644)
	write("web/node_modules/prettier/bin/prettier.cjs", script, 0o755)
	write("web/node_modules/prettier/package.json", `{"name": "prettier", "version": "3.4.2"}`, 0o644)
	bin := filepath.Join(root, "web/node_modules/.bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../prettier/bin/prettier.cjs", filepath.Join(bin, "prettier")); err != nil {
		t.Fatal(err)
	}
	nodeESLint := write("lint/node_modules/.bin/eslint", script, 0o755) // no package.json
	write("scoped/node_modules/@biomejs/biome/bin/biome", script, 0o755)
	write("scoped/node_modules/@biomejs/biome/package.json", `{"name": "@biomejs/biome", "version": "2.3.1"}`, 0o644)
	if err := os.MkdirAll(filepath.Join(root, "scoped/node_modules/.bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../@biomejs/biome/bin/biome", filepath.Join(root, "scoped/node_modules/.bin/biome")); err != nil {
		t.Fatal(err)
	}
	// A tool on PATH inside a project: the project's package.json is not the tool's.
	write("proj/package.json", `{"name": "proj", "version": "1.2.3"}`, 0o644)
	pathPrettier := write("proj/tools/bin/prettier", script, 0o755)
	env := []string{"PATH=" + filepath.Join(root, "proj/tools/bin")}
	tests := []struct {
		name, tool, dir   string
		wantArgv, wantVer string
	}{
		{name: "a venv tool's version comes from its dist-info METADATA", tool: "ruff", dir: ".", wantArgv: venvRuff, wantVer: "0.9.1"},
		{name: "a console script is found by its entry point", tool: "flake8", dir: "flk", wantArgv: venvFlake8, wantVer: "7.1.0"},
		{name: "a node_modules/.bin link leads to its package.json", tool: "prettier", dir: "web", wantArgv: filepath.Join(bin, "prettier"), wantVer: "3.4.2"},
		{name: "no metadata is version unknown", tool: "eslint", dir: "lint", wantArgv: nodeESLint, wantVer: "unknown"},
		{name: "a scoped package's link leads to its package.json", tool: "biome", dir: "scoped", wantArgv: filepath.Join(root, "scoped/node_modules/.bin/biome"), wantVer: "2.3.1"},
		{name: "a tool in no node_modules does not take its project's version", tool: "prettier", dir: "lint", wantArgv: pathPrettier, wantVer: "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl, _ := Lookup(tt.tool)
			exe, err := LocateWith(t.Context(), tl, root, tt.dir, env, LocateOptions{NoExec: true})
			if err != nil {
				t.Fatal(err)
			}
			if exe.Argv[0] != tt.wantArgv || exe.Version != tt.wantVer {
				t.Errorf("got %v %q, want %s %q", exe.Argv, exe.Version, tt.wantArgv, tt.wantVer)
			}
		})
	}
	t.Cleanup(func() {
		if _, err := os.Stat(marker); err == nil {
			t.Error("LocateWith(NoExec) started a tool")
		}
	})
}
