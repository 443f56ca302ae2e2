package runners

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/runners/tool"
)

// fakeTool writes an executable shell script at dir/name that prints out.
func fakeTool(t *testing.T, dir, name, out string) string {
	t.Helper()
	return writeFile(t, dir, name, "#!/bin/sh\necho '"+out+"'\n", 0o755)
}

func TestLocateProjectLocalFirst(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	pathDir := filepath.Join(root, "pathbin")
	fakeTool(t, pathDir, "ruff", "ruff 0.0.1")
	fakeTool(t, pathDir, "eslint", "v1.0.0")
	venvRuff := fakeTool(t, filepath.Join(root, "py", ".venv", "bin"), "ruff", "ruff 0.17.6")
	nodeESLint := fakeTool(t, filepath.Join(root, "web", "node_modules", ".bin"), "eslint", "v10.15.0")
	virtualEnv := filepath.Join(root, "ve")
	fakeTool(t, filepath.Join(virtualEnv, "bin"), "black", "black, 26.10.1 (compiled: yes)")
	env := []string{"PATH=" + pathDir, "VIRTUAL_ENV=" + virtualEnv, "HOOKRUN_CACHE_DIR=" + filepath.Join(root, "cache")}
	tests := []struct {
		name, tool, dir   string
		wantArgv, wantVer string
	}{
		{name: "a venv above the project dir wins over PATH", tool: "ruff", dir: "py/src/pkg", wantArgv: venvRuff, wantVer: "0.17.6"},
		{name: "PATH serves a project without a venv", tool: "ruff", dir: "other", wantArgv: filepath.Join(pathDir, "ruff"), wantVer: "0.0.1"},
		{name: "node_modules/.bin of the package wins over PATH", tool: "eslint", dir: "web/src", wantArgv: nodeESLint, wantVer: "10.15.0"},
		{name: "VIRTUAL_ENV is searched after project venvs", tool: "black", dir: ".", wantArgv: filepath.Join(virtualEnv, "bin", "black"), wantVer: "26.10.1"},
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
}

func TestLocateMissingNamesTheInstallCommand(t *testing.T) {
	t.Parallel()
	tl, _ := Lookup("eslint")
	_, err := Locate(t.Context(), tl, t.TempDir(), ".", []string{"PATH=" + t.TempDir()})
	me, ok := errors.AsType[*MissingError](err)
	if !ok {
		t.Fatalf("err = %v, want *MissingError", err)
	}
	want := "eslint: not installed (looked in node_modules/.bin, PATH); install it: npm i -D eslint @eslint/js"
	if me.Error() != want {
		t.Errorf("got  %q\nwant %q", me.Error(), want)
	}
}

func TestLocateBrokenToolIsNotMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "ruff")
	if err := os.WriteFile(p, []byte("#!/bin/sh\necho 'cannot load' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tl, _ := Lookup("ruff")
	_, err := Locate(t.Context(), tl, t.TempDir(), ".", []string{"PATH=" + dir, "HOOKRUN_CACHE_DIR=" + t.TempDir()})
	if err == nil || errors.As(err, new(*MissingError)) || !strings.Contains(err.Error(), "exited 3: cannot load") {
		t.Errorf("err = %v, want a version failure quoting the tool", err)
	}
}

// TestLocateGoToolLine finds staticcheck through this repository's own go.mod tool line.
func TestLocateGoToolLine(t *testing.T) {
	t.Parallel()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tl, _ := Lookup("goimports")
	exe, err := Locate(t.Context(), tl, root, "runners", nil)
	if err != nil {
		t.Fatal(err)
	}
	if exe.Source != tool.GoTool || !slices.Equal(exe.Argv[1:], []string{"tool", "goimports"}) || !strings.HasPrefix(exe.Version, "v0.") {
		t.Errorf("got %v %q (source %d), want go tool goimports at the go.mod version", exe.Argv, exe.Version, exe.Source)
	}
}

func TestHasToolLine(t *testing.T) {
	t.Parallel()
	mod := []byte("module m\n\ntool example.com/single\n\ntool (\n\thonnef.co/go/tools/cmd/staticcheck // pinned\n)\n")
	for pkg, want := range map[string]bool{
		"example.com/single":                  true,
		"honnef.co/go/tools/cmd/staticcheck":  true,
		"golang.org/x/tools/cmd/goimports":    false,
		"honnef.co/go/tools/cmd/staticcheck2": false,
	} {
		if got := hasToolLine(mod, pkg); got != want {
			t.Errorf("hasToolLine(%s) = %v, want %v", pkg, got, want)
		}
	}
}

func TestRequiredVersionTakesTheLongestModule(t *testing.T) {
	t.Parallel()
	mod := []byte("require (\n\tgolang.org/x/tools v0.52.0\n\tgolang.org/x/tools/gopls v0.20.0 // indirect\n)\nrequire honnef.co/go/tools v0.8.2\n")
	if got := requiredVersion(mod, "golang.org/x/tools/cmd/goimports"); got != "v0.52.0" {
		t.Errorf("goimports: %q", got)
	}
	if got := requiredVersion(mod, "honnef.co/go/tools/cmd/staticcheck"); got != "v0.8.2" {
		t.Errorf("staticcheck: %q", got)
	}
}
