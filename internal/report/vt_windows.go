package report

import (
	"os"

	"golang.org/x/sys/windows"
)

// EnableEscapes makes the console f interpret the escape sequences the live view and
// colours write (ENABLE_VIRTUAL_TERMINAL_PROCESSING, Windows 10 and later), and reports
// whether it does; a console that cannot gets plain output instead of escape codes.
func EnableEscapes(f *os.File) bool {
	h := windows.Handle(f.Fd())
	var mode uint32
	if windows.GetConsoleMode(h, &mode) != nil {
		return false
	}
	if mode&windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0 {
		return true
	}
	return windows.SetConsoleMode(h, mode|windows.ENABLE_VIRTUAL_TERMINAL_PROCESSING) == nil
}
