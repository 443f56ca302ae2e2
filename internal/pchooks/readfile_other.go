//go:build !unix

package pchooks

import "os"

// readFile is os.ReadFile (readfile_unix.go saves system calls where it can).
func readFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}
