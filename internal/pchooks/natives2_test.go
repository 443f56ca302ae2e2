package pchooks

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func isUnsupported(err error) bool { return errors.Is(err, ErrUnsupported) }

func removeFile(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}
