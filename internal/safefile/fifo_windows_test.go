package safefile_test

import "errors"

// mkfifo fails on Windows, which has no named pipes in the file system.
func mkfifo(string, uint32) error { return errors.ErrUnsupported }
