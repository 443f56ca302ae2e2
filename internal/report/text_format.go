package report

import (
	"bytes"
	"errors"
	"io"

	"github.com/hookrun/hookrun/hooks"
)

// writeText renders r as the plain text report (Text without colour), so that a
// report written to a file reads as the terminal did in CI, less any escape sequences
// the tools printed.
func writeText(w io.Writer, r *Run) error {
	hs := make([]hooks.Hook, len(r.Hooks))
	sel := make([]hooks.Selection, len(r.Hooks))
	batches := make([]int, len(r.Hooks))
	for i := range r.Hooks {
		h := &r.Hooks[i]
		hs[i] = hooks.Hook{ID: h.ID, Name: h.name(), Pos: h.Config}
		sel[i] = hooks.Selection{Hook: &hs[i], Files: h.Files, Skip: h.Skip}
		if h.Skip == "" {
			batches[i] = 1
		}
	}
	var b bytes.Buffer
	t := NewText(&b, TextOptions{}, sel, batches)
	for i := range r.Hooks {
		h := &r.Hooks[i]
		if h.Skip != "" || h.Status == hooks.Cancelled {
			continue // Flush reports them as Text does
		}
		var err error
		if h.Err != "" {
			err = errors.New(h.Err)
		}
		t.Finished(hooks.Result{
			Job: hooks.Job{Hook: &hs[i]}, Status: h.Status, ExitCode: h.ExitCode, Output: []byte(plainText(h.Output)),
			Err: err, Modified: h.Modified, Duration: h.Duration, Diagnostics: h.Diagnostics,
		})
	}
	t.Flush()
	_, err := w.Write(b.Bytes())
	return err
}
