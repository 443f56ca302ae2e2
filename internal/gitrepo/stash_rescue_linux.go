package gitrepo

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// stashDataRegion finds the first data region of f at or after from: [start, end). With
// no data left, start is size. A file system that cannot tell holes from data reports
// the whole file as data.
func stashDataRegion(f *os.File, from, size int64) (start, end int64, err error) {
	start, err = f.Seek(from, unix.SEEK_DATA)
	if errors.Is(err, unix.ENXIO) {
		return size, size, nil // only a hole is left
	}
	if err != nil {
		return from, size, nil //nolint:nilerr // no SEEK_DATA here: all of it is data
	}
	end, err = f.Seek(start, unix.SEEK_HOLE)
	if err != nil {
		return start, size, nil //nolint:nilerr // as above
	}
	return start, min(end, size), nil
}
