package hookrepos

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGCKeepsWhatRecordedConfigsUse: GC removes the clones and environments no
// recorded config uses (an environment's lock file with it), keeps what one does and
// whatever a run is still making (names starting with a dot), and forgets a recorded
// config that is gone.
func TestGCKeepsWhatRecordedConfigsUse(t *testing.T) {
	t.Parallel()
	cache, proj := t.TempDir(), t.TempDir()
	cfg := filepath.Join(proj, ".pre-commit-config.yaml")
	write(t, cfg, "repos:\n- repo: local\n  hooks:\n  - id: py\n    name: py\n    entry: python\n    language: python\n")
	record(cache, cfg)
	record(cache, filepath.Join(proj, "gone", ".pre-commit-config.yaml"))
	used, _, err := usedEntries(cache)
	if err != nil {
		t.Fatal(err)
	}
	var env string
	for p := range used {
		env = p
	}
	if len(used) != 1 || !strings.HasPrefix(env, filepath.Join(cache, envsDir, "python-")) {
		t.Fatalf("used = %v, want the python environment alone", used)
	}
	keep := []string{env, env + ".lock", filepath.Join(cache, envsDir, ".building"), filepath.Join(cache, reposDir, ".clone-1")}
	drop := []string{filepath.Join(cache, envsDir, "python-0000"), filepath.Join(cache, envsDir, "python-0000.lock"), filepath.Join(cache, reposDir, "0123")}
	for _, p := range slices.Concat(keep, drop) {
		if strings.HasSuffix(p, ".lock") {
			write(t, p, "")
		} else {
			write(t, filepath.Join(p, "marker"), "x")
		}
	}
	c, err := GC(Options{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	if c.Repos != 1 || c.Envs != 1 || len(c.Configs) != 1 || !strings.Contains(c.Configs[0], "gone") {
		t.Errorf("GC = %+v, want 1 repo, 1 environment and the gone config removed", c)
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed", p)
		}
	}
	for _, p := range drop {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was kept", p)
		}
	}
	if dir, err := Clean(Options{CacheDir: cache}); err != nil || dir != cache {
		t.Fatalf("Clean = %s, %v", dir, err)
	}
	for _, name := range []string{reposDir, envsDir, configsDir} {
		if _, err := os.Stat(filepath.Join(cache, name)); err == nil {
			t.Errorf("Clean left %s", name)
		}
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
