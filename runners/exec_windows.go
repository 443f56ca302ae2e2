package runners

import (
	"os"
	"path/filepath"
	"strings"
)

// venvBin is where a Python virtual environment keeps its programs on Windows.
const venvBin = "Scripts"

// homeVar names the user's home directory in the environment on Windows.
const homeVar = "USERPROFILE"

// runnableExts are the extensions a program is looked up with on Windows, in order, as
// PATHEXT's default begins: node_modules/.bin holds eslint.cmd beside a sh script
// named eslint, which Windows cannot start.
var runnableExts = []string{".exe", ".cmd", ".bat", ".com"}

// executable returns p, made absolute, when it names a program Windows can start: p
// itself when it ends in one of runnableExts, else the first of p+ext that exists.
func executable(p string) (string, bool) {
	cands := []string{p}
	if !hasRunnableExt(p) {
		cands = cands[:0]
		for _, ext := range runnableExts {
			cands = append(cands, p+ext)
		}
	}
	for _, c := range cands {
		if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() {
			if abs, err := filepath.Abs(c); err == nil {
				c = abs
			}
			return c, true
		}
	}
	return "", false
}

func hasRunnableExt(p string) bool {
	ext := filepath.Ext(p)
	for _, e := range runnableExts {
		if strings.EqualFold(ext, e) {
			return true
		}
	}
	return false
}

// daemonsOutliveRuns is false on Windows: a daemon (dmypy starts it with
// CREATE_NEW_CONSOLE, without CREATE_BREAKAWAY_FROM_JOB) stays in the run's Job Object
// and dies with its client, so `daemon: true` runs the tool itself.
const daemonsOutliveRuns = false
