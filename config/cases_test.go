package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want sections of ../testdata/config/*.txtar")

// casesDir holds one txtar archive per config case: a comment stating the claim,
// -- hookrun.yaml --, optionally -- hookrun.local.yaml --, -- want -- with the exact
// error text or "ok", and optionally -- want.json -- with the loaded File.
const casesDir = "../testdata/config"

func TestConfigCases(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(casesDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no cases in %s", casesDir)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runCase(t, file)
		})
	}
}

func runCase(t *testing.T, file string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	base, ok := section(ar, FileNames[0])
	if !ok {
		t.Fatalf("%s: no -- %s -- section", file, FileNames[0])
	}
	var local *source
	if data, ok := section(ar, LocalFileName); ok {
		local = &source{LocalFileName, data}
	}
	f, err := load(source{FileNames[0], base}, local)
	got := map[string][]byte{"want": []byte("ok\n")}
	if err != nil {
		got["want"] = []byte(err.Error() + "\n")
	}
	if _, ok := section(ar, "want.json"); ok && f != nil {
		got["want.json"] = dumpJSON(t, f)
	}
	if *update {
		writeSections(t, file, ar, got)
		return
	}
	for name, g := range got {
		if want, _ := section(ar, name); !bytes.Equal(g, want) {
			t.Errorf("%s: -- %s --\ngot:\n%s\nwant:\n%s", file, name, g, want)
		}
	}
}

func section(ar *txtar.Archive, name string) ([]byte, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

func dumpJSON(t *testing.T, f *File) []byte {
	t.Helper()
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(data, '\n')
}

// writeSections replaces (or appends) the named sections and rewrites the archive.
func writeSections(t *testing.T, file string, ar *txtar.Archive, got map[string][]byte) {
	t.Helper()
	for _, name := range []string{"want", "want.json"} {
		data, ok := got[name]
		if !ok {
			continue
		}
		i := indexOf(ar, name)
		if i < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: name})
			i = len(ar.Files) - 1
		}
		ar.Files[i].Data = data
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func indexOf(ar *txtar.Archive, name string) int {
	for i, f := range ar.Files {
		if f.Name == name {
			return i
		}
	}
	return -1
}
