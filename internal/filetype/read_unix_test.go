//go:build unix

package filetype

import (
	"maps"
	"os"
	"path/filepath"
	"testing"
)

// TestOfReadTagsAsOf: OfRead gives Of's tags for every kind of path (a regular file by
// fstat of what it opened, anything else by Of), and the whole content of the regular
// files whose size is wanted.
func TestOfReadTagsAsOf(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name string, content []byte, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, name), content, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(root, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("a.py", []byte("print(1)\n"), 0o644)
	write("image.png", []byte("\x89PNG\r\n"), 0o644)
	write("script", []byte("#!/bin/bash\necho\n"), 0o755)
	write("noshebang", []byte("echo\n"), 0o755)
	write("blob", []byte{0, 1, 2, 0xff}, 0o644)
	write("empty", nil, 0o644)
	write("plain", []byte("text without a name\n"), 0o644)
	long := make([]byte, 3*headSize)
	for i := range long {
		long[i] = 'x'
	}
	long[2*headSize] = 0 // binary only past the head
	write("long", long, 0o644)
	if err := os.Mkdir(filepath.Join(root, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.py", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	for _, wanted := range []bool{true, false} {
		for _, p := range []string{"a.py", "image.png", "script", "noshebang", "blob", "empty", "plain", "long", "dir", "link", "missing"} {
			tags, data, _ := OfRead(root, p, func(int64) bool { return wanted })
			if want := Of(root, p); !maps.Equal(tags, want) {
				t.Errorf("%s (content wanted: %v): OfRead tags %v, Of %v", p, wanted, tags, want)
			}
			regular := p != "dir" && p != "link" && p != "missing" && p != "image.png" // binary by its name: not read
			var content []byte
			if regular {
				var err error
				if content, err = os.ReadFile(filepath.Join(root, p)); err != nil {
					t.Fatal(err)
				}
			}
			switch {
			case wanted && regular:
				if string(data) != string(content) || cap(data) != len(data) {
					t.Errorf("%s: content %q (cap %d), want %q", p, data, cap(data), content)
				}
			case data != nil:
				t.Errorf("%s (content wanted: %v): content %q, want none", p, wanted, data)
			}
		}
	}
}
