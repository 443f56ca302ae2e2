//go:build unix

package filetype

import (
	"path/filepath"
	"syscall"

	"github.com/hookrun/hookrun/internal/fdread"
)

// OfRead returns Of(root, p) and, when p is a regular file that its name does not tag
// binary (hooks of text files never read it) and whose size want accepts, its whole
// content (with no spare capacity); nil content otherwise. A regular file is opened
// (never through a symbolic link) and looked at with fstat instead of lstat, and its
// head comes from the content: a caller about to read every file anyway saves the lstat
// and the second open. Anything else (a link, a directory, a file that cannot be opened
// or read) is tagged by Of. noLinks, when true, says that p is a regular file and no
// directory on its way from root is a symbolic link (see openRegular; root "." only).
func OfRead(root, p string, want func(size int64) bool) (t Tags, data []byte, noLinks bool) {
	full := p
	if root != "." {
		full = filepath.Join(root, filepath.FromSlash(p))
	}
	fd, noLinks, err := openRegular(full)
	if err != nil {
		return Of(root, p), nil, false
	}
	defer syscall.Close(fd) //nolint:errcheck // read-only; a close error cannot lose data
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) != nil || st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return Of(root, p), nil, false
	}
	executable := executableMode(full, uint32(st.Mode)) //nolint:unconvert // uint16 on some systems
	failed := false
	t = fileTags(p, executable, func() []byte { // the name does not tell: read it now
		if !want(st.Size) {
			return headOf(fd)
		}
		if data, err = fdread.All(fd, int(st.Size)); err != nil {
			failed = true
			return []byte{}
		}
		return data[:min(len(data), headSize)]
	})
	switch {
	case failed:
		return Of(root, p), nil, false
	case data == nil && !t["binary"] && want(st.Size):
		if data, err = fdread.All(fd, int(st.Size)); err != nil {
			return t, nil, noLinks // tagged by its name, as Of does: no content
		}
	}
	return t, data, noLinks
}

// headOf reads the first headSize bytes of fd with one read, as readHead does.
func headOf(fd int) []byte {
	buf := make([]byte, headSize)
	n, err := fdread.RetryEINTR(func() (int, error) { return syscall.Read(fd, buf) })
	if err != nil {
		return []byte{}
	}
	return buf[:n]
}
