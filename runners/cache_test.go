package runners

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// The tools that keep a cache of their own in its usual place (mypy's .mypy_cache,
// ruff's .ruff_cache, each ignoring itself in git; golangci-lint's in the user cache)
// keep it: no built-in's command line turns a cache off or points it at a fresh
// directory.
func TestNoBuiltinDisablesItsCache(t *testing.T) {
	t.Parallel()
	off := []string{"--no-cache", "--cache-dir", "--no-incremental", "--incremental=false", "--skip-cache-update", "cache"}
	for _, name := range Names() {
		tl, _ := Lookup(name)
		for _, m := range []hooks.Mode{hooks.Check, hooks.Fix} {
			for _, a := range tl.Args(m, nil, nil, nil) {
				flag, _, _ := strings.Cut(a, "=")
				if slices.Contains(off, a) || slices.Contains(off, flag) {
					t.Errorf("%s in %s mode passes %s", name, m, a)
				}
			}
		}
	}
}

func TestCacheFiles(t *testing.T) {
	t.Parallel()
	cfg := func(env ...string) *Tools {
		b := NewTools("/repo", nil, nil)
		b.caches = toolCaches(env, "/repo")
		return b
	}
	eslint, _ := Lookup("eslint")
	ruff, _ := Lookup("ruff")
	h := &hooks.Hook{ID: "lint"}
	job := hooks.Job{Hook: h, Dir: "web", Batch: 0}

	b := cfg("HOOKRUN_CACHE_DIR=/c")
	got := b.cacheFile(eslint, job, hooks.Check)
	if dir := filepath.Dir(got); !strings.HasPrefix(dir, "/c/tools/") || filepath.Base(dir) != "eslint" {
		t.Errorf("eslint's cache file %s is not under /c/tools/<repo>/eslint", got)
	}
	if other := cfg("HOOKRUN_CACHE_DIR=/c"); other.cacheFile(eslint, job, hooks.Check) != got {
		t.Error("the same job of the next run gets another cache file")
	}
	if b.cacheFile(eslint, hooks.Job{Hook: h, Dir: "web", Batch: 1}, hooks.Check) == got {
		t.Error("two batches of one hook share a cache file: they run side by side")
	}
	if b.cacheFile(eslint, job, hooks.Fix) == got {
		t.Error("check and fix share a cache file")
	}
	if toolCaches([]string{"HOOKRUN_CACHE_DIR=/c"}, "/other") == b.caches {
		t.Error("two repositories share a cache directory")
	}
	if f := b.cacheFile(ruff, job, hooks.Check); f != "" {
		t.Errorf("ruff keeps its own cache, got %s", f)
	}
}

// A tsconfig.json that is a FIFO neither hangs the run nor gets hookrun's build info: a
// config that cannot be read is the project's to decide.
func TestCacheArgsReadNoFIFO(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := mkfifo(filepath.Join(root, "tsconfig.json"), 0o644); err != nil {
		t.Skip(err)
	}
	tsc, _ := Lookup("tsc")
	inv := Invocation{Tool: tsc, Dir: ".", Cache: filepath.Join(t.TempDir(), "tsc", "x")}
	done := make(chan []string, 1)
	go func() { done <- cacheArgs(inv, "5.4.0", root) }()
	select {
	case got := <-done:
		if got != nil {
			t.Errorf("got %q, want no cache arguments", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a FIFO tsconfig.json hangs")
	}
	plain := t.TempDir()
	if err := os.WriteFile(filepath.Join(plain, "tsconfig.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := cacheArgs(inv, "5.4.0", plain); !slices.Contains(got, "--incremental") {
		t.Errorf("a plain tsconfig.json: got %q, want --incremental", got)
	}
}
