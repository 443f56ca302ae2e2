package runners

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// monorepo has two Go modules, a Python package with its own pyproject.toml and a
// TypeScript package with its own tsconfig.json, plus files at the root.
var monorepo = fstest.MapFS{
	"go.work":                     {Data: []byte("go 1.26\n")},
	"svc/api/go.mod":              {Data: []byte("module example.com/api\n")},
	"svc/api/main.go":             {},
	"svc/api/internal/db/db.go":   {},
	"svc/api/testdata/fixture.go": {},
	"svc/worker/go.mod":           {Data: []byte("module example.com/worker\n")},
	"svc/worker/run.go":           {},
	"py/pkg/pyproject.toml":       {},
	"py/pkg/src/app.py":           {},
	"py/pkg/tests/test_app.py":    {},
	"tools/gen.py":                {},
	"web/tsconfig.json":           {},
	"web/package.json":            {},
	"web/src/index.ts":            {},
	"web/-dash.ts":                {},
	"scripts/loose.ts":            {},
}

// changed is one commit touching all of them; gone.go and old.py were deleted.
var changed = []string{
	"py/pkg/src/app.py", "py/pkg/src/old.py", "py/pkg/tests/test_app.py", "scripts/loose.ts",
	"svc/api/gone/gone.go", "svc/api/internal/db/db.go", "svc/api/main.go", "svc/worker/run.go",
	"tools/gen.py", "web/-dash.ts", "web/src/index.ts",
}

func TestPlanMonorepo(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		tool  string
		files []string // filtered by the tool's suffix
		want  []string // Dir: Args | Files
	}{
		{
			name: "go vet runs once per module with the package dirs that still exist",
			tool: "go-vet", files: filter(".go"),
			want: []string{
				"svc/api: . ./internal/db | svc/api/internal/db/db.go svc/api/main.go",
				"svc/worker: . | svc/worker/run.go",
			},
		},
		{
			name: "golangci-lint gets the same module split",
			tool: "golangci-lint", files: filter(".go"),
			want: []string{
				"svc/api: . ./internal/db | svc/api/internal/db/db.go svc/api/main.go",
				"svc/worker: . | svc/worker/run.go",
			},
		},
		{
			name: "gofmt runs per module root with files relative to it",
			tool: "gofmt", files: filter(".go"),
			want: []string{
				"svc/api: internal/db/db.go main.go | svc/api/internal/db/db.go svc/api/main.go",
				"svc/worker: run.go | svc/worker/run.go",
			},
		},
		{
			name: "mypy runs once per Python project; a file outside any project runs at the root",
			tool: "mypy", files: filter(".py"),
			want: []string{
				".: tools/gen.py | tools/gen.py",
				"py/pkg: src/app.py tests/test_app.py | py/pkg/src/app.py py/pkg/tests/test_app.py",
			},
		},
		{
			name: "tsc runs once per tsconfig project without files, and skips files outside any",
			tool: "tsc", files: filter(".ts"),
			want: []string{"web:  | web/-dash.ts web/src/index.ts"},
		},
		{
			name: "a file name starting with a dash cannot pass for a flag",
			tool: "eslint", files: filter(".ts"),
			want: []string{
				".: scripts/loose.ts | scripts/loose.ts",
				"web: ./-dash.ts src/index.ts | web/-dash.ts web/src/index.ts",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl, _ := Lookup(tt.tool)
			got := render(Plan(tl, monorepo, tt.files))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestPlanEdges(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"go.mod":         {},
		"a/a.go":         {},
		"b/only_test.go": {},
		"web/x.ts":       {},
	}
	tests := []struct {
		name  string
		tool  string
		root  string
		files []string
		want  []string
	}{
		{name: "only deleted files: no invocation at all", tool: "ruff", files: []string{"gone.py"}},
		{name: "a deleted package dir is not vetted", tool: "go-vet", files: []string{"c/c.go"}},
		{name: "no files: no invocation", tool: "gofmt"},
		{
			name: "a test-only package is still a package", tool: "staticcheck", files: []string{"b/only_test.go"},
			want: []string{".: ./b | b/only_test.go"},
		},
		{
			name: "go mod tidy runs for a module whose only change was a deletion", tool: "go-mod-tidy", files: []string{"c/c.go"},
			want: []string{".:  | "},
		},
		{
			name: "a fixed root replaces the marker search", tool: "prettier", root: "web", files: []string{"web/x.ts"},
			want: []string{"web: x.ts | web/x.ts"},
		},
		{name: "files outside a fixed root are left out", tool: "prettier", root: "web", files: []string{"a/a.go"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tl, _ := Lookup(tt.tool)
			tl.Root = tt.root
			got := render(Plan(tl, fsys, tt.files))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestInvocationCovers(t *testing.T) {
	t.Parallel()
	inv := Invocation{Files: []string{"web/a.ts", "web/b.ts"}}
	if !inv.Covers("web/b.ts") || inv.Covers("web/c.ts") {
		t.Error("Covers must answer for exactly the invocation's files")
	}
}

func filter(suffix string) []string {
	return slices.DeleteFunc(slices.Clone(changed), func(f string) bool { return !strings.HasSuffix(f, suffix) })
}

func render(invs []Invocation) []string {
	var out []string
	for _, inv := range invs {
		out = append(out, inv.Dir+": "+strings.Join(inv.Args, " ")+" | "+strings.Join(inv.Files, " "))
	}
	return out
}
