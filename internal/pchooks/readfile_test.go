package pchooks

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFileIsOSReadFile: ReadFile gives what os.ReadFile gives, content or error, for
// empty, small and large files, a directory and a missing file.
func TestReadFileIsOSReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"empty": "", "small": "a\nb\n", "page": strings.Repeat("x", 512), "large": strings.Repeat("0123456789", 100000),
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"empty", "small", "page", "large", "dir", "missing"} {
		path := filepath.Join(dir, name)
		got, gotErr := ReadFile(path)
		want, wantErr := os.ReadFile(path)
		if !bytes.Equal(got, want) || (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
			t.Errorf("%s: ReadFile = %d bytes, %v; os.ReadFile = %d bytes, %v", name, len(got), gotErr, len(want), wantErr)
		}
	}
}

// TestReadFileUnder reads by the path under the working directory when that is dir, and
// names the path as given in errors either way.
func TestReadFileUnder(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sub", "a.txt"), []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, under := range []string{wd, t.TempDir()} {
		read := ReadFileUnder(under)
		got, err := read(filepath.Join(wd, "sub", "a.txt"))
		if err != nil || string(got) != "a\n" {
			t.Errorf("under %s: %q, %v", under, got, err)
		}
		missing := filepath.Join(wd, "sub", "none.txt")
		if _, err := read(missing); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), missing) {
			t.Errorf("under %s: missing file: %v, want a not-exist error naming %s", under, err, missing)
		}
	}
}

func TestEnvPathIsJoin(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"/repo", "/", "/a/b", "/a/b/", "/a//b", "/a/./b", "/a/..", "rel", ""} {
		for _, f := range []string{"a.txt", "d/e/f.py", ".github/w.yml", "..x/y", "a/./b", "a/../b", "../a", "./a", "a//b", "a/", "/abs", ".", "..", ""} {
			if got, want := (Env{Dir: dir}).path(f), filepath.Join(dir, f); got != want {
				t.Errorf("Env{Dir: %q}.path(%q) = %q; want %q", dir, f, got, want)
			}
		}
	}
}

func BenchmarkEnvPath(b *testing.B) {
	env := Env{Dir: "/home/user/src/project"}
	files := []string{"pylint/checkers/base/name_checker/checker.py", "tests/functional/a/access/access_member_before_definition.py", "README.rst"}
	b.Run("path", func(b *testing.B) {
		for b.Loop() {
			for _, f := range files {
				_ = env.path(f)
			}
		}
	})
	b.Run("Join", func(b *testing.B) {
		for b.Loop() {
			for _, f := range files {
				_ = filepath.Join(env.Dir, f)
			}
		}
	})
}
