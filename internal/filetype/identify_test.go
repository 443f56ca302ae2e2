package filetype

import (
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// identifyPython finds a Python that can import identify: the tools venv that
// .ci/install-tools makes (identify comes with pre-commit there), then python3. The test
// fails instead of skipping when HOOKRUN_REQUIRE_TOOLS lists identify or all.
func identifyPython(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HOOKRUN_TOOLS_DIR")
	if dir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			dir = filepath.Join(home, ".cache", "hookrun-tools")
		}
	}
	for _, py := range []string{filepath.Join(dir, "venv", "bin", "python"), "python3"} {
		if exec.CommandContext(t.Context(), py, "-c", "import identify").Run() == nil {
			return py
		}
	}
	for _, tool := range strings.FieldsFunc(os.Getenv("HOOKRUN_REQUIRE_TOOLS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		if tool == "identify" || tool == "all" {
			t.Fatal("identify is required (HOOKRUN_REQUIRE_TOOLS) but no Python can import it; run .ci/install-tools")
		}
	}
	t.Skip("identify not installed; run .ci/install-tools")
	return ""
}

// corpus writes files that exercise every rule and every table entry: each extension
// (also upper-cased), each special name (also as a name part), each interpreter behind
// the shebang forms identify knows, and contents that are text or binary.
func corpus(t *testing.T, root string) []string {
	t.Helper()
	tables()
	var paths []string
	write := func(name, data string, mode os.FileMode) {
		full := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(full, mode); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, name)
	}
	for ext := range extensions {
		write("ext/x."+ext, "text\n", 0o644)
	}
	for ext := range binaryCheck {
		write("bin/t."+ext, "<plist/>\n", 0o644)
		write("bin/b."+ext, "\x00\x01", 0o644)
	}
	write("ext/UPPER.PY", "x\n", 0o644)
	write("ext/Mixed.Md", "x\n", 0o644)
	for name := range names {
		write("names/"+name+"/"+name, "x\n", 0o644)
		write("parts/"+name+"/"+name+".local", "x\n", 0o644)
	}
	for i, interp := range slices.Sorted(maps.Keys(interpreters)) {
		n := strings.Repeat("x", i+1)
		write("sb/abs-"+n, "#!/usr/bin/"+interp+"\n", 0o755)
		write("sb/env-"+n, "#!/usr/bin/env "+interp+" -w\n", 0o755)
		write("sb/envs-"+n, "#!/usr/bin/env -S "+interp+" -x\n", 0o755)
		write("sb/ver-"+n, "#!/usr/bin/env "+interp+"3.12.1\n", 0o755)
		write("sb/noexec-"+n, "#!/usr/bin/env "+interp+"\n", 0o644)
	}
	odd := map[string]string{
		"sb/binenv":     "#!/bin/env python\n",
		"sb/quoted":     "#!\"/usr/bin/python3\"\n",
		"sb/badquote":   "#!/usr/bin/python3 'x\n",
		"sb/nonascii":   "#!/usr/bin/python3 \xe9\n",
		"sb/nix":        "#!/usr/bin/env nix-shell\n#! nix-shell -i python3 -p x\nprint()\n",
		"sb/spaces":     "#!   /usr/bin/env   bash  \n",
		"sb/empty":      "#!\n",
		"sb/known.py":   "#!/bin/sh\n",
		"sb/binary":     "#!/usr/bin/perl\n\x00",
		"sb/dotted.sh~": "#!/bin/bash\n",
	}
	for name, data := range odd {
		write(name, data, 0o755)
	}
	contents := map[string]string{
		"c/empty": "", "c/text": "hello\n", "c/nul": "a\x00b", "c/del": "a\x7fb",
		"c/esc": "\x1b[0m\a\b\t\v\f\r\n", "c/latin1": "caf\xe9\n", "c/ctrl": "\x01",
		"c/late-nul": strings.Repeat("a", 1024) + "\x00",
	}
	for name, data := range contents {
		write(name, data, 0o644)
	}
	for _, name := range []string{
		".gitignore", "x.", "..x", ".x.py", "a.tar.gz", "makefile.png", "Dockerfile.dev", "noext", "a.b.c.json", ".bashrc.d",
	} {
		write("misc/"+name, "x\n", 0o644)
	}
	if err := os.Symlink("../misc/noext", filepath.Join(root, "misc", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere", filepath.Join(root, "misc", "broken")); err != nil {
		t.Fatal(err)
	}
	paths = append(paths, "misc/link", "misc/broken", "misc")
	slices.Sort(paths)
	return paths
}

const identifyScript = `
import json, os, sys
from identify import identify
root, paths = sys.argv[1], json.load(sys.stdin)
tags = {p: sorted(identify.tags_from_path(os.path.join(root, p))) for p in paths}
print(json.dumps({"tags": tags, "all": sorted(identify.ALL_TAGS)}))
`

// TestIdentifyCompatible tags a corpus of files with Of and with identify itself, and
// requires the same tags for every file, and the same set of known tags.
func TestIdentifyCompatible(t *testing.T) {
	t.Parallel()
	py := identifyPython(t)
	root := t.TempDir()
	paths := corpus(t, root)
	in, err := json.Marshal(paths)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), py, "-c", identifyScript, root)
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("identify: %v", err)
	}
	var want struct {
		Tags map[string][]string
		All  []string
	}
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		got := slices.Sorted(maps.Keys(Of(root, p)))
		if !slices.Equal(got, want.Tags[p]) {
			t.Errorf("Of(%q) = %v, identify says %v", p, got, want.Tags[p])
		}
	}
	for _, tag := range want.All {
		if !Known(tag) {
			t.Errorf("identify knows tag %q, Known does not (regenerate with testdata/gen_tables.py)", tag)
		}
	}
	for tag := range known {
		if !slices.Contains(want.All, tag) {
			t.Errorf("Known(%q), identify does not know it", tag)
		}
	}
}
