// Package report renders a run for people and machines. It is the only place, besides
// cmd/hookrun, that prints.
package report

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/hookrun/hookrun/hooks"
)

// TextOptions shape the human-readable report.
type TextOptions struct {
	Color   bool // ANSI colours and symbols
	Verbose bool // output of passing hooks, and timings
	Quiet   bool // only failures
}

// Text prints one block per hook, in config order, as soon as that hook and every hook
// before it have finished. Finished may be called from many goroutines.
type Text struct {
	w    io.Writer
	opt  TextOptions
	mu   sync.Mutex
	fold *Fold
	next int // first hook not yet printed
}

// NewText starts a report for the selected hooks; batches[i] is how many jobs hook i runs.
func NewText(w io.Writer, opt TextOptions, sel []hooks.Selection, batches []int) *Text {
	t := &Text{w: w, opt: opt, fold: NewFold(sel, batches)}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.flushLocked() // skipped hooks at the top print at once
	return t
}

// Finished records a job's result; the caller has already applied policy to its Status.
func (t *Text) Finished(r hooks.Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fold.Add(r)
	t.flushLocked()
}

// Results returns every hook's report in config order.
func (t *Text) Results() []HookReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fold.Reports()
}

// Flush prints every hook not printed yet (those cancelled before they ran).
func (t *Text) Flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fold.Close()
	t.flushLocked()
}

func (t *Text) flushLocked() {
	for ; t.next < t.fold.Len() && t.fold.Done(t.next); t.next++ {
		hr := t.fold.Report(t.next)
		var b bytes.Buffer
		writeHookText(&b, t.opt, &hr)
		_, _ = t.w.Write(b.Bytes()) // a closed terminal is not worth failing the run over
	}
}

// writeHookText writes a hook's line and, for a failure, findings or when asked, its body.
func writeHookText(b *bytes.Buffer, opt TextOptions, hr *HookReport) {
	if opt.Quiet && !hr.failed() {
		return
	}
	b.WriteString(textMark(opt, hr.Status))
	b.WriteString(hr.label())
	b.WriteString(textDetail(opt, hr))
	b.WriteByte('\n')
	if hr.expanded() || opt.Verbose || hr.Verbose {
		b.Write(indent(hookBody(hr, opt.Color, opt.Verbose)))
	}
}

// textMarks and textSymbols begin each hook's line, plain and in colour.
var (
	textMarks = map[hooks.Status]string{
		hooks.Passed: "ok    ", hooks.Skipped: "skip  ", hooks.NoFiles: "skip  ",
		hooks.Modified: "FIXED ", hooks.Failed: "FAIL  ", hooks.Cancelled: "STOP  ",
	}
	textSymbols = map[hooks.Status]string{
		hooks.Passed: "\033[32m✓\033[0m ", hooks.Skipped: "\033[33m-\033[0m ", hooks.NoFiles: "\033[2m-\033[0m ",
		hooks.Modified: "\033[33m✎\033[0m ", hooks.Failed: "\033[31m✗\033[0m ", hooks.Cancelled: "\033[31m■\033[0m ",
	}
)

func textMark(opt TextOptions, s hooks.Status) string {
	if opt.Color {
		return textSymbols[s]
	}
	return textMarks[s]
}

func textDetail(opt TextOptions, hr *HookReport) string {
	var parts []string
	switch {
	case hr.Skip != "":
		return " (" + visibleLine(hr.Skip) + ")"
	case len(hr.Files) > 0:
		parts = filesDetail(len(hr.Files))
	}
	if hr.Status == hooks.Passed && len(hr.Modified) > 0 {
		parts = append(parts, "fixed") // a stage_fixed hook: its fixes are staged
	}
	if opt.Verbose || opt.Color {
		parts = append(parts, hr.Duration.Round(durationRounding).String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
