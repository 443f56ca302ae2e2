//go:build unix

package runners

import (
	"os"
	"path/filepath"
)

// venvBin is where a Python virtual environment keeps its programs.
const venvBin = "bin"

// homeVar names the user's home directory in the environment.
const homeVar = "HOME"

// executable returns p, made absolute, when it is a file with an execute bit.
func executable(p string) (string, bool) {
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", false
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p, true
}

// daemonsOutliveRuns: a daemon that detaches (setsid) leaves the run's process group.
const daemonsOutliveRuns = true
