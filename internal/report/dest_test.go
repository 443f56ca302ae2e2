package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrepareFile_issue11(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir string)
		path    string // under the test's directory
		wantErr string // "" for none
	}{
		{name: "missing directories are made and no file is left", path: "reports/ci/junit.xml"},
		{
			name: "an existing report is kept as it is until the run writes it",
			setup: func(t *testing.T, dir string) {
				t.Helper()
				mustWrite(t, filepath.Join(dir, "old.xml"), "old")
			},
			path: "old.xml",
		},
		{
			name:    "a directory where the file should go is refused",
			setup:   func(t *testing.T, dir string) { t.Helper(); mustMkdir(t, filepath.Join(dir, "reports"), 0o755) },
			path:    "reports",
			wantErr: "is a directory",
		},
		{
			name:    "a file where a directory should be is refused",
			setup:   func(t *testing.T, dir string) { t.Helper(); mustWrite(t, filepath.Join(dir, "a.txt"), "a") },
			path:    "a.txt/out.sarif",
			wantErr: "not a directory",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			before, _ := os.ReadFile(filepath.Join(dir, tc.path))
			err := PrepareFile(filepath.Join(dir, tc.path))
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("PrepareFile: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("PrepareFile error = %v, want one saying %q", err, tc.wantErr)
			case tc.wantErr != "":
				return
			}
			if !isDirPath(filepath.Dir(filepath.Join(dir, tc.path))) {
				t.Errorf("the report's directory was not made")
			}
			after, err := os.ReadFile(filepath.Join(dir, tc.path))
			if before == nil && err == nil {
				t.Errorf("an empty report was left behind")
			}
			if string(before) != string(after) {
				t.Errorf("the existing report changed: %q, was %q", after, before)
			}
		})
	}
}

// TestPrepareFileReadOnlyDirectory_issue11: a directory the user cannot write is refused
// before the run (root can write anywhere, so the case needs another user).
func TestPrepareFileReadOnlyDirectory_issue11(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only directories")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	mustMkdir(t, dir, 0o555)
	if err := PrepareFile(filepath.Join(dir, "sub", "x.xml")); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("PrepareFile in a read-only directory: %v, want permission denied", err)
	}
	if err := PrepareFile(filepath.Join(dir, "x.xml")); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("PrepareFile in a read-only directory: %v, want permission denied", err)
	}
}

func mustWrite(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustMkdir(t *testing.T, path string, perm os.FileMode) {
	t.Helper()
	if err := os.Mkdir(path, perm); err != nil {
		t.Fatal(err)
	}
}

func isDirPath(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
