// Package cliflag renders the standard flag package GNU-style: help that lists --long
// flags with their one-letter forms beside them, and errors in the same spelling. A
// one-letter flag whose usage is "short for --LONG" is that flag's short form.
package cliflag

import (
	"flag"
	"fmt"
	"strings"
)

// PrintHelp lists fs's flags as GNU-style help: --long with its short form beside it
// ("-a, --all"), the value's name, the description, and a default only where one means
// something (-1 is "not given" here).
func PrintHelp(fs *flag.FlagSet) {
	short := shortForms(fs)
	type row struct{ left, right string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		if isShortForm(f) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		left := "    --" + f.Name
		if s, ok := short[f.Name]; ok {
			left = "-" + s + ", --" + f.Name
		} else if len(f.Name) == 1 {
			left = "-" + f.Name
		}
		if name != "" && name != "value" && !isBoolFlag(f) {
			left += " " + name
		}
		if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "-1" && d != "[]" {
			usage += fmt.Sprintf(" (default %s)", d)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	for _, r := range rows {
		fmt.Fprintf(fs.Output(), "  %-*s  %s\n", width, r.left, r.right)
	}
}

// shortForms maps each long flag to its one-letter alias, one whose usage is "short for
// --LONG".
func shortForms(fs *flag.FlagSet) map[string]string {
	short := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if isShortForm(f) {
			short[strings.TrimPrefix(f.Usage, "short for --")] = f.Name
		}
	})
	return short
}

func isShortForm(f *flag.Flag) bool {
	return len(f.Name) == 1 && strings.HasPrefix(f.Usage, "short for --")
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// Reword rewords the flag package's error messages with the double-dash spelling the help
// uses; suggest names the flag meant for an unknown one ("" for none).
func Reword(fs *flag.FlagSet, err error, suggest func(name string, names []string) string) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if len(f.Name) > 1 { // -a, -j, -q, -v are short forms of long flags
				names = append(names, f.Name)
			}
		})
		msg = "unknown flag --" + name
		if m := suggest(name, names); m != "" {
			msg += "; did you mean --" + m + "?"
		}
		return msg
	}
	return strings.NewReplacer(" -", " --").Replace(msg)
}
