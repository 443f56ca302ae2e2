//go:build unix

package envs

// venvBin is where a Python virtual environment keeps its programs, pythonExe the
// interpreter's file name there.
const (
	venvBin   = "bin"
	pythonExe = "python"
)

// homeVar names the user's home directory in the environment.
const homeVar = "HOME"
