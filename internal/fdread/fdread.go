//go:build unix

// Package fdread reads whole files with raw system calls (open, fstat, read, close),
// without registering descriptors with the runtime's poller, which a regular file never
// needs: the native hooks and the selection that reads ahead for them read every file of
// a run, so these calls are most of its time.
package fdread

import (
	"errors"
	"syscall"
)

// All reads fd to its end. size is fstat's size of a regular file, or -1 when unknown:
// one byte more than size is asked for, so a file that grew meanwhile is read on, and a
// short read once size bytes are in is the end of a regular file (no read of 0 to learn
// it). The result has no spare capacity.
func All(fd, size int) ([]byte, error) {
	initial := size + 1
	if size < 0 {
		initial = 512
	}
	buf := make([]byte, 0, initial)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		want := cap(buf) - len(buf)
		n, err := RetryEINTR(func() (int, error) { return syscall.Read(fd, buf[len(buf):cap(buf)]) })
		if err != nil {
			return nil, err
		}
		buf = buf[:len(buf)+n]
		if n == 0 || n < want && size >= 0 && len(buf) >= size {
			return buf[:len(buf):len(buf)], nil
		}
	}
}

// RetryEINTR calls f again for as long as a signal interrupts it.
func RetryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if !errors.Is(err, syscall.EINTR) {
			return n, err
		}
	}
}
