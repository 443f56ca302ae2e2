package report

import (
	"bytes"
	"io"
)

// writeText renders r as the plain text report (Text without colour), so that a
// report written to a file reads as the terminal did in CI, less any escape sequences
// the tools printed.
func writeText(w io.Writer, r *Run) error {
	var b bytes.Buffer
	for i := range r.Hooks {
		hr := r.Hooks[i]
		hr.Output = []byte(plainText(hr.Output))
		hr.Diff = []byte(plainText(hr.Diff))
		writeHookText(&b, TextOptions{}, &hr)
	}
	_, err := w.Write(b.Bytes())
	return err
}
