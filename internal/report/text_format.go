package report

import (
	"bytes"
	"io"
)

// writeText renders r as the plain text report (Text without colour), so that a
// report written to a file reads as the terminal did in CI: what the hooks printed has
// its control characters spelt out there too (see plainText).
func writeText(w io.Writer, r *Run) error {
	var b bytes.Buffer
	for i := range r.Hooks {
		writeHookText(&b, TextOptions{}, &r.Hooks[i])
	}
	_, err := w.Write(b.Bytes())
	return err
}
