package envs

// venvBin is where a Python virtual environment keeps its programs on Windows,
// pythonExe the interpreter's file name there.
const (
	venvBin   = "Scripts"
	pythonExe = "python.exe"
)

// homeVar names the user's home directory in the environment on Windows.
const homeVar = "USERPROFILE"
