package runners

import (
	"slices"
	"testing"

	"github.com/hookrun/hookrun/config"
)

func TestRegistryHasTheCatalog(t *testing.T) {
	t.Parallel()
	want := []string{
		"gofmt", "goimports", "go-vet", "staticcheck", "golangci-lint", "golangci-lint-fmt", "go-mod-tidy",
		"ruff", "ruff-format", "black", "isort", "flake8", "mypy", "pylint", "pyright",
		"prettier", "eslint", "tsc", "biome",
	}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v\nwant %v", got, want)
	}
	for _, name := range want {
		tl, _ := Lookup(name)
		switch {
		case tl.Parse == nil || tl.Verdict == nil:
			t.Errorf("%s: no parser or verdict", name)
		case tl.Check == nil || len(tl.Files) == 0 || len(tl.Find) == 0 || tl.Install == "" || tl.Bin == "" || tl.Lang == "":
			t.Errorf("%s: incomplete declaration", name)
		}
	}
}

func TestLookupReturnsACopy(t *testing.T) {
	t.Parallel()
	a, _ := Lookup("ruff")
	a.Files[0] = "*.changed"
	a.Serial = true
	b, _ := Lookup("ruff")
	if b.Files[0] == "*.changed" || b.Serial {
		t.Error("changing a looked-up tool changed the registry")
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup found an unknown tool")
	}
}

// TestConfigKnowsEveryBuiltin keeps config's list of names, which the config file is
// validated against, equal to the registry.
func TestConfigKnowsEveryBuiltin(t *testing.T) {
	t.Parallel()
	got, want := slices.Sorted(slices.Values(config.BuiltinNames)), slices.Sorted(slices.Values(Names()))
	if !slices.Equal(got, want) {
		t.Errorf("config.BuiltinNames = %v\nrunners.Names() = %v", got, want)
	}
}
