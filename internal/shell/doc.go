// Package shell answers questions about command lines without running them: whether a
// hook's command reads the files it is given (ReadsArgs), whether it can run without a
// shell (Plain), and the argv that runs it (Argv). These read commands with a real shell
// parser, mvdan.cc/sh. Split is the simpler word splitter of Python's shlex, which
// pre-commit and identify use. Nothing here starts a process.
package shell
