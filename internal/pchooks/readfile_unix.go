//go:build unix

package pchooks

import (
	"errors"
	"io/fs"
	"syscall"
)

// ReadFile is os.ReadFile with fewer system calls: open, fstat, read to the end, close,
// without registering the descriptor with the runtime's poller (which a regular file
// never needs). The native hooks read every file they are given, often several hooks
// the same files one after another, so this is most of a run's time. Errors read as
// os.ReadFile's do (*fs.PathError).
func ReadFile(path string) ([]byte, error) {
	fd, err := retryEINTR(func() (int, error) {
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
	// One byte more than the size, so a file that grew since fstat still fits.
	buf := make([]byte, 0, max(size+1, 512))
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		want := cap(buf) - len(buf)
		n, err := retryEINTR(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		buf = buf[:len(buf)+n]
		// A regular file that gave all fstat's size and then less than asked is read to
		// its end (a short read of a regular file is its end): no read of 0 to learn it.
		if n == 0 || n < want && len(buf) == size {
			return buf, nil
		}
	}
}

// retryEINTR calls f again for as long as a signal interrupts it.
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
