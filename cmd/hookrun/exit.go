package main

// Exit codes: documented in README.md; nothing else calls os.Exit.
const (
	exitOK          = 0   // every hook passed
	exitFailed      = 1   // a hook failed, or modified files where fixing was not allowed
	exitUsage       = 2   // bad flags or a bad config
	exitEnvironment = 3   // not a git repository, a tool missing, a merge to resolve
	exitInterrupted = 130 // Ctrl-C or SIGTERM
)
