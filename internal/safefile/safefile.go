// Package safefile reads small files a repository provides (configs, manifests, package
// metadata) without trusting what they are: a path may be a symlink to /dev/zero, to
// /dev/urandom or to a FIFO, and reading it whole would hang or exhaust memory.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxConfigSize bounds the config files hookrun reads: a hand-written config is a few
// KiB; 1 MiB leaves room for generated ones.
const MaxConfigSize = 1 << 20

// ErrNotRegular is wrapped by the error Read returns for a device, FIFO, socket or
// directory.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error Read returns for a file over its limit.
var ErrTooLarge = errors.New("too large")

// Read returns the contents of the regular file at path (symlinks followed), refusing
// anything else and anything over limit bytes. Opening does not block on a FIFO
// (O_NONBLOCK), and the type is checked on the opened file, so a path swapped between a
// check and the open cannot slip through. A missing file's error wraps fs.ErrNotExist,
// also for a dangling symlink.
func Read(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read-only: a close error loses nothing
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, kind(fi.Mode()))}
	}
	if fi.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: %d bytes, over the limit of %s", ErrTooLarge, fi.Size(), size(limit))}
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit { // it grew while being read
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: over the limit of %s", ErrTooLarge, size(limit))}
	}
	return data, nil
}

// kind names a file type that is not a regular file.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "mode " + m.String()
}

// size writes a limit in the unit it is a whole number of.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
