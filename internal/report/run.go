package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
)

// Sink receives a run's results as jobs finish and prints them. Text and Live implement
// it; cmd/hookrun picks one. Finished may be called from many goroutines.
type Sink interface {
	Finished(r hooks.Result)
	Flush()
	// Results returns every hook's report, in config order (see Fold).
	Results() []HookReport
}

// Starter is implemented by sinks that show jobs while they run (Live); wire it to the
// scheduler's OnStart.
type Starter interface {
	Started(j hooks.Job)
}

var (
	_ Sink    = (*Text)(nil)
	_ Sink    = (*Live)(nil)
	_ Starter = (*Live)(nil)
)

// Run is everything the machine-readable reports say about one run. cmd/hookrun fills it
// after the run from the sink's Results; renderers only read it.
// Renderers print no clock time: the same Run always renders to the same bytes.
type Run struct {
	Tool     string        // "hookrun"
	Version  string        // hookrun's version
	Mode     string        // "fix" or "check"
	Stage    string        // the stage that ran: pre-commit, manual, ...
	Root     string        // absolute repository root; SARIF's %SRCROOT% (may be empty)
	Hooks    []HookReport  // config order
	Duration time.Duration // wall time of the whole run
	// Failures say why the run failed beside its hooks' own statuses (files changed
	// outside the hooks' lists, a restore conflict, a missing tool), one message each;
	// nil when it did not. Every report shows each as a failing entry.
	Failures []string
}

// HookReport is one hook's outcome with every batch folded in (by Fold).
type HookReport struct {
	ID   string
	Name string // display name; ID when the config gives none
	// Config is where the hook is defined; File is repository-relative. Reports that
	// need a file for every finding point a failure without diagnostics here.
	Config      config.Pos
	Status      hooks.Status
	Skip        string   // why a Skipped or NoFiles hook did not run
	Files       []string // the files the hook was given: repository-relative, sorted
	ExitCode    int      // the first non-zero exit code in batch order
	Duration    time.Duration
	Output      []byte // raw output, batches concatenated in batch order
	Diagnostics []hooks.Diagnostic
	Modified    []string // files the hook changed: sorted, unique
	// Diff is the unified diff of the hook's changes (Diff's output, one file after
	// another); cmd/hookrun fills it for --show-diff. May be empty.
	Diff        []byte
	Err         string // could not start, timed out, or was killed
	ToolVersion string
	// Started is when the hook's first job started; zero when none ran. No report
	// prints it (reports print no clock time).
	Started time.Time
	// Commands are what ran, one per job in batch order (the text views show them with -v).
	Commands []string
	// Uses names the built-in tool that ran the hook (its raw output is then a machine
	// format); empty for commands.
	Uses string
	// Verbose hooks show their output in the text views even when they pass.
	Verbose bool
	// Cached says every job of the hook came from the result cache: none ran.
	Cached bool
	// Old counts the findings a --new-only run left out, on lines the change did not
	// touch (hooks.Result.Old); Diagnostics holds only the new ones.
	Old int
	// Remote says some of those jobs came from the shared cache (another machine's pass).
	Remote bool
}

// name returns the display name, falling back to the ID.
func (h *HookReport) name() string {
	if h.Name != "" {
		return h.Name
	}
	return h.ID
}

// label is the display name as the views print it: one line, control characters spelt
// out (a hook's name: can hold anything).
func (h *HookReport) label() string { return visibleLine(h.name()) }

// failed reports whether the hook makes the run fail.
func (h *HookReport) failed() bool { return h.Status >= hooks.Modified }

// needsFailureEntry reports a hook that fails the run with nothing of its own that
// says so in a report: it could not start, crashed, timed out or was cancelled, or it
// failed or changed files without an error-severity finding or a changed file to point
// at (a plain command's non-zero exit, a tool failing on warnings). Every report then
// adds an entry of its own for the hook (failureSummary), so that no report of a
// failing run reads as a pass.
func needsFailureEntry(h *HookReport) bool {
	switch {
	case h.Err != "" || h.Status == hooks.Cancelled:
		return true
	case !h.failed():
		return false
	}
	return len(h.Modified) == 0 && !slices.ContainsFunc(h.Diagnostics, func(d hooks.Diagnostic) bool {
		return d.Severity == hooks.SevError
	})
}

// runFailure is the text of one of the run's own failures (Run.Failures).
func runFailure(msg string) string { return "the run failed: " + msg }

// configFile is the config file a run's own failures point at: the first hook's, as
// no single hook is to blame.
func (r *Run) configFile() string {
	if len(r.Hooks) > 0 {
		return r.Hooks[0].configFile()
	}
	return "hookrun.yaml"
}

// expanded reports whether the text views show the hook's body unasked: it failed, or
// it passed with findings (warnings the tool does not fail on) that would otherwise
// never be seen.
func (h *HookReport) expanded() bool { return h.failed() || len(h.Diagnostics) > 0 }

// configFile returns the repository-relative file that defines the hook.
func (h *HookReport) configFile() string {
	if h.Config.File != "" {
		return h.Config.File
	}
	return "hookrun.yaml"
}

// writers maps each format name to its renderer.
var writers = map[string]func(io.Writer, *Run) error{
	"checkstyle": writeCheckstyle,
	"github":     writeGitHub,
	"gitlab":     writeGitLab,
	"json":       writeJSON,
	"junit":      writeJUnit,
	"sarif":      writeSARIF,
	"text":       writeText,
}

// Formats lists the names Write accepts, sorted.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for name := range writers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// UnknownFormatError is Write's error for a format it does not know.
type UnknownFormatError struct{ Format string }

func (e *UnknownFormatError) Error() string {
	return fmt.Sprintf("unknown report format %q (want one of: %s)", e.Format, strings.Join(Formats(), ", "))
}

// Write renders r in format (one of Formats) to w. The output is a function of r alone.
func Write(format string, w io.Writer, r Run) error {
	write, ok := writers[format]
	if !ok {
		return &UnknownFormatError{Format: format}
	}
	if err := write(w, &r); err != nil {
		return fmt.Errorf("write %s report: %w", format, err)
	}
	return nil
}

// sortedDiagnostics returns a sorted copy of ds: by path, position, rule, message, tool.
func sortedDiagnostics(ds []hooks.Diagnostic) []hooks.Diagnostic {
	ds = slices.Clone(ds)
	slices.SortStableFunc(ds, compareDiagnostics)
	return ds
}

func compareDiagnostics(a, b hooks.Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Col, b.Col),
		cmp.Compare(a.EndLine, b.EndLine),
		cmp.Compare(a.EndCol, b.EndCol),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(a.Tool, b.Tool),
		cmp.Compare(a.Severity, b.Severity),
	)
}

// toolOf names the tool behind a diagnostic: its own Tool, else the hook's ID.
func toolOf(d *hooks.Diagnostic, h *HookReport) string {
	if d.Tool != "" {
		return d.Tool
	}
	return h.ID
}

// diagMessage is a diagnostic's message, or when it has none its rule, or else a note
// that the tool reported something: reports need a non-empty text.
// A finding outside the files the hook was given says so (see outside).
func diagMessage(d *hooks.Diagnostic, h *HookReport) string {
	msg := toolOf(d, h) + " reported a problem"
	switch {
	case strings.TrimSpace(d.Message) != "":
		msg = d.Message
	case d.Rule != "":
		msg = d.Rule
	}
	if outside(d, h.Files) {
		msg += " (" + outsideNote + ")"
	}
	return msg
}

// span returns a diagnostic's end (inclusive; 0 when unknown), dropping an end that
// comes before the start. A known end column without an end line ends on the start line.
func span(d *hooks.Diagnostic) (endLine, endCol int) {
	if d.Line <= 0 {
		return 0, 0
	}
	if d.EndLine >= d.Line {
		endLine = d.EndLine
	}
	if d.EndCol > 0 && (endLine > d.Line || d.EndCol >= d.Col) {
		endLine, endCol = max(endLine, d.Line), d.EndCol
	}
	return endLine, endCol
}

// statusNames are the stable, machine-readable status names every report uses.
var statusNames = map[hooks.Status]string{
	hooks.Passed:    "passed",
	hooks.Skipped:   "skipped",
	hooks.NoFiles:   "no_files",
	hooks.Modified:  "modified",
	hooks.Failed:    "failed",
	hooks.Cancelled: "cancelled",
}

// severityNames are the stable severity names of the JSON report.
var severityNames = map[hooks.Severity]string{
	hooks.SevError:   "error",
	hooks.SevWarning: "warning",
	hooks.SevInfo:    "info",
}

// seconds formats d as seconds with millisecond precision ("2.000").
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// Messages collects what a run warned of (the engine's Warn may be called from many
// goroutines), to become the run's own failures when it fails.
type Messages struct {
	mu   sync.Mutex
	list []string
}

// Add records one message.
func (m *Messages) Add(msg string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.list = append(m.list, msg)
}

// Failures returns Run.Failures for a run that ended with exit code code: nil when it
// passed; else the messages recorded, or, when there are none and no hook failed
// either, a note of the exit code, so that the reports still fail.
func (m *Messages) Failures(code int, hrs []HookReport) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case code == 0:
		return nil
	case len(m.list) > 0:
		return slices.Clone(m.list)
	case Summarize(hrs).Failed > 0:
		return nil
	}
	return []string{fmt.Sprintf("exit code %d with no hook failing (see hookrun's messages)", code)}
}
