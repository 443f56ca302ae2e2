package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"unicode/utf8"
)

func init() {
	register(Hook{ID: "fix-byte-order-marker", Parse: noArgs(fixByteOrderMarker), RecordsWrites: true})
}

var utf8BOM = []byte("\xef\xbb\xbf")

// fixByteOrderMarker removes a UTF-8 byte-order marker from the start of each file.
// Like the Python hook, a file that starts with one but is not UTF-8 after it stops the
// run with exit 1, that file and the ones after it untouched.
func fixByteOrderMarker(_ context.Context, env Env, files []string) (int, []byte) {
	return fixFiles(env, files, "%s: removed byte-order marker\n", func(f string, data []byte) ([]byte, bool, error) {
		if !bytes.HasPrefix(data, utf8BOM) {
			return nil, false, nil
		}
		rest := data[len(utf8BOM):]
		if !utf8.Valid(rest) {
			return nil, false, fmt.Errorf("%s: 'utf-8' codec can't decode the file", f)
		}
		return rest, true, nil
	})
}
