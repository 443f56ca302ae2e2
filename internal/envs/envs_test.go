package envs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSpecKey(t *testing.T) {
	t.Parallel()
	base := Spec{Language: "python", Repo: "https://x/y", Rev: "v1", Version: "default"}
	withDeps := base
	withDeps.Deps = []string{"a==1"}
	otherSource := base
	otherSource.Source = "/somewhere/else"
	switch {
	case base.Key() != otherSource.Key():
		t.Error("the checkout's location changed the key")
	case base.Key() == withDeps.Key():
		t.Error("additional dependencies did not change the key")
	}
	if got := Dir("/cache", base); got != filepath.Join("/cache", "envs", "python-"+base.Key()) {
		t.Errorf("Dir = %s", got)
	}
}

func TestBuildOnceThenReuse(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	s := Spec{Language: "python", Repo: "local", Version: "default"}
	env := os.Environ()
	e, err := Build(t.Context(), cache, s, env)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Lookup("python"); !ok {
		t.Fatalf("no python in %s", e.Bin)
	}
	if vars := e.Vars([]string{"PATH=/usr/bin"}); vars["PATH"] != e.Bin+":/usr/bin" || vars["VIRTUAL_ENV"] != e.Dir {
		t.Errorf("Vars = %v", vars)
	}
	marker := filepath.Join(e.Dir, markerName)
	before, err := os.Stat(marker)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(t.Context(), cache, s, env)
	if err != nil || again.Dir != e.Dir {
		t.Fatalf("second Build = %v, %v", again, err)
	}
	after, _ := os.Stat(marker)
	if !after.ModTime().Equal(before.ModTime()) {
		t.Error("a complete environment was built again")
	}
}

// TestBuildRebuildsABrokenPython: a virtual environment whose interpreter is gone (an
// upgrade or a pyenv uninstall removed the python it links to) is built again, not used.
func TestBuildRebuildsABrokenPython(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	s := Spec{Language: "python", Repo: "local", Version: "default"}
	e, err := Build(t.Context(), cache, s, os.Environ())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"python", "python3"} {
		p := filepath.Join(e.Bin, name)
		if rerr := os.Remove(p); rerr != nil {
			t.Fatal(rerr)
		}
		if serr := os.Symlink("/nonexistent/python3", p); serr != nil {
			t.Fatal(serr)
		}
	}
	again, err := Build(t.Context(), cache, s, os.Environ())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(again.Bin, "python")); err != nil {
		t.Errorf("the environment was not rebuilt: %v", err)
	}
}

func TestBuildFailureLeavesNothing(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	s := Spec{Language: "golang", Repo: "local", Version: "default", Deps: []string{"./does/not/exist"}}
	_, err := Build(t.Context(), cache, s, os.Environ())
	if err == nil || !strings.Contains(err.Error(), "go install ./does/not/exist") {
		t.Fatalf("Build error = %v", err)
	}
	if _, statErr := os.Stat(Dir(cache, s)); !os.IsNotExist(statErr) {
		t.Error("a failed build left its directory behind")
	}
	if _, err := Build(t.Context(), cache, Spec{Language: "cobol"}, nil); err == nil {
		t.Error("an unknown language built")
	}
}
