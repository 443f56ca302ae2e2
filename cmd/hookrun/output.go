package main

import (
	"time"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/report"
	"github.com/hookrun/hookrun/internal/version"
)

// newSink picks the human report: the live view on a terminal, plain lines elsewhere
// (CI, pipes), stable and free of control codes. stop ends the live view's redrawing.
func newSink(s stdio, f runFlags, m hooks.Mode, sel []hooks.Selection, batches []int) (sink report.Sink, stop func()) {
	mode, _ := report.ParseColorMode(f.color) // validated with the flags
	tty := report.IsTerminal(s.err)
	color := mode.Enabled(tty, s.env.getenv)
	if !tty || f.verbose {
		return report.NewText(s.err, report.TextOptions{Color: color, Verbose: f.verbose, Quiet: f.quiet, Check: m == hooks.Check}, sel, batches), func() {}
	}
	live := report.NewLive(s.err, report.LiveOptions{Color: color, Quiet: f.quiet}, sel, batches)
	live.Start()
	return live, live.Stop
}

// writeReports renders the run in every requested format (report.Dests).
func writeReports(f runFlags, run report.Run, s stdio) int {
	code := exitOK
	for _, err := range report.WriteAll(run, report.Dests(f.formats, f.outputs, s.env.github), s.out) {
		s.errorf("%v", err)
		code = exitEnvironment
	}
	return code
}

// runReport is the run as the machine reports see it; hrs are the sink's Results.
func runReport(root string, req runRequest, m hooks.Mode, hrs []report.HookReport, failures []string, took time.Duration) report.Run {
	for i := range hrs {
		hrs[i].Config.File = displayName(hrs[i].Config.File, root)
	}
	return report.Run{
		Tool: "hookrun", Version: version.Version(), Mode: m.String(), Stage: string(req.stage),
		Root: root, Hooks: hrs, Duration: took, Failures: failures,
	}
}

// showDiff says whether check mode runs fixers to show what they would change: asked
// for, or by default in CI.
func showDiff(f runFlags, m hooks.Mode, env *environment) bool {
	return m == hooks.Check && !f.noShowDiff && (f.showDiff || env.ci)
}
