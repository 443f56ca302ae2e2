package pchooks

import (
	"bytes"
	"context"
	"fmt"
)

func init() {
	register(Hook{ID: "mixed-line-ending", Parse: parseMixedLineEnding, RecordsWrites: true})
}

// parseMixedLineEnding reads -f/--fix: auto (the default), lf, crlf, cr or no.
func parseMixedLineEnding(args []string) (Func, error) {
	fix := "auto"
	if err := parseArgs(args, choice(&fix, []string{"auto", "no", "cr", "crlf", "lf"}, "-f", "--fix")); err != nil {
		return nil, err
	}
	return func(_ context.Context, env Env, files []string) (int, []byte) {
		var out bytes.Buffer
		code := 0
		for _, f := range files {
			failed, err := fixLineEndings(env, env.path(f), fix)
			if err != nil {
				return 1, append(out.Bytes(), crash(err)...)
			}
			if !failed {
				continue
			}
			if fix == "no" {
				fmt.Fprintf(&out, "%s: mixed line endings\n", f)
			} else {
				fmt.Fprintf(&out, "%s: fixed mixed line endings\n", f)
			}
			code = 1
		}
		if fix == "no" { // it only reports
			return code, out.Bytes()
		}
		return env.fixed(code), out.Bytes()
	}, nil
}

// The line endings in the order mixed-line-ending prefers them least to most: a tie in
// auto mode goes to the later one.
var lineEndings = []string{"\r", "\r\n", "\n"}

var endingOf = map[string]string{"cr": "\r", "crlf": "\r\n", "lf": "\n"}

// fixLineEndings checks (and unless fix is "no", fixes) one file, and returns whether
// the hook fails for it. In auto mode a file with more than one kind of line ending gets
// the most common one (lf, then crlf, then cr on a tie); with a given ending, a file
// with any other gets that one. A fixed file's last line gets the ending too.
func fixLineEndings(env Env, name, fix string) (bool, error) {
	data, err := env.readFile(name)
	if err != nil {
		return false, err
	}
	if fix != "crlf" && fix != "cr" && bytes.IndexByte(data, '\r') < 0 {
		return false, nil // every line ends in lf, or the file has one line: nothing mixed
	}
	lines := splitLines(data)
	counts := map[string]int{}
	for _, l := range lines {
		for _, e := range lineEndings {
			if bytes.HasSuffix(l, []byte(e)) {
				counts[e]++
				break
			}
		}
	}
	mixed := len(counts) > 1
	var target string
	switch fix {
	case "no":
		return mixed, nil
	case "auto":
		if !mixed {
			return false, nil
		}
		most := 0
		for _, e := range lineEndings {
			if counts[e] >= most {
				target, most = e, counts[e]
			}
		}
	default:
		target = endingOf[fix]
		delete(counts, target)
		if len(counts) == 0 {
			return false, nil
		}
	}
	var out bytes.Buffer
	for _, l := range lines {
		out.Write(bytes.TrimRight(l, "\r\n"))
		out.WriteString(target)
	}
	return true, env.writeFile(name, out.Bytes())
}

// splitLines is Python's bytes.splitlines(keepends=True): lines end at "\n", "\r\n" or
// a lone "\r".
func splitLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			lines = append(lines, data)
			break
		}
		n := i + 1
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			n++
		}
		lines = append(lines, data[:n])
		data = data[n:]
	}
	return lines
}
