package filetype

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestOf(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name string, data string, mode os.FileMode) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("a.py", "import os\n", 0o644)
	write("bin/tool", "#!/usr/bin/env python3\nprint(1)\n", 0o755)
	write("bin/run", "#!/bin/sh\necho\n", 0o755)
	write("go.mod", "module x\n", 0o644)
	write("img.dat", "\x00\x01\x02", 0o644)
	write("notes", "plain words\n", 0o644)
	write("web/App.TSX", "export {}\n", 0o644)
	if err := os.Symlink("a.py", filepath.Join(root, "link.py")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
		want []string
	}{
		{"a python file is tagged by extension", "a.py", []string{"file", "non-executable", "python", "text"}},
		{"an extensionless executable is tagged by its env shebang", "bin/tool", []string{"executable", "file", "python", "python3", "text"}},
		{"a shell script is tagged by its shebang", "bin/run", []string{"executable", "file", "sh", "shell", "text"}},
		{"go.mod is go-mod, not go", "go.mod", []string{"file", "go-mod", "non-executable", "text"}},
		{"binary content is binary", "img.dat", []string{"binary", "file", "non-executable"}},
		{"unknown text is text", "notes", []string{"file", "non-executable", "text"}},
		{"extensions are case-insensitive", "web/App.TSX", []string{"file", "non-executable", "text", "tsx"}},
		{"a symlink is only a symlink", "link.py", []string{"symlink"}},
		{"a missing file has no tags", "nope.py", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := slices.Sorted(maps.Keys(Of(root, tt.path)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Of(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestHasAllTerms(t *testing.T) {
	t.Parallel()
	tags := Tags{"file": true, "python": true, "text": true}
	tests := []struct {
		name string
		want []string
		ok   bool
	}{
		{"plain tags must all be present", []string{"file", "python"}, true},
		{"a missing plain tag fails", []string{"file", "go"}, false},
		{"a negated tag must be absent", []string{"!binary"}, true},
		{"a negated present tag fails", []string{"!python"}, false},
		{"one tag of an alternative is enough", []string{"cython|python"}, true},
		{"an alternative with none present fails", []string{"cython|go"}, false},
		{"no terms always hold", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tags.HasAll(tt.want); got != tt.ok {
				t.Errorf("HasAll(%q) = %v, want %v", tt.want, got, tt.ok)
			}
		})
	}
}
