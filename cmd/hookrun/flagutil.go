package main

import (
	"errors"
	"flag"
)

// flagResult maps a flag parsing error to an exit code; ok is false when the caller
// should return code (help was printed, or the flags were bad).
func flagResult(fs *flag.FlagSet, err error, s stdio) (code int, ok bool) {
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(s.out)
		fs.Usage()
		return exitOK, false
	case err != nil:
		return exitUsage, false
	}
	return exitOK, true
}
