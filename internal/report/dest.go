package report

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// PrepareFile readies path to receive a report at the end of a run, so that a path that
// cannot take one fails before any hook runs, not after all of them: it creates the
// directories missing on the way, and opens the file for writing once, leaving no file
// behind that was not there. A directory at path, a file where a directory should be,
// or a directory that cannot be written is an error.
func PrepareFile(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return errors.New("is a directory; name a file")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	created := err == nil
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(path, os.O_WRONLY, 0) // no O_TRUNC: the old report stays until the new one
	}
	if err != nil {
		return err
	}
	err = f.Close()
	if created {
		err = errors.Join(err, os.Remove(path))
	}
	return err
}
