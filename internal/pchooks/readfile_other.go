//go:build !unix

package pchooks

import "os"

// ReadFile is os.ReadFile (readfile_unix.go saves system calls where it can).
func ReadFile(path string) ([]byte, error) {
	return os.ReadFile(path)
}
