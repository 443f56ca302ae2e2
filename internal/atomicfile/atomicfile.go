// Package atomicfile replaces a file's content whole: readers see the old content or
// the new, never a part, and a symbolic link at the path is replaced rather than written
// through.
package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data and mode perm: a temporary file beside it, written,
// closed and renamed over path. On an error the temporary file is removed and path is
// as it was.
func Write(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	err = errors.Join(werr, tmp.Chmod(perm), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name()) // the error says what failed
	}
	return err
}
