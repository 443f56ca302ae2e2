package config_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookrun/hookrun/config"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  string // base name; "" means not found
	}{
		{"hookrun.yaml is found", map[string]string{"hookrun.yaml": ""}, "hookrun.yaml"},
		{"the hidden name is found too", map[string]string{".hookrun.yaml": ""}, ".hookrun.yaml"},
		{
			"the plain name wins over the hidden one",
			map[string]string{"hookrun.yaml": "", ".hookrun.yaml": ""},
			"hookrun.yaml",
		},
		{"a local file alone is not a config", map[string]string{"hookrun.local.yaml": ""}, ""},
		{"an empty directory has none", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			got, err := config.Find(dir)
			if tt.want == "" {
				if !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("Find = %q, %v; want an fs.ErrNotExist error", got, err)
				}
				return
			}
			if err != nil || got != filepath.Join(dir, tt.want) {
				t.Errorf("Find = %q, %v; want %q", got, err, filepath.Join(dir, tt.want))
			}
		})
	}
}

func TestFindRejectsADirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "hookrun.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := config.Find(dir); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Find = %v, want an error that is not fs.ErrNotExist", err)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string // with DIR for the directory; "" means success
		jobs    int
	}{
		{
			name:  "the main file alone loads",
			files: map[string]string{"hookrun.yaml": "version: 1\njobs: 2\n"},
			jobs:  2,
		},
		{
			name: "the local file overrides the main file",
			files: map[string]string{
				"hookrun.yaml": "version: 1\njobs: 2\n", "hookrun.local.yaml": "jobs: 3\n",
			},
			jobs: 3,
		},
		{
			name: "the local file sits beside the hidden main file",
			files: map[string]string{
				".hookrun.yaml": "version: 1\njobs: 2\n", "hookrun.local.yaml": "jobs: 5\n",
			},
			jobs: 5,
		},
		{
			name: "errors in both files name their files",
			files: map[string]string{
				"hookrun.yaml": "version: 1\njobs: x\n", "hookrun.local.yaml": "jbos: 3\n",
			},
			wantErr: "DIR/hookrun.yaml:2:7: jobs: must be a whole number, got \"x\"\n" +
				"DIR/hookrun.local.yaml:1:1: jbos: unknown key (did you mean \"jobs\"?)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			f, err := config.Load(dir)
			if tt.wantErr != "" {
				want := strings.ReplaceAll(tt.wantErr, "DIR", dir)
				if err == nil || err.Error() != want {
					t.Fatalf("Load error:\ngot  %v\nwant %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if f.Jobs != tt.jobs {
				t.Errorf("Jobs = %d, want %d", f.Jobs, tt.jobs)
			}
		})
	}
}

func TestLoadWithoutConfig(t *testing.T) {
	t.Parallel()
	if _, err := config.Load(t.TempDir()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of an empty dir: %v, want fs.ErrNotExist", err)
	}
}
