package main

import (
	"errors"
	"flag"
	"strings"

	"github.com/hookrun/hookrun/config"
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
		s.errorf("%s: %s (see hookrun %s --help)", fs.Name(), flagError(fs, err), fs.Name())
		return exitUsage, false
	}
	return exitOK, true
}

// flagError rewords the flag package's messages with the double-dash spelling the help
// uses.
func flagError(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if len(f.Name) > 1 { // -a, -j, -q, -v are short forms of long flags
				names = append(names, f.Name)
			}
		})
		msg = "unknown flag --" + name
		if m := config.Suggest(name, names); m != "" {
			msg += "; did you mean --" + m + "?"
		}
		return msg
	}
	return strings.NewReplacer(" -", " --").Replace(msg)
}
