package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"os"
)

func init() {
	register(Hook{ID: "check-symlinks", Parse: noArgs(checkSymlinks), ReadOnly: true})
}

// checkSymlinks is check-symlinks: a symlink whose target does not exist (or cannot be
// reached: a loop, a permission) is broken.
func checkSymlinks(_ context.Context, env Env, files []string) (int, []byte) {
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		path := env.path(f)
		info, err := os.Lstat(path)
		if err != nil || info.Mode()&os.ModeSymlink == 0 {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(&out, "%s: Broken symlink\n", f)
			code = 1
		}
	}
	return code, out.Bytes()
}
