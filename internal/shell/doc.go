// Package shell answers questions about command lines without running them. Split is the
// word splitter of Python's shlex, which pre-commit and identify use.
package shell
