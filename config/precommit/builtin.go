package precommit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hookrun/hookrun/internal/pyregex"
)

// Builtin is what hooks.Hook.Builtin holds: a hook run in-process on files (relative to
// dir, the directory the hook runs in), returning an exit code and the output to show.
type Builtin = func(ctx context.Context, dir string, files []string) (int, []byte)

// failBuiltin is language: fail: it fails, printing the entry, a blank line and the
// files, one per line.
func failBuiltin(entry string) Builtin {
	return func(_ context.Context, _ string, files []string) (int, []byte) {
		var b bytes.Buffer
		b.WriteString(entry + "\n\n")
		for _, f := range files {
			b.WriteString(f + "\n")
		}
		return 1, b.Bytes()
	}
}

// unsupportedBuiltin stands for a hook of a language hookrun cannot run yet: it fails
// with a message, and the other hooks run.
func unsupportedBuiltin(language string) Builtin {
	return func(context.Context, string, []string) (int, []byte) {
		return 1, fmt.Appendf(nil, "hookrun cannot run language: %s hooks yet; run this hook with pre-commit, or write it as a local system hook\n", language)
	}
}

// pygrepOptions are pygrep's flags.
type pygrepOptions struct {
	ignoreCase, multiline, negate bool
}

// parsePygrepArgs reads pygrep's flags as argparse would, long options abbreviated too.
func parsePygrepArgs(args []string) (pygrepOptions, error) {
	var o pygrepOptions
	for _, a := range args {
		switch {
		case a == "-i" || isPrefixOf(a, "--ignore-case", 4):
			o.ignoreCase = true
		case isPrefixOf(a, "--multiline", 3):
			o.multiline = true
		case isPrefixOf(a, "--negate", 3):
			o.negate = true
		default:
			return o, fmt.Errorf("pygrep: unrecognized argument %q (it takes -i/--ignore-case, --multiline and --negate)", a)
		}
	}
	return o, nil
}

// isPrefixOf reports whether a is long or an abbreviation of it at least min long.
func isPrefixOf(a, long string, minLen int) bool {
	return len(a) >= minLen && strings.HasPrefix(long, a)
}

// pygrepBuiltin is language: pygrep: the entry is a Python regular expression searched
// in each file's bytes, line by line (or in the whole file with --multiline, where .
// also matches newlines). It fails for files with a match, printing file:line:text, or
// with --negate for files without one, printing their names.
func pygrepBuiltin(entry string, args []string) (Builtin, error) {
	o, err := parsePygrepArgs(args)
	if err != nil {
		return nil, err
	}
	re, err := pyregex.Compile(pyregex.Latin1([]byte(entry)), pyregex.Flags{
		Bytes: true, IgnoreCase: o.ignoreCase, Multiline: o.multiline, DotAll: o.multiline,
	})
	if err != nil {
		return nil, fmt.Errorf("pygrep entry: %w", err)
	}
	return func(_ context.Context, dir string, files []string) (int, []byte) {
		var out bytes.Buffer
		code := 0
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				fmt.Fprintf(&out, "%s: %v\n", f, err)
				code = 1
				continue
			}
			if grepFile(&out, re, o, f, data) {
				code = 1
			}
		}
		return code, out.Bytes()
	}, nil
}

// grepFile reports one file and returns whether it fails.
func grepFile(out *bytes.Buffer, re *pyregex.Regexp, o pygrepOptions, name string, data []byte) bool {
	text := pyregex.Latin1(data)
	if o.multiline {
		start, end, ok := re.Find(text)
		switch {
		case o.negate && !ok:
			out.WriteString(name + "\n")
		case !o.negate && ok:
			writeMultilineMatch(out, name, data, start, end)
		}
		return ok != o.negate
	}
	matched := false
	for i, line := range splitLinesKeepEnds(text) {
		if !re.MatchString(line) {
			continue
		}
		matched = true
		if o.negate {
			break
		}
		fmt.Fprintf(out, "%s:%d:", name, i+1)
		out.Write(pyregex.FromLatin1(strings.TrimRight(line, "\r\n")))
		out.WriteByte('\n')
	}
	if o.negate && !matched {
		out.WriteString(name + "\n")
	}
	return matched != o.negate
}

// writeMultilineMatch prints file:line: then the whole first line of the match and the
// matched text of the lines after it.
func writeMultilineMatch(out *bytes.Buffer, name string, data []byte, start, end int) {
	lineNo := bytes.Count(data[:start], []byte("\n"))
	lines := bytes.Split(data[start:end], []byte("\n"))
	lines[0] = bytes.Split(data, []byte("\n"))[lineNo]
	fmt.Fprintf(out, "%s:%d:", name, lineNo+1)
	out.Write(bytes.Join(lines, []byte("\n")))
	out.WriteByte('\n')
}

// splitLinesKeepEnds splits after each "\n", as Python iterates a binary file.
func splitLinesKeepEnds(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
