package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/textdiff"
)

// previewFix runs a fixer in check mode: it records the files' bytes, lets the fixer run,
// and returns what it changed as a unified diff, having put every file back as it was.
// The error says a file could not be put back.
func previewFix(ctx context.Context, root string, j hooks.Job, run func(context.Context, hooks.Job) hooks.Result) ([]byte, error) {
	before := make(map[string][]byte, len(j.Files))
	for _, f := range j.Files {
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f))); err == nil {
			before[f] = data
		}
	}
	run(ctx, j)
	var (
		out  bytes.Buffer
		errs []error
	)
	for _, f := range j.Files {
		full := filepath.Join(root, filepath.FromSlash(f))
		after, err := os.ReadFile(full)
		old, had := before[f]
		if err != nil || !had || bytes.Equal(after, old) {
			continue
		}
		out.Write(textdiff.Diff(f, old, after))
		if err := writeBack(full, old); err != nil {
			errs = append(errs, fmt.Errorf("put back %s after showing the fix: %w", f, err))
		}
	}
	return out.Bytes(), errors.Join(errs...)
}

// writeBack restores a file's bytes, keeping its mode.
func writeBack(path string, data []byte) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, fi.Mode().Perm())
}
