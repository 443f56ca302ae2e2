package engine

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cache"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/runners"
)

// A hook run through its tool's daemon (`daemon: true`, dmypy for mypy) has keys of its
// own, the shared cache's too (which leaves out where the tool is installed): dmypy can
// find what mypy does not, so neither's pass stands for the other's. The two hooks here
// are defined by the same file, as when hookrun.local.yaml adds `daemon: true`.
func TestDaemonHasItsOwnKeys(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("no daemon on Windows: the hook runs mypy (runners.NewTools)")
	}
	root := t.TempDir()
	bin := filepath.Join(root, ".venv", "bin")
	dist := filepath.Join(root, ".venv", "lib", "python3.11", "site-packages", "mypy-2.4.1.dist-info")
	for name, content := range map[string]string{
		filepath.Join(bin, "mypy"):              "#!/bin/sh\nexit 9\n",
		filepath.Join(bin, "dmypy"):             "#!/bin/sh\nexit 9\n",
		filepath.Join(dist, "METADATA"):         "Metadata-Version: 2.1\nName: mypy\nVersion: 2.4.1\n",
		filepath.Join(dist, "entry_points.txt"): "[console_scripts]\ndmypy = mypy.dmypy.client:console_entry\n",
		filepath.Join(root, "pkg", "a.py"):      "x = 1\n",
	} {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]string{"pkg/a.py": cache.WorkID(filepath.Join(root, "pkg", "a.py"))}
	var keys [][2]cache.Key
	for _, src := range []string{"version: 1\nhooks:\n  - id: mypy\n", "version: 1\nhooks:\n  - id: mypy\n    daemon: true\n"} {
		cfg, err := config.Parse("hookrun.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		hs := hooks.Resolve(cfg)
		tools := runners.NewTools(root, cfg, hs)
		j := hooks.Job{Hook: hs[0], Files: []string{"pkg/a.py"}, Targets: []string{"pkg/a.py"}}
		env := []string{"PATH=/nonexistent", "HOOKRUN_CACHE_DIR=" + t.TempDir()}
		if err := tools.Locate(t.Context(), []hooks.Job{j}, hooks.Check, env); err != nil {
			t.Fatal(err)
		}
		e := New(Options{Repo: &gitrepo.Repo{Root: root}, Mode: hooks.Check, Tools: tools})
		c := &resultCache{
			e: e, tree: cache.NewTree(root, ids, nil, nil),
			keys: map[jobKey]passKeys{}, cfgs: map[string]string{}, pre: map[jobKey]takenInput{},
		}
		in, ok := c.input(j)
		if !ok {
			t.Fatalf("%q: not cacheable", src)
		}
		keys = append(keys, [2]cache.Key{in.Key(), in.RemoteKey("hookrun")})
	}
	if keys[0][0] == keys[1][0] {
		t.Error("mypy and its daemon share a result cache key")
	}
	if keys[0][1] == keys[1][1] {
		t.Error("mypy and its daemon share a shared-cache key")
	}
}
