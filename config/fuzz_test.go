package config

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// fuzzBase is the main file FuzzParse merges each input into, as a local file.
const fuzzBase = "version: 1\nhooks:\n  - id: lint\n    check: make lint\n  - id: test\n    run: go test\n"

// FuzzParse checks that parsing never panics, and that every error is Errors whose every
// element points at a line of the file it names. Each input is tried as a main file and
// as a local file merged over fuzzBase.
func FuzzParse(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join(casesDir, "*.txtar"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range seeds {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range ar.Files {
			if s.Name == FileNames[0] || s.Name == LocalFileName {
				f.Add(s.Data)
			}
		}
	}
	f.Add([]byte("version: 1\nhooks:\n  - &a {id: x, run: y, files: *a}\n"))
	f.Add([]byte("\ufeffversion: 1\r\nhooks: []\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse("hookrun.yaml", data)
		checkFuzzResult(t, file, err, "hookrun.yaml")
		file, err = load(source{"hookrun.yaml", []byte(fuzzBase)}, &source{LocalFileName, data})
		checkFuzzResult(t, file, err, LocalFileName)
	})
}

func checkFuzzResult(t *testing.T, file *File, err error, name string) {
	t.Helper()
	if err == nil {
		if file == nil {
			t.Fatal("neither a File nor an error")
		}
		return
	}
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error is %T (%v), want non-empty Errors", err, err)
	}
	for _, e := range es {
		if e.Pos.Line <= 0 || e.Pos.File != name || e.Msg == "" {
			t.Errorf("error without a position in %s or a message: %#v", name, e)
		}
	}
}
