//go:build unix

package envs

import "path/filepath"

// venvBin is where a Python virtual environment keeps its programs, pythonExe the
// interpreter's file name there.
const (
	venvBin   = "bin"
	pythonExe = "python"
)

// homeVar names the user's home directory in the environment.
const homeVar = "HOME"

// nodeBin is where `npm install --global --prefix dir` puts programs.
func nodeBin(dir string) string { return filepath.Join(dir, "bin") }

// nodeModules is where it puts packages.
func nodeModules(dir string) string { return filepath.Join(dir, "lib", "node_modules") }
