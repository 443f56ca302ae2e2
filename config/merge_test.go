package config_test

import (
	"slices"
	"testing"
	"time"

	"github.com/hookrun/hookrun/config"
)

func mustParse(t *testing.T, name, src string) *config.File {
	t.Helper()
	f, err := config.Parse(name, []byte(src))
	if err != nil {
		t.Fatalf("Parse(%s):\n%v", name, err)
	}
	return f
}

const mergeBase = `version: 1
jobs: 4
exclude: [vendor/**]
hooks:
  - id: lint
    check: make lint
    fix: make fix
    files: "*.go"
    timeout: 5m
`

func TestMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		local string // a main-format file, since Parse is the public way to build one
		check func(f *config.File) bool
	}{
		{
			"a local top-level key replaces the base one", "version: 1\njobs: 1\n",
			func(f *config.File) bool { return f.Jobs == 1 },
		},
		{
			"a zero given locally still replaces the base value", "version: 1\njobs: 0\n",
			func(f *config.File) bool { return f.Jobs == 0 },
		},
		{
			"a key the local file leaves out keeps the base value", "version: 1\nfail_fast: true\n",
			func(f *config.File) bool { return f.Jobs == 4 && f.FailFast },
		},
		{
			"a local exclude replaces the whole list", "version: 1\nexclude: [gen/**]\n",
			func(f *config.File) bool { return slices.Equal(f.Exclude, []string{"gen/**"}) },
		},
		{
			"a local hook key replaces only that key",
			"version: 1\nhooks:\n  - id: lint\n    check: make lint2\n    timeout: 1m\n",
			func(f *config.File) bool {
				h := f.Hooks[0]
				return h.Check == "make lint2" && h.Fix == "make fix" && h.Timeout.Duration == time.Minute &&
					slices.Equal(h.Files, []string{"*.go"})
			},
		},
		{
			"an overridden key points into the local file",
			"version: 1\nhooks:\n  - id: lint\n    check: x\n",
			func(f *config.File) bool {
				h := f.Hooks[0]
				return h.KeyPos["check"].File == "local.yaml" && h.KeyPos["fix"].File == "base.yaml" &&
					h.Pos.File == "base.yaml"
			},
		},
		{
			"a local run replaces check and fix",
			"version: 1\nhooks:\n  - id: lint\n    run: echo\n",
			func(f *config.File) bool {
				h := f.Hooks[0]
				_, hasCheck := h.KeyPos["check"]
				return h.Run == "echo" && h.Check == "" && h.Fix == "" && !hasCheck
			},
		},
		{
			"a hook with a new id is appended",
			"version: 1\nhooks:\n  - id: mine\n    run: echo\n",
			func(f *config.File) bool { return len(f.Hooks) == 2 && f.Hooks[1].ID == "mine" },
		},
		{
			"default stages of a local hook do not replace the base stages",
			"version: 1\nhooks:\n  - id: lint\n    check: x\n",
			func(f *config.File) bool { return slices.Equal(f.Hooks[0].Stages, []string{"pre-commit"}) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := mustParse(t, "base.yaml", mergeBase)
			local := mustParse(t, "local.yaml", tt.local)
			got, err := config.Merge(base, local)
			if err != nil {
				t.Fatalf("Merge:\n%v", err)
			}
			if !tt.check(got) {
				t.Errorf("merged file does not match: %+v", got)
			}
		})
	}
}

func TestMergeLeavesInputsAlone(t *testing.T) {
	t.Parallel()
	base := mustParse(t, "base.yaml", mergeBase)
	local := mustParse(t, "local.yaml", "version: 1\nexclude: [a]\nhooks:\n  - id: lint\n    run: echo\n    files: b\n")
	got, err := config.Merge(base, local)
	if err != nil {
		t.Fatal(err)
	}
	got.Hooks[0].Files[0] = "changed"
	got.Exclude[0] = "changed"
	got.Hooks[0].KeyPos["x"] = config.Pos{}
	fresh := mustParse(t, "base.yaml", mergeBase)
	if base.Hooks[0].Check != "make lint" || base.Hooks[0].Files[0] != "*.go" || base.Exclude[0] != "vendor/**" ||
		len(base.Hooks[0].KeyPos) != len(fresh.Hooks[0].KeyPos) || base.Jobs != 4 {
		t.Errorf("base changed: %+v", base)
	}
	if local.Hooks[0].Files[0] != "b" || local.Exclude[0] != "a" {
		t.Errorf("local changed: %+v", local)
	}
}

func TestMergeNilLocalIsACopy(t *testing.T) {
	t.Parallel()
	base := mustParse(t, "base.yaml", mergeBase)
	got, err := config.Merge(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got == base || got.Hooks[0].ID != "lint" {
		t.Errorf("Merge(base, nil) = %p %+v, want a copy of %p", got, got, base)
	}
}

func TestMergeChecksCommands(t *testing.T) {
	t.Parallel()
	base := mustParse(t, "base.yaml", "version: 1\nhooks:\n  - id: fmt\n    run: gofmt -l\n")
	fixPos := config.Pos{File: "local.yaml", Line: 3, Col: 5}
	local := &config.File{Hooks: []config.Hook{{
		ID: "fmt", Fix: "gofmt -w",
		KeyPos: map[string]config.Pos{"id": {File: "local.yaml", Line: 2, Col: 5}, "fix": fixPos},
	}}}
	_, err := config.Merge(base, local)
	want := `local.yaml:3:5: hooks[0].fix: needs a "check" beside it; add the command that reports problems without changing files`
	if err == nil || err.Error() != want {
		t.Errorf("Merge error:\ngot  %v\nwant %s", err, want)
	}
}
