package runners

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		"go.mod":               "module example.com/m\n",
		"main.go":              "package main\n",
		"py/pyproject.toml":    "[tool.black]\nline-length = 100\n",
		"py/app.py":            "x = 1\n",
		"web/package.json":     "{}\n",
		"web/tsconfig.json":    "{}\n",
		"web/src/a.ts":         "export const a = 1;\n",
		"web/eslint.config.js": "export default [];\n",
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(root, "bin")
	fakeTool(t, bin, "go", "go1.26.8") // answers `go env GOVERSION` and GOROOT alike
	fakeTool(t, bin, "gofmt", "")
	fakeTool(t, filepath.Join(root, "py", ".venv", "bin"), "ruff", "ruff 0.17.6")
	fakeTool(t, filepath.Join(root, "web", "node_modules", ".bin"), "tsc", "Version 7.0.2")
	tracked := slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	})
	sugs := Detect(t.Context(), root, tracked, []string{"PATH=" + bin, "HOOKRUN_CACHE_DIR=" + t.TempDir()}, LocateOptions{})

	var got []string
	for i := range sugs {
		s := &sugs[i]
		got = append(got, s.Tool+" ["+s.Why+"] in "+s.Dir+": "+s.Exe.Version+s.Missing())
	}
	want := []string{
		"gofmt [*.go] in .: 1.26.8",
		"go-vet [go.mod] in .: 1.26.8",
		"ruff [*.py] in py: 0.17.6",
		"black [[tool.black] in py/pyproject.toml] in py: pip install black",
		"prettier [*.js] in web: npm i -D prettier",
		"eslint [eslint.config.js] in web: npm i -D eslint @eslint/js",
		"tsc [tsconfig.json] in web: 7.0.2",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	wantSummary := "built-ins: gofmt, go-vet, ruff, tsc; left out: black (not installed: pip install black), " +
		"prettier (not installed: npm i -D prettier), eslint (not installed: npm i -D eslint @eslint/js)"
	if s := Summary(sugs); s != wantSummary {
		t.Errorf("Summary:\ngot  %s\nwant %s", s, wantSummary)
	}

	cfg := InitConfig(sugs)
	f, err := config.Parse("hookrun.yaml", cfg)
	if err != nil {
		t.Fatalf("InitConfig output does not parse: %v\n%s", err, cfg)
	}
	var ids []string
	for _, h := range f.Hooks {
		ids = append(ids, h.ID)
	}
	if want := []string{"gofmt", "go-vet", "ruff", "tsc"}; !slices.Equal(ids, want) {
		t.Errorf("InitConfig hooks = %v, want %v\n%s", ids, want, cfg)
	}
	if !strings.Contains(string(cfg), "  # - id: eslint # found eslint.config.js; not installed: npm i -D eslint @eslint/js\n") {
		t.Errorf("InitConfig does not offer the missing eslint with its install command:\n%s", cfg)
	}
}

func TestInitConfigWithNothingFoundIsValid(t *testing.T) {
	t.Parallel()
	if _, err := config.Parse("hookrun.yaml", InitConfig(nil)); err != nil {
		t.Fatal(err)
	}
}

func TestDefaultsNameBuiltins(t *testing.T) {
	t.Parallel()
	for _, d := range defaults {
		if _, ok := Lookup(d.tool); !ok {
			t.Errorf("defaults names %q, which is not a built-in", d.tool)
		}
	}
}
