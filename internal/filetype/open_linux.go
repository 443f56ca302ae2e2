package filetype

import (
	"errors"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/hookrun/hookrun/internal/fdread"
)

// noOpenat2 is set once openat2 proves missing (a kernel before 5.6, or a seccomp
// filter that refuses it): every later open takes the plain path.
var noOpenat2 atomic.Bool

// openRegular opens p for reading, never through a symbolic link, and without waiting
// for a FIFO's writer. For a relative p it first asks openat2 to refuse a symbolic link
// at any of its components: when that open succeeds, noLinks is true, so nothing on p's
// way (below the current directory) is a link and no one need lstat its directories.
// A link on the way, or no openat2, falls back to a plain open that refuses only a last
// component that is a link; noLinks is then false.
func openRegular(p string) (fd int, noLinks bool, err error) {
	const flags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NOFOLLOW | unix.O_NONBLOCK
	fd, tried, err := openNoLinks(p, flags)
	switch {
	case tried && err == nil:
		return fd, true, nil
	case tried && !errors.Is(err, unix.ELOOP):
		return -1, false, err
	}
	fd, err = fdread.RetryEINTR(func() (int, error) { return syscall.Open(p, flags, 0) })
	return fd, false, err
}

// NoLinksOnPath reports whether the directory at the relative path dir exists and no
// component of dir (under the current directory) is a symbolic link, asking openat2 to
// refuse a link anywhere on the way. False when that cannot be known (no openat2, an
// absolute dir, any error).
func NoLinksOnPath(dir string) bool {
	fd, tried, err := openNoLinks(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC|unix.O_NOFOLLOW)
	if !tried || err != nil {
		return false
	}
	_ = unix.Close(fd)
	return true
}

// openNoLinks opens the relative path p with flags through openat2, which refuses a
// symbolic link at any of its components (ELOOP). tried is false, and nothing opened,
// when openat2 cannot answer: p is empty or absolute, or openat2 is missing (noOpenat2,
// set here the first time it proves so).
func openNoLinks(p string, flags uint64) (fd int, tried bool, err error) {
	if p == "" || p[0] == '/' || noOpenat2.Load() {
		return -1, false, nil
	}
	how := unix.OpenHow{Flags: flags, Resolve: unix.RESOLVE_NO_SYMLINKS}
	fd, err = fdread.RetryEINTR(func() (int, error) { return unix.Openat2(unix.AT_FDCWD, p, &how) })
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		noOpenat2.Store(true)
		return -1, false, nil
	}
	return fd, true, err
}
