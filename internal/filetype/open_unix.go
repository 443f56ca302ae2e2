//go:build unix && !linux

package filetype

import (
	"syscall"

	"github.com/hookrun/hookrun/internal/fdread"
)

// openRegular opens p for reading, never through a symbolic link (as its last
// component), and without waiting for a FIFO's writer. noLinks is always false: only
// Linux's openat2 can refuse a link on the way to p as well.
func openRegular(p string) (fd int, noLinks bool, err error) {
	fd, err = fdread.RetryEINTR(func() (int, error) {
		return syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOCTTY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	})
	return fd, false, err
}
