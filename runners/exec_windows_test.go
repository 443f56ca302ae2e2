package runners

import (
	"os"
	"path/filepath"
	"testing"
)

// TestExecutableOnWindows: a tool is found by its name plus a runnable extension, the
// .cmd npm writes before the sh script beside it, and a name with its extension as is.
// (Built for Windows by .ci/cross-windows; it runs only there.)
func TestExecutableOnWindows(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"eslint", "eslint.cmd", "ruff.exe", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, want string }{
		{"eslint", "eslint.cmd"},
		{"ruff", "ruff.exe"},
		{"ruff.exe", "ruff.exe"},
		{"RUFF.EXE", "RUFF.EXE"},
		{"notes", ""},
		{"missing", ""},
	}
	for _, tt := range tests {
		got, ok := executable(filepath.Join(dir, tt.name))
		want := ""
		if tt.want != "" {
			want = filepath.Join(dir, tt.want)
		}
		if (got != want) || ok != (tt.want != "") {
			t.Errorf("executable(%s) = %q, %v; want %q", tt.name, got, ok, want)
		}
	}
}
