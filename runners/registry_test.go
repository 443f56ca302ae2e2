package runners

import (
	"slices"
	"strings"
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

// TestConfigKnowsEveryModeFlag keeps config.BuiltinModeFlags, which a hook's args are
// checked against, equal to the bare flags in which each tool's check and fix command
// lines differ (a flag with a value, such as ruff format's --output-format=json, picks
// an output, not a mode).
func TestConfigKnowsEveryModeFlag(t *testing.T) {
	t.Parallel()
	for _, name := range Names() {
		tl, _ := Lookup(name)
		var want []string
		if tl.Fix != nil {
			for _, pair := range [][2][]string{{tl.Check, tl.Fix}, {tl.Fix, tl.Check}} {
				for _, w := range pair[0] {
					if strings.HasPrefix(w, "-") && !strings.Contains(w, "=") && !slices.Contains(pair[1], w) {
						want = append(want, w)
					}
				}
			}
		}
		got := slices.Sorted(slices.Values(config.BuiltinModeFlags[name]))
		if slices.Sort(want); !slices.Equal(got, want) {
			t.Errorf("config.BuiltinModeFlags[%q] = %q, want %q", name, got, want)
		}
	}
}
