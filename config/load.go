package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/safefile"
)

// Find returns the path of the first of FileNames that exists in dir. When there is
// none, the error wraps fs.ErrNotExist. A dangling symlink is an error of its own, not an
// absent config: a run must not fall back to the built-in default where validate fails.
func Find(dir string) (string, error) {
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		info, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist) && isSymlink(p):
			target, _ := os.Readlink(p)
			return "", fmt.Errorf("find config: %s is a symlink to %s, which does not exist", p, target)
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return "", fmt.Errorf("find config: %w", err)
		case info.IsDir():
			return "", fmt.Errorf("find config: %s is a directory", p)
		}
		return p, nil
	}
	return "", fmt.Errorf("find config in %s: no %s: %w", dir, strings.Join(FileNames, " or "), fs.ErrNotExist)
}

// Load finds the config in dir, parses it, and merges LocalFileName from beside it if that
// exists. Errors in either file are Errors naming their own file; both are reported.
func Load(dir string) (*File, error) {
	path, err := Find(dir)
	if err != nil {
		return nil, err
	}
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	localPath := filepath.Join(filepath.Dir(path), LocalFileName)
	if isSymlink(localPath) && !exists(localPath) {
		target, _ := os.Readlink(localPath)
		return nil, fmt.Errorf("read %s: a symlink to %s, which does not exist", localPath, target)
	}
	localData, err := ReadFile(localPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return load(source{path, data}, nil)
	case err != nil:
		return nil, err
	}
	return load(source{path, data}, &source{localPath, localData})
}

// ParseFile reads and parses the hookrun.yaml at path, alone (a --config file: no local
// file is merged).
func ParseFile(path string) (*File, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// ReadFile reads a config file: a regular file (symlinks followed) of at most
// safefile.MaxConfigSize. A symlink to /dev/zero, /dev/urandom or a FIFO would
// otherwise hang or exhaust memory. The error names the file; a missing file's wraps
// fs.ErrNotExist.
func ReadFile(path string) ([]byte, error) {
	data, err := safefile.Read(path, safefile.MaxConfigSize)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path comes first, once
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

func isSymlink(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// source is a config file's name and contents.
type source struct {
	name string
	data []byte
}

// load parses base and, if not nil, local, and merges them. It reports the errors of both
// files before giving up.
func load(base source, local *source) (*File, error) {
	f, err := Parse(base.name, base.data)
	if local == nil {
		return f, err
	}
	lf, lerr := parse(local.name, local.data, true)
	if err != nil || lerr != nil {
		return nil, joinErrors(err, lerr)
	}
	return Merge(f, lf)
}

// joinErrors concatenates the Errors in errs, in order, skipping nils.
func joinErrors(errs ...error) error {
	var out Errors
	for _, err := range errs {
		var es Errors
		if errors.As(err, &es) {
			out = append(out, es...)
		} else if err != nil {
			return err
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
