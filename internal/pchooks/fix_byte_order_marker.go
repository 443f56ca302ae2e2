package pchooks

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
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
	var out bytes.Buffer
	code := 0
	for _, f := range files {
		path := filepath.Join(env.Dir, f)
		data, err := env.readFile(path)
		if err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		if !bytes.HasPrefix(data, utf8BOM) {
			continue
		}
		rest := data[len(utf8BOM):]
		if !utf8.Valid(rest) {
			return 1, append(out.Bytes(), crash(fmt.Errorf("%s: 'utf-8' codec can't decode the file", f))...)
		}
		if err := env.writeFile(path, rest); err != nil {
			return 1, append(out.Bytes(), crash(err)...)
		}
		fmt.Fprintf(&out, "%s: removed byte-order marker\n", f)
		code = 1
	}
	return code, out.Bytes()
}
