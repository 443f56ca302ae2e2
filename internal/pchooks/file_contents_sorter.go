package pchooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
)

func init() {
	register(Hook{ID: "file-contents-sorter", Parse: parseFileContentsSorter, RecordsWrites: true})
}

// parseFileContentsSorter reads --ignore-case and --unique, which argparse takes as
// mutually exclusive.
func parseFileContentsSorter(args []string) (Func, error) {
	var ignoreCase, unique bool
	err := parseArgs(args, flag(&ignoreCase, "--ignore-case"), flag(&unique, "--unique"))
	if err != nil {
		return nil, err
	}
	if ignoreCase && unique {
		return nil, errors.New("argument --unique: not allowed with argument --ignore-case")
	}
	return func(_ context.Context, env Env, files []string) (int, []byte) {
		if len(files) == 0 { // argparse's nargs='+'
			return 2, []byte("file-contents-sorter: error: the following arguments are required: filenames\n")
		}
		var out bytes.Buffer
		code := 0
		for _, f := range files {
			changed, err := sortFile(env, env.path(f), ignoreCase, unique)
			if err != nil {
				return 1, append(out.Bytes(), crash(err)...)
			}
			if changed {
				fmt.Fprintf(&out, "Sorting %s\n", f)
				code = 1
			}
		}
		return env.fixed(code), out.Bytes()
	}, nil
}

// sortFile sorts a file's lines that are not blank (by bytes, or by their ASCII
// lowercase, ties kept in order), dropping the blank ones and duplicates with unique,
// each line ended by "\n".
func sortFile(env Env, name string, ignoreCase, unique bool) (bool, error) {
	data, err := env.readFile(name)
	if err != nil {
		return false, err
	}
	var lines [][]byte
	for _, l := range readLines(data) {
		if len(bytes.Trim(l, string(asciiSpace))) > 0 {
			lines = append(lines, bytes.TrimRight(l, "\n\r"))
		}
	}
	if unique {
		slices.SortFunc(lines, bytes.Compare)
		lines = slices.CompactFunc(lines, bytes.Equal)
	}
	if ignoreCase {
		sort.SliceStable(lines, func(i, j int) bool { return bytes.Compare(asciiLower(lines[i]), asciiLower(lines[j])) < 0 })
	} else {
		sort.SliceStable(lines, func(i, j int) bool { return bytes.Compare(lines[i], lines[j]) < 0 })
	}
	after := bytes.Join(lines, []byte("\n"))
	if len(after) > 0 {
		after = append(after, '\n')
	}
	if bytes.Equal(after, data) {
		return false, nil
	}
	return true, env.writeFile(name, after)
}

// readLines splits data after each "\n", as Python iterates a binary file.
func readLines(data []byte) [][]byte {
	var lines [][]byte
	for len(data) > 0 {
		n := len(data)
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			n = i + 1
		}
		lines = append(lines, data[:n])
		data = data[n:]
	}
	return lines
}

// asciiLower is Python's bytes.lower: A-Z only.
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}
