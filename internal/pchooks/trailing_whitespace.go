package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
)

func init() {
	register(Hook{ID: "trailing-whitespace", Parse: parseTrailingWhitespace, RecordsWrites: true})
}

// parseTrailingWhitespace reads trailing-whitespace-fixer's args: --markdown-linebreak-ext
// (repeatable, comma-separated extensions or *), --chars, and the no-op
// --no-markdown-linebreak-ext.
func parseTrailingWhitespace(args []string) (Func, error) {
	var mdArgs []string
	var chars *string
	var noMD bool
	err := parseArgs(args,
		flag(&noMD, "--no-markdown-linebreak-ext"),
		valued(func(v string) error { mdArgs = append(mdArgs, v); return nil }, "--markdown-linebreak-ext"),
		valued(func(v string) error { chars = &v; return nil }, "--chars"),
	)
	if err != nil {
		return nil, err
	}
	allMD := false
	var exts []string
	for _, a := range mdArgs {
		if a == "" {
			return nil, fmt.Errorf("--markdown-linebreak-ext requires a non-empty argument")
		}
		allMD = allMD || a == "*"
	}
	// Without the option this is ["."], as in Python: a name ending in a dot is markdown.
	for _, x := range strings.Split(strings.Join(mdArgs, ","), ",") {
		ext := "." + strings.TrimLeft(strings.ToLower(x), ".")
		if strings.ContainsAny(ext[1:], `./\:`) {
			return nil, fmt.Errorf("bad --markdown-linebreak-ext extension %q (has . / \\ :)", ext)
		}
		exts = append(exts, ext)
	}
	if strings.ContainsFunc(strings.Join(exts, ""), func(r rune) bool { return r > 0x7f }) {
		// Python lowercases beyond ASCII, and splits extensions as os.path.splitext.
		return nil, fmt.Errorf("non-ASCII --markdown-linebreak-ext: %w", ErrUnsupported)
	}
	set := asciiSpace
	if chars != nil {
		set = []byte(*chars)
	}
	in := byteSet(string(set))
	return func(_ context.Context, env Env, files []string) (int, []byte) {
		var out bytes.Buffer
		if noMD {
			out.WriteString("--no-markdown-linebreak-ext now does nothing!\n")
		}
		code := 0
		for _, f := range files {
			// The extension of the lowercased name is the lowercased extension: no
			// character lowercases to a dot or a slash.
			md := allMD || slices.Contains(exts, strings.ToLower(splitExt(f)))
			changed, err := trimFile(env, env.path(f), md, set, &in)
			if err != nil {
				return 1, append(out.Bytes(), crash(err)...)
			}
			if changed {
				fmt.Fprintf(&out, "Fixing %s\n", f)
				code = 1
			}
		}
		return env.fixed(code), out.Bytes()
	}, nil
}

// asciiSpace is what Python's bytes.rstrip() strips with no argument.
var asciiSpace = []byte(" \t\n\r\x0b\x0c")

// trimFile strips trailing whitespace (the bytes of set) from every line of the file,
// keeping each line's ending, and in markdown a two-space line break on a line that is
// not blank. It writes the file only when a line changed. Each line's result is the
// line or shorter, so the file changed if and only if a line got shorter: nothing is
// copied until one does.
func trimFile(env Env, name string, md bool, set []byte, in *[256]bool) (bool, error) {
	data, err := env.readFile(name)
	if err != nil {
		return false, err
	}
	if !md && !trailsSet(data, in) {
		return false, nil // most files: no line to change, found with less work per line
	}
	out := trimmed(data, md, set)
	if out == nil {
		return false, nil
	}
	return true, env.writeFile(name, out)
}

// trimmed is data with trailing whitespace stripped as trimFile does, nil when that
// changes nothing.
func trimmed(data []byte, md bool, set []byte) []byte {
	var out []byte // nil while every line is unchanged
	for start := 0; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		body, eol := splitEOL(data[start:end])
		keep, pad := rstrip(body, set), ""
		if md && !isSpace(body) && bytes.HasSuffix(body, []byte("  ")) {
			keep, pad = rstrip(body[:len(body)-2], set), "  "
		}
		if out == nil && len(keep)+len(pad) != len(body) {
			out = append(make([]byte, 0, len(data)), data[:start]...)
		}
		if out != nil {
			out = append(append(append(out, keep...), pad...), eol...)
		}
		start = end
	}
	if out == nil || bytes.Equal(out, data) {
		return nil
	}
	return out
}

// trailsSet says some line of data (as splitEOL takes it apart) ends in a byte of in:
// outside markdown, exactly when trimFile changes the file.
func trailsSet(data []byte, in *[256]bool) bool {
	for start := 0; start < len(data); {
		end, next := len(data), len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end, next = start+i, start+i+1
			if end > start && data[end-1] == '\r' {
				end--
			}
		}
		if end > start && in[data[end-1]] {
			return true
		}
		start = next
	}
	return false
}

// splitEOL splits a line (as Python's readlines gives it) into its body and "\r\n", "\n"
// or nothing.
func splitEOL(line []byte) (body, eol []byte) {
	switch {
	case bytes.HasSuffix(line, []byte("\r\n")):
		return line[:len(line)-2], line[len(line)-2:]
	case bytes.HasSuffix(line, []byte("\n")):
		return line[:len(line)-1], line[len(line)-1:]
	}
	return line, nil
}

// isSpace is Python's bytes.isspace: not empty, and only ASCII whitespace.
func isSpace(b []byte) bool {
	return len(b) > 0 && len(bytes.Trim(b, string(asciiSpace))) == 0
}

// rstrip is Python's bytes.rstrip(set).
func rstrip(b, set []byte) []byte {
	for len(b) > 0 && bytes.IndexByte(set, b[len(b)-1]) >= 0 {
		b = b[:len(b)-1]
	}
	return b
}

// splitExt is Python's os.path.splitext(p)[1]: the extension of the last element, where
// leading dots do not start one.
func splitExt(p string) string {
	p = strings.TrimRight(p, "/")
	base := p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.LastIndexByte(base, '.'); i > 0 && strings.TrimLeft(base[:i], ".") != "" {
		return base[i:]
	}
	return ""
}
