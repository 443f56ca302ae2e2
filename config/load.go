package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Find returns the path of the first of FileNames that exists in dir. When there is
// none, the error wraps fs.ErrNotExist.
func Find(dir string) (string, error) {
	for _, name := range FileNames {
		p := filepath.Join(dir, name)
		info, err := os.Stat(p)
		switch {
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
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	localPath := filepath.Join(filepath.Dir(path), LocalFileName)
	localData, err := os.ReadFile(localPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return load(source{path, data}, nil)
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", localPath, err)
	}
	return load(source{path, data}, &source{localPath, localData})
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
