package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

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

// newFlags makes a FlagSet that prints nothing itself: flagResult prints the usage on -h
// and one line for a bad flag.
func newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints its errors and the usage itself; flagResult says both, once.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: hookrun %s\n\nFlags:\n", synopsis)
		cliflag.PrintHelp(fs)
	}
	return fs
}

// parseFlags parses args and maps -h and bad flags to exit codes; ok is false when the
// caller should return code.
func parseFlags(fs *flag.FlagSet, args []string, s stdio) (code int, ok bool) {
	return flagResult(fs, fs.Parse(args), s)
}
