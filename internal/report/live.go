package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hookrun/hookrun/hooks"
)

// durationRounding is how finished hooks' times are shown, as in the text report.
const durationRounding = 10 * time.Millisecond

// LiveOptions shape the live terminal view.
type LiveOptions struct {
	Color   bool // ANSI colours; the view moves the cursor either way
	Verbose bool // after the run, also show the output of hooks that passed
	Quiet   bool // progress lines vanish at the end; only failures and the summary stay
	Width   int  // terminal columns: longer lines are cut (0: no limit)
	Height  int  // terminal rows: the redrawn part keeps to Height-1 lines (0: no limit)
	// Interval is the redraw period; 0 means 100ms.
	Interval time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// NewTicker returns a channel that ticks every d and a function that stops it; nil
	// means time.NewTicker. Tests pass a channel they feed themselves.
	NewTicker func(d time.Duration) (<-chan time.Time, func())
}

// Live is the terminal view: one line per hook (a spinner, the file count and the time
// so far while it runs; ✓ or ✗ and its time once it is done), redrawn in place by one
// goroutine that Start starts and Stop stops. Lines that can no longer change (finished
// hooks above the first unfinished one) are printed once and left alone. Flush ends the
// view: the last frame, each failure expanded in config order, and a summary line.
// Started and Finished may be called from many goroutines.
type Live struct {
	w   io.Writer
	opt LiveOptions
	sel []hooks.Selection

	mu      sync.Mutex
	fold    *Fold
	running []int       // jobs running, per hook
	started []time.Time // when each hook's first job started
	begin   time.Time
	frame   int  // spinner frame
	kept    int  // hooks before this index are printed for good
	drawn   int  // lines of the redrawn part now on screen
	flushed bool // Flush has run

	stop    chan struct{}
	stopped bool
	wg      sync.WaitGroup
}

// NewLive makes a live view of the selected hooks; batches[i] is how many jobs hook i
// runs. Nothing is drawn until Start (or Flush).
func NewLive(w io.Writer, opt LiveOptions, sel []hooks.Selection, batches []int) *Live {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Interval <= 0 {
		opt.Interval = 100 * time.Millisecond
	}
	if opt.NewTicker == nil {
		opt.NewTicker = func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
	return &Live{
		w: w, opt: opt, sel: sel, fold: NewFold(sel, batches),
		running: make([]int, len(sel)), started: make([]time.Time, len(sel)), begin: opt.Now(),
	}
}

// Start draws the first frame and starts redrawing every Interval until Stop or Flush.
// Calling it again does nothing.
func (l *Live) Start() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stop != nil || l.flushed {
		return
	}
	l.stop = make(chan struct{})
	l.drawLocked()
	tick, stopTick := l.opt.NewTicker(l.opt.Interval)
	stop := l.stop
	l.wg.Go(func() {
		defer stopTick()
		for {
			select {
			case <-stop:
				return
			case <-tick:
				l.mu.Lock()
				l.frame++
				l.drawLocked()
				l.mu.Unlock()
			}
		}
	})
}

// Stop stops redrawing and waits for the redrawing goroutine to end. It is safe to call
// more than once, and without Start.
func (l *Live) Stop() {
	l.mu.Lock()
	if l.stop != nil && !l.stopped {
		close(l.stop)
		l.stopped = true
	}
	l.mu.Unlock()
	l.wg.Wait()
}

// Started records that a job began; wire it to the scheduler's OnStart.
func (l *Live) Started(j hooks.Job) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, ok := l.fold.Index(j.Hook)
	if !ok {
		return
	}
	l.running[i]++
	if l.started[i].IsZero() {
		l.started[i] = l.opt.Now()
	}
}

// Finished records a job's result; the caller has already applied policy to its Status.
// Jobs that never ran (a zero Started time) may be reported without Started.
func (l *Live) Finished(r hooks.Result) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, ok := l.fold.Index(r.Job.Hook)
	if !ok {
		return
	}
	l.fold.Add(r)
	if !r.Started.IsZero() && l.running[i] > 0 {
		l.running[i]--
	}
}

// Flush stops redrawing and prints the end of the run: every hook's final line (hooks
// that never finished are marked cancelled), the failures expanded in config order,
// and the summary line. Calls after the first do nothing.
func (l *Live) Flush() {
	l.Stop()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.flushed {
		return
	}
	l.flushed = true
	l.fold.Close()
	l.drawLocked()
	var b bytes.Buffer
	reps := l.fold.Reports()
	l.writeFailures(&b, reps)
	b.WriteString(l.summary(reps, l.opt.Now().Sub(l.begin)))
	b.WriteByte('\n')
	_, _ = l.w.Write(b.Bytes()) // a closed terminal is not worth failing the run over
}

// Note prints msg (one or more lines) above the redrawn lines, at once. Anything else
// written to the terminal while the view runs would be drawn over; messages that come
// during a run go through here.
func (l *Live) Note(msg string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	if l.drawn > 0 {
		fmt.Fprintf(&b, "\033[%dA", l.drawn)
	}
	b.WriteString("\r\033[J" + Visible(strings.TrimRight(msg, "\n")) + "\n")
	_, _ = l.w.Write(b.Bytes())
	l.drawn = 0
	if l.stop != nil && !l.flushed {
		l.drawLocked()
	}
}

// Results returns every hook's report in config order, as Text.Results does.
func (l *Live) Results() []HookReport {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fold.Reports()
}

// done reports whether hook i will not change any more.
func (l *Live) done(i int) bool { return l.fold.Done(i) }

// drawLocked redraws the live part: back to its top, then the lines that are now final
// (printed for good), then the lines still changing, then clear what is left below.
func (l *Live) drawLocked() {
	var b bytes.Buffer
	if l.drawn > 0 {
		fmt.Fprintf(&b, "\033[%dA", l.drawn)
	}
	now := l.opt.Now()
	if !l.opt.Quiet {
		for ; l.kept < len(l.sel) && l.done(l.kept); l.kept++ {
			b.WriteString("\r\033[2K" + l.line(l.kept, now) + "\n")
		}
	}
	lines := l.liveLines(now)
	for _, s := range lines {
		b.WriteString("\r\033[2K" + s + "\n")
	}
	b.WriteString("\033[J")
	l.drawn = len(lines)
	_, _ = l.w.Write(b.Bytes())
}

// liveLines are the lines redrawn each frame: every hook after the kept ones (only the
// running ones when Quiet), cut to the terminal's height.
func (l *Live) liveLines(now time.Time) []string {
	var lines []string
	for i := l.kept; i < len(l.sel); i++ {
		if l.opt.Quiet && (l.done(i) || l.running[i] == 0) {
			continue
		}
		lines = append(lines, l.line(i, now))
	}
	if room := max(l.opt.Height-1, 1); l.opt.Height > 0 && len(lines) > room {
		keep := room - 1 // and one line to say how many more
		lines = append(lines[:keep], l.fit(fmt.Sprintf("  … and %d more", len(lines)-keep)))
	}
	return lines
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// liveMarks are the symbols and colours of finished hooks.
var liveMarks = map[hooks.Status][2]string{
	hooks.Passed: {"✓", ansiGreen}, hooks.Skipped: {"-", ansiYellow}, hooks.NoFiles: {"-", ansiDim},
	hooks.Modified: {"✎", ansiYellow}, hooks.Failed: {"✗", ansiRed}, hooks.Cancelled: {"■", ansiRed},
}

// line renders hook i: "⠹ lint (3 files, 1.2s)" running, "· lint (3 files)" waiting,
// "✓ lint (3 files, 1.23s)" done.
func (l *Live) line(i int, now time.Time) string {
	rep := l.fold.Report(i)
	var sym, color string
	detail := filesDetail(len(rep.Files))
	switch {
	case l.done(i):
		m := liveMarks[rep.Status]
		sym, color = m[0], m[1]
		if rep.Status == hooks.Passed && len(rep.Modified) > 0 {
			detail = append(detail, "fixed") // a stage_fixed hook: its fixes are staged
		}
		if rep.Cached {
			detail = append(detail, cachedWord(rep.Remote))
		}
		if rep.Old > 0 {
			detail = append(detail, OldFindings(rep.Old))
		}
		detail = append(detail, rep.Duration.Round(durationRounding).String())
		if rep.Skip != "" {
			detail = []string{visibleLine(rep.Skip)}
		}
	case l.running[i] > 0:
		sym, color = spinner[l.frame%len(spinner)], ansiCyan
		detail = append(detail, fmt.Sprintf("%.1fs", now.Sub(l.started[i]).Seconds()))
	default:
		sym, color = "·", ansiDim
	}
	text := rep.label()
	if len(detail) > 0 {
		text += " (" + strings.Join(detail, ", ") + ")"
	}
	return l.paint(color, sym) + " " + l.fit(text)
}

func filesDetail(n int) []string {
	switch {
	case n == 1:
		return []string{"1 file"}
	case n > 1:
		return []string{fmt.Sprintf("%d files", n)}
	}
	return nil
}

func (l *Live) paint(color, s string) string {
	if !l.opt.Color || color == "" {
		return s
	}
	return color + s + ansiReset
}

// fit cuts s so that a line of a symbol, a space and s stays within the width: a line
// that wraps would throw off the count of lines to move back over. Every rune counts
// as one column.
func (l *Live) fit(s string) string {
	room := l.opt.Width - 3 // the symbol, the space, and the last column left free
	if l.opt.Width <= 0 || utf8.RuneCountInString(s) <= room {
		return s
	}
	if room <= 1 {
		return ""
	}
	r := []rune(s)
	return string(r[:room-1]) + "…"
}

// writeFailures expands, in config order, each hook that failed or found something
// (and with Verbose each that printed something): its error or exit code, the files it changed, its
// diagnostics, and its raw output (when it has no diagnostics, or with Verbose).
func (l *Live) writeFailures(b *bytes.Buffer, reps []HookReport) {
	first := true
	for i := range reps {
		rep := &reps[i]
		if !rep.expanded() && (!l.opt.Verbose || len(rep.Output) == 0) {
			continue
		}
		if first {
			b.WriteByte('\n')
			first = false
		}
		m := liveMarks[rep.Status]
		b.WriteString(l.paint(m[1], m[0]) + " " + l.paint(ansiBold, rep.label()) + "\n")
		b.Write(indent(hookBody(rep, l.opt.Color, l.opt.Verbose)))
	}
	if !first {
		b.WriteByte('\n')
	}
}

// hookBody is what the terminal views (Text and Live) show under a hook's line: with
// verbose the commands that ran; its error or exit code; the files it changed; its
// diagnostics; its raw output (unless diagnostics say it better, or it is a built-in's
// machine-format fix output, both shown with verbose); and the diff of its fixes.
func hookBody(rep *HookReport, color, verbose bool) []byte {
	var b bytes.Buffer
	if verbose {
		for _, c := range rep.Commands {
			fmt.Fprintf(&b, "$ %s\n", Visible(c))
		}
	}
	switch {
	case rep.Err != "":
		fmt.Fprintf(&b, "error: %s\n", Visible(rep.Err))
	case rep.ExitCode != 0:
		fmt.Fprintf(&b, "exit code %d\n", rep.ExitCode)
	}
	if len(rep.Modified) > 0 {
		fmt.Fprintf(&b, "files modified by this hook: %s\n", visibleLine(strings.Join(rep.Modified, ", ")))
	}
	b.Write(formatDiagnostics(rep.Diagnostics, rep.Files, color))
	rawFix := rep.Uses != "" && rep.Status == hooks.Modified
	if verbose || len(rep.Diagnostics) == 0 && !rawFix {
		if out := plainText(rep.Output); out != "" {
			b.WriteString(out + "\n")
		}
	}
	if diff := Visible(string(bytes.TrimRight(rep.Diff, "\n"))); diff != "" {
		b.WriteString(diff + "\n")
	}
	return b.Bytes()
}

// indent puts four spaces before each line of text.
func indent(text []byte) []byte {
	var b bytes.Buffer
	for _, line := range bytes.SplitAfter(text, []byte("\n")) {
		if len(line) > 0 {
			b.WriteString("    ")
			b.Write(line)
		}
	}
	return b.Bytes()
}

// summary is the closing line: a mark, the hooks counted by status (as the plain
// summary counts them) and the total time, then the time of each hook that ran, in
// config order, on a line of its own when both would not fit in the width.
func (l *Live) summary(reps []HookReport, total time.Duration) string {
	sum := Summarize(reps)
	mark, color := "✓", ansiGreen
	if sum.Failed > 0 {
		mark, color = "✗", ansiRed
	}
	text := sum.String() + " in " + total.Round(durationRounding).String()
	var times []string
	for i := range reps {
		if rep := &reps[i]; !rep.Started.IsZero() {
			times = append(times, rep.label()+" "+rep.Duration.Round(durationRounding).String())
		}
	}
	if len(times) > 0 {
		each := "(" + strings.Join(times, ", ") + ")"
		sep := " "
		if l.opt.Width > 0 && utf8.RuneCountInString(mark+" "+text+" "+each) >= l.opt.Width {
			sep = "\n  "
		}
		text += sep + each
	}
	return l.paint(color, mark) + " " + text
}
