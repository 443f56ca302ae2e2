package pchooks

import (
	"bytes"
	"context"
)

func init() {
	register(Hook{ID: "end-of-file-fixer", Parse: noArgs(endOfFileFixer), RecordsWrites: true})
}

// endOfFileFixer makes each file empty or end in exactly one line ending: a newline is
// added where the last line has none, and the line endings after the last line are cut
// to the first of them; a file of nothing but line endings is emptied.
func endOfFileFixer(_ context.Context, env Env, files []string) (int, []byte) {
	return fixFiles(env, files, "Fixing %s\n", func(_ string, data []byte) ([]byte, bool, error) {
		fixed, changed := fixEOF(data)
		return fixed, changed, nil
	})
}

// fixEOF is the content end-of-file-fixer leaves, and whether it differs.
func fixEOF(data []byte) ([]byte, bool) {
	if len(data) == 0 {
		return data, false
	}
	isEOL := func(c byte) bool { return c == '\n' || c == '\r' }
	if !isEOL(data[len(data)-1]) {
		return append(data, '\n'), true
	}
	end := len(data)
	for end > 0 && isEOL(data[end-1]) {
		end--
	}
	if end == 0 {
		return nil, true
	}
	rest := data[end:]
	for _, seq := range []string{"\n", "\r\n", "\r"} {
		switch {
		case string(rest) == seq:
			return data, false
		case bytes.HasPrefix(rest, []byte(seq)):
			return data[:end+len(seq)], true
		}
	}
	return data, false
}
