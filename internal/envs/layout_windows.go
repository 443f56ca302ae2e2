package envs

import "path/filepath"

// venvBin is where a Python virtual environment keeps its programs on Windows,
// pythonExe the interpreter's file name there.
const (
	venvBin   = "Scripts"
	pythonExe = "python.exe"
)

// homeVar names the user's home directory in the environment on Windows.
const homeVar = "USERPROFILE"

// nodeBin is where `npm install --global --prefix dir` puts programs on Windows: the
// prefix itself (eslint.cmd beside node_modules).
func nodeBin(dir string) string { return dir }

// nodeModules is where it puts packages on Windows: no lib/ there.
func nodeModules(dir string) string { return filepath.Join(dir, "node_modules") }
