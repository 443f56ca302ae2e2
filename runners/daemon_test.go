package runners

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
)

// TestConfigKnowsEveryDaemon keeps config.BuiltinDaemons, the built-ins on which a
// hook's `daemon: true` is accepted, equal to the tools that declare a daemon.
func TestConfigKnowsEveryDaemon(t *testing.T) {
	t.Parallel()
	var want []string
	for _, name := range Names() {
		if tl, _ := Lookup(name); tl.Daemon != nil {
			want = append(want, name)
		}
	}
	if got := slices.Sorted(slices.Values(config.BuiltinDaemons)); !slices.Equal(got, want) {
		t.Errorf("config.BuiltinDaemons = %v, want %v", got, want)
	}
}

// TestDaemonLocatedBesideTool: a hook with `daemon: true` runs the daemon's client
// (dmypy), found where its tool is, and a hook of the same tool without it in the same
// directory still runs the tool: the two are located apart. Nothing runs: the versions
// come from the venv's metadata.
func TestDaemonLocatedBesideTool(t *testing.T) {
	t.Parallel()
	if !daemonsOutliveRuns {
		t.Skip("no daemon here: the hook runs the tool itself")
	}
	root := t.TempDir()
	bin := filepath.Join(root, ".venv", venvBin)
	dist := ".venv/lib/python3.11/site-packages/mypy-2.4.1.dist-info/"
	for name, content := range map[string]string{
		".venv/" + venvBin + "/mypy":  "#!/bin/sh\nexit 9\n",
		".venv/" + venvBin + "/dmypy": "#!/bin/sh\nexit 9\n",
		dist + "METADATA":             "Metadata-Version: 2.1\nName: mypy\nVersion: 2.4.1\n",
		dist + "entry_points.txt":     "[console_scripts]\ndmypy = mypy.dmypy.client:console_entry\nmypy = mypy.__main__:console_entry\n",
		"hookrun.yaml":                "",
		"pkg/__init__.py":             "",
	} {
		writeFile(t, root, name, content, 0o755)
	}
	cfg, err := config.Parse("hookrun.yaml", []byte("version: 1\nhooks:\n  - id: mypy\n    daemon: true\n  - id: plain\n    uses: mypy\n"))
	if err != nil {
		t.Fatal(err)
	}
	hs := hooks.Resolve(cfg)
	b := NewTools(root, cfg, hs)
	jobs := []hooks.Job{{Hook: hs[0], Files: []string{"pkg/__init__.py"}}, {Hook: hs[1], Files: []string{"pkg/__init__.py"}}}
	env := []string{"PATH=/nonexistent", "HOOKRUN_CACHE_DIR=" + t.TempDir()}
	if err := b.Locate(context.Background(), jobs, hooks.Check, env); err != nil {
		t.Fatal(err)
	}
	want := []string{"dmypy", "mypy"}
	for i, j := range jobs {
		exe, ok := b.Exe(j)
		if !ok || filepath.Base(exe.Argv[0]) != want[i] || exe.Version != "2.4.1" {
			t.Errorf("%s: located %q version %q, want %s version 2.4.1", j.Hook.ID, exe.Argv, exe.Version, want[i])
		}
		if !strings.HasPrefix(exe.Argv[0], bin) {
			t.Errorf("%s: located %s, want it in %s", j.Hook.ID, exe.Argv[0], bin)
		}
	}
}
