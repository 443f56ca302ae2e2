package pchooks

import "context"

func init() {
	register(Hook{ID: "check-shebang-scripts-are-executable", Parse: noArgs(checkShebangScriptsAreExecutable), Git: true, ReadOnly: true})
}

// checkShebangScriptsAreExecutable is check-shebang-scripts-are-executable: a tracked
// file starting with "#!" must be executable in git's index, whatever core.fileMode
// says (Windows is where it matters).
func checkShebangScriptsAreExecutable(ctx context.Context, env Env, files []string) (int, []byte) {
	return gitModeCheck(ctx, env, files, false)
}
