//go:build unix

package pchooks

import (
	"io/fs"
	"syscall"

	"github.com/hookrun/hookrun/internal/fdread"
)

// ReadFile is os.ReadFile with fewer system calls: open, fstat, read to the end, close,
// without registering the descriptor with the runtime's poller (which a regular file
// never needs). The native hooks read every file they are given, often several hooks
// the same files one after another, so this is most of a run's time. Errors read as
// os.ReadFile's do (*fs.PathError).
func ReadFile(path string) ([]byte, error) {
	fd, err := fdread.RetryEINTR(func() (int, error) {
		return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOCTTY, 0)
	})
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd) //nolint:errcheck // read-only; a close error cannot lose data
	size := -1
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && st.Mode&syscall.S_IFMT == syscall.S_IFREG {
		size = int(st.Size)
	}
	data, err := fdread.All(fd, size)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}
