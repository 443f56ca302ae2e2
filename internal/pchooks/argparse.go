package pchooks

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// option is one option of a hook's argparse parser.
type option struct {
	names []string // "-f", "--fix": the spellings argparse accepts (long ones abbreviated too)
	value bool     // takes a value (else it is a flag)
	// set records the option: the value for a valued option, "" for a flag. It returns
	// an error for a value argparse rejects (a choice not offered, an int that is not).
	set func(v string) error
}

// flag is an option without a value that sets *b.
func flag(b *bool, names ...string) option {
	return option{names: names, set: func(string) error { *b = true; return nil }}
}

// valued is an option with a value, handed to set.
func valued(set func(string) error, names ...string) option {
	return option{names: names, value: true, set: set}
}

// choice is a valued option whose value must be one of choices.
func choice(dst *string, choices []string, names ...string) option {
	return valued(func(v string) error {
		if !slices.Contains(choices, v) {
			return fmt.Errorf("argument %s: invalid choice: %q (choose from %s)", names[len(names)-1], v, strings.Join(choices, ", "))
		}
		*dst = v
		return nil
	}, names...)
}

// parseArgs reads a hook's args as Python's argparse would, for the options given: long
// options abbreviated to a unique prefix, "--opt=value" and "--opt value", "-fVALUE" and
// "-f=VALUE". What the native version cannot stand for returns ErrUnsupported: a
// positional argument (argparse would take it for one more file), -h/--help, a value
// that starts with "-". An argument argparse would reject returns another error.
func parseArgs(args []string, opts ...option) error {
	opts = append(opts, option{names: []string{"-h", "--help"}, set: func(string) error {
		return fmt.Errorf("--help: %w", ErrUnsupported)
	}})
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				return fmt.Errorf("file names in args (%q): %w", args[i+1:], ErrUnsupported)
			}
			return nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" || isNumber(a) {
			return fmt.Errorf("positional argument %q: %w", a, ErrUnsupported)
		}
		o, name, explicit, hasExplicit, err := findOption(a, opts)
		if err != nil {
			return err
		}
		switch {
		case !o.value && hasExplicit:
			return fmt.Errorf("argument %s: ignored explicit argument %q", name, explicit)
		case !o.value:
			err = o.set("")
		case hasExplicit:
			err = o.set(explicit)
		case i+1 >= len(args):
			return fmt.Errorf("argument %s: expected one argument", name)
		case strings.HasPrefix(args[i+1], "-"):
			return fmt.Errorf("argument %s: value %q: %w", name, args[i+1], ErrUnsupported)
		default:
			i++
			err = o.set(args[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// findOption finds the option a names: exactly, as "--name=value", abbreviated to a
// unique prefix of a long name, or as a short option with its value attached.
func findOption(a string, opts []option) (o option, name, explicit string, hasExplicit bool, err error) {
	name = a
	if k, v, ok := strings.Cut(a, "="); ok {
		name, explicit, hasExplicit = k, v, true
	}
	var matches []option
	var matched []string
	for _, o := range opts {
		for _, n := range o.names {
			switch {
			case n == name:
				return o, n, explicit, hasExplicit, nil
			case strings.HasPrefix(name, "--") && strings.HasPrefix(n, name):
				matches, matched = append(matches, o), append(matched, n)
			}
		}
	}
	if len(matches) == 1 {
		return matches[0], matched[0], explicit, hasExplicit, nil
	}
	if len(matches) > 1 {
		return o, name, "", false, fmt.Errorf("ambiguous option: %s could match %s", name, strings.Join(matched, ", "))
	}
	if !strings.HasPrefix(a, "--") && len(a) > 2 { // -fVALUE
		for _, o := range opts {
			if slices.Contains(o.names, a[:2]) {
				if !o.value {
					return o, a[:2], "", false, fmt.Errorf("combined short flags %q: %w", a, ErrUnsupported)
				}
				return o, a[:2], a[2:], true, nil
			}
		}
	}
	return o, name, "", false, fmt.Errorf("unrecognized arguments: %s", a)
}

// isNumber reports whether a looks like a negative number, which argparse takes for a
// positional argument.
func isNumber(a string) bool {
	s := strings.TrimPrefix(a, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// IsUnsupported reports whether err says the native version cannot stand in for the
// Python hook (rather than that the Python hook would reject the args too).
func IsUnsupported(err error) bool {
	return errors.Is(err, ErrUnsupported)
}
