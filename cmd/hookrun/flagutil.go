package main

import (
	"errors"
	"flag"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/internal/cliflag"
)

// flagResult maps a flag parsing error to an exit code; ok is false when the caller
// should return code (help was printed, or the flags were bad). A bad flag gets one line
// naming it (with the flag meant, for a near miss) and where the help is, not the whole
// usage.
func flagResult(fs *flag.FlagSet, err error, s stdio) (code int, ok bool) {
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(s.out)
		fs.Usage()
		return exitOK, false
	case err != nil:
		s.errorf("%s: %s (see hookrun %s --help)", fs.Name(), cliflag.Reword(fs, err, config.Suggest), fs.Name())
		return exitUsage, false
	}
	return exitOK, true
}
