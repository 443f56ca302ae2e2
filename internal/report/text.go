// Package report renders a run for people and machines. It is the only place, besides
// cmd/hookrun, that prints.
package report

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// TextOptions shape the human-readable report.
type TextOptions struct {
	Color   bool // ANSI colours and symbols
	Verbose bool // output of passing hooks, and timings
	Quiet   bool // only failures
}

// HookResult is one hook's outcome, all its batches folded together.
type HookResult struct {
	Hook     *hooks.Hook
	Status   hooks.Status
	Files    int
	ExitCode int
	Output   []byte
	Err      error
	Modified []string
	Skip     string
	Duration time.Duration
	// Diagnostics are a built-in tool's parsed findings, batches in order.
	Diagnostics []hooks.Diagnostic
	// Diff is what the hook's fixer would change (check mode with --show-diff).
	Diff []byte
	// Commands are what ran, one per job in batch order (shown with -v).
	Commands []string
}

// Text prints one block per hook, in config order, as soon as that hook and every hook
// before it have finished. Finished may be called from many goroutines.
type Text struct {
	w    io.Writer
	opt  TextOptions
	mu   sync.Mutex
	sel  []hooks.Selection
	left []int // batches still running per hook
	res  []HookResult
	outs [][][]byte // per hook, per batch: output kept in batch order, not finishing order
	next int        // first hook not yet printed
	pos  map[*hooks.Hook]int
}

// NewText starts a report for the selected hooks; batches[i] is how many jobs hook i runs.
func NewText(w io.Writer, opt TextOptions, sel []hooks.Selection, batches []int) *Text {
	t := &Text{
		w: w, opt: opt, sel: sel, left: batches, res: make([]HookResult, len(sel)),
		outs: make([][][]byte, len(sel)), pos: make(map[*hooks.Hook]int, len(sel)),
	}
	for i, s := range sel {
		t.outs[i] = make([][]byte, batches[i])
		t.pos[s.Hook] = i
		t.res[i] = HookResult{Hook: s.Hook, Skip: s.Skip, Files: len(s.Files)}
		if s.Skip != "" {
			t.res[i].Status = hooks.Skipped
			if s.Skip == "no files to check" {
				t.res[i].Status = hooks.NoFiles
			}
		}
	}
	t.flush()
	return t
}

// Finished records a job's result; the caller has already applied policy to its Status.
func (t *Text) Finished(r hooks.Result) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := t.pos[r.Job.Hook]
	hr := &t.res[i]
	hr.Status = max(hr.Status, r.Status)
	if r.ExitCode != 0 && hr.ExitCode == 0 {
		hr.ExitCode = r.ExitCode
	}
	if r.Err != nil && hr.Err == nil {
		hr.Err = r.Err
	}
	if r.Job.Batch < len(t.outs[i]) {
		t.outs[i][r.Job.Batch] = r.Output
	}
	if r.Command != "" {
		hr.Commands = append(hr.Commands, r.Command)
	}
	hr.Modified = append(hr.Modified, r.Modified...)
	hr.Diagnostics = append(hr.Diagnostics, r.Diagnostics...)
	hr.Diff = append(hr.Diff, r.Diff...)
	hr.Duration = max(hr.Duration, r.Duration)
	t.left[i]--
	t.flushLocked()
}

// Results returns every hook's folded result in config order.
func (t *Text) Results() []HookResult {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]HookResult(nil), t.res...)
}

func (t *Text) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.flushLocked()
}

func (t *Text) flushLocked() {
	for t.next < len(t.res) && t.left[t.next] <= 0 {
		t.res[t.next].Output = bytes.Join(t.outs[t.next], nil)
		t.printHook(&t.res[t.next])
		t.next++
	}
}

// Flush prints every hook not printed yet (those cancelled before they ran).
func (t *Text) Flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for ; t.next < len(t.res); t.next++ {
		hr := &t.res[t.next]
		if t.left[t.next] > 0 && hr.Status < hooks.Cancelled {
			hr.Status = hooks.Cancelled
		}
		hr.Output = bytes.Join(t.outs[t.next], nil)
		t.printHook(hr)
	}
}

func (t *Text) printHook(hr *HookResult) {
	failed := hr.Status >= hooks.Modified
	if t.opt.Quiet && !failed {
		return
	}
	var b bytes.Buffer
	b.WriteString(t.mark(hr.Status))
	b.WriteString(hr.Hook.Name)
	b.WriteString(t.detail(hr))
	b.WriteByte('\n')
	if failed || t.opt.Verbose || hr.Hook.Verbose {
		t.body(&b, hr)
	}
	_, _ = t.w.Write(b.Bytes()) // a closed terminal is not worth failing the run over
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

func (t *Text) mark(s hooks.Status) string {
	if t.opt.Color {
		return textSymbols[s]
	}
	return textMarks[s]
}

func (t *Text) detail(hr *HookResult) string {
	var parts []string
	switch {
	case hr.Skip != "":
		return " (" + hr.Skip + ")"
	case hr.Files == 1:
		parts = append(parts, "1 file")
	case hr.Files > 1:
		parts = append(parts, fmt.Sprintf("%d files", hr.Files))
	}
	if hr.Status == hooks.Passed && len(hr.Modified) > 0 {
		parts = append(parts, "fixed") // a stage_fixed hook: its fixes are staged
	}
	if t.opt.Verbose || t.opt.Color {
		parts = append(parts, hr.Duration.Round(10*time.Millisecond).String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func (t *Text) body(b *bytes.Buffer, hr *HookResult) {
	const indent = "    "
	defer writeIndented(b, indent, hr.Diff)
	if t.opt.Verbose {
		cmds := slices.Clone(hr.Commands)
		slices.Sort(cmds) // jobs finish in any order; print them the same way every run
		for _, c := range cmds {
			fmt.Fprintf(b, "%s$ %s\n", indent, c)
		}
	}
	if hr.Err != nil {
		fmt.Fprintf(b, "%serror: %v\n", indent, hr.Err)
	} else if hr.ExitCode != 0 {
		fmt.Fprintf(b, "%sexit code %d\n", indent, hr.ExitCode)
	}
	if len(hr.Modified) > 0 {
		fmt.Fprintf(b, "%sfiles modified by this hook: %s\n", indent, strings.Join(hr.Modified, ", "))
	}
	if len(hr.Diagnostics) > 0 {
		writeIndented(b, indent, FormatDiagnostics(hr.Diagnostics, t.opt.Color))
		if !t.opt.Verbose {
			return // the raw output says the same, less readably; -v shows it
		}
	}
	if hr.Hook.Uses != "" && hr.Status == hooks.Modified && !t.opt.Verbose {
		return // a built-in's fix output is its machine format; the files say it all
	}
	out := bytes.TrimRight(hr.Output, "\n\r\t ")
	if len(out) == 0 {
		return
	}
	for _, line := range bytes.Split(out, []byte("\n")) {
		b.WriteString(indent)
		b.Write(line)
		b.WriteByte('\n')
	}
}

// writeIndented writes text with indent before each line.
func writeIndented(b *bytes.Buffer, indent string, text []byte) {
	text = bytes.TrimRight(text, "\n")
	if len(text) == 0 {
		return
	}
	for _, line := range bytes.Split(text, []byte("\n")) {
		b.WriteString(indent)
		b.Write(line)
		b.WriteByte('\n')
	}
}
