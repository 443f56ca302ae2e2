// Package report renders a run for people and machines. It is the only place, besides
// cmd/hookrun, that prints.
package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// TextOptions shape the human-readable report.
type TextOptions struct {
	Color   bool // ANSI colours and symbols
	Verbose bool // output of passing hooks, and timings
	Quiet   bool // only failures (and heartbeats: a CI step must not fall silent)
	// Check says the run is in check mode, where a hook that changed files fixed nothing:
	// its changes were put back. Its line says WROTE, not FIXED.
	Check bool
	// Heartbeat is the longest the report stays silent while hooks run: then it prints
	// which are still running (see Started). 0 means a minute.
	Heartbeat time.Duration
}

// Text prints one block per hook, in config order, as soon as that hook and every hook
// before it have finished. Wired to the scheduler's OnStart (Started), it also prints a
// line as each hook starts, in config order, and a heartbeat while hooks run (see
// progress.go). Started and Finished may be called from many goroutines.
type Text struct {
	w    io.Writer
	opt  TextOptions
	mu   sync.Mutex
	fold *Fold
	next int // first hook not yet printed

	running   []int       // jobs running, per hook
	started   []time.Time // when each hook's first job started; zero: not started
	announced bool        // hook next has its start line printed
	lastWrite time.Time   // when the report last printed anything
	beat      heartbeat
}

// NewText starts a report for the selected hooks; batches[i] is how many jobs hook i runs.
func NewText(w io.Writer, opt TextOptions, sel []hooks.Selection, batches []int) *Text {
	if opt.Heartbeat <= 0 {
		opt.Heartbeat = time.Minute
	}
	t := &Text{
		w: w, opt: opt, fold: NewFold(sel, batches),
		running: make([]int, len(sel)), started: make([]time.Time, len(sel)), lastWrite: time.Now(),
	}
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
	if i, ok := t.fold.Index(r.Job.Hook); ok && !r.Started.IsZero() && t.running[i] > 0 {
		t.running[i]--
	}
	t.flushLocked()
}

// Results returns every hook's report in config order.
func (t *Text) Results() []HookReport {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fold.Reports()
}

// Flush stops the heartbeat and prints every hook not printed yet (those cancelled
// before they ran).
func (t *Text) Flush() {
	t.stopBeat()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fold.Close()
	t.flushLocked()
}

// flushLocked prints, in config order, the start line of the first hook not yet printed
// once it has started, and its block once it has finished; then the same for the next.
// Printing start lines in config order too keeps plain output the same from run to run
// whatever the timing: each hook that ran reads "start", then its result.
func (t *Text) flushLocked() {
	var b bytes.Buffer
	for ; t.next < t.fold.Len(); t.next, t.announced = t.next+1, false {
		if !t.announced && !t.started[t.next].IsZero() {
			t.writeStart(&b, t.next)
			t.announced = true
		}
		if !t.fold.Done(t.next) {
			break
		}
		hr := t.fold.Report(t.next)
		writeHookText(&b, t.opt, &hr)
	}
	t.writeLocked(b.Bytes())
}

// writeLocked prints p, if any, and notes the time for the heartbeat.
func (t *Text) writeLocked(p []byte) {
	if len(p) == 0 {
		return
	}
	t.lastWrite = time.Now()
	_, _ = t.w.Write(p) // a closed terminal is not worth failing the run over
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
	if s == hooks.Modified && opt.Check && !opt.Color {
		return "WROTE "
	}
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
	if hr.Cached {
		parts = append(parts, cachedWord(hr.Remote))
	}
	if hr.Old > 0 {
		parts = append(parts, OldFindings(hr.Old))
	}
	if opt.Verbose || opt.Color {
		parts = append(parts, hr.Duration.Round(durationRounding).String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// OldFindings is the summary of the findings a --new-only run did not fail on.
func OldFindings(n int) string {
	if n == 1 {
		return "1 finding on lines this change did not touch"
	}
	return fmt.Sprintf("%d findings on lines this change did not touch", n)
}

// cachedWord says where a cached hook's pass came from.
func cachedWord(remote bool) string {
	if remote {
		return "cached remotely"
	}
	return "cached"
}
