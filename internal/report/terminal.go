package report

import (
	"io"
	"os"

	xterm "golang.org/x/term" // term is live_test.go's fake terminal
)

// IsTerminal reports whether w is a terminal: one that answers a terminal's ioctl, not
// merely a character device (/dev/null is one too), and that takes escape sequences.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return xterm.IsTerminal(int(f.Fd())) && EnableEscapes(f)
}
