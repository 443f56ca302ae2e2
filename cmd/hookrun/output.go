package main

import (
	"bytes"
	"os"
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

// reportFormats are the machine reports to write, each with its destination ("" is
// stdout): the --format/--output pairs, plus github annotations on stdout inside GitHub
// Actions. Those come with any report written to a file (the README's workflow writes
// SARIF and still wants annotations), but not when github is asked for explicitly, nor
// when another report goes to stdout, which annotations mixed in would corrupt.
func reportFormats(f runFlags, env *environment) [][2]string {
	var out [][2]string
	auto := env.github
	for i, name := range f.formats {
		dest := ""
		if i < len(f.outputs) {
			dest = f.outputs[i]
		}
		out = append(out, [2]string{name, dest})
		if name == "github" || dest == "" {
			auto = false
		}
	}
	if auto {
		out = append(out, [2]string{"github", ""})
	}
	return out
}

// writeReports renders the run in every requested format.
func writeReports(f runFlags, run report.Run, s stdio) int {
	code := exitOK
	for _, fd := range reportFormats(f, s.env) {
		var buf bytes.Buffer
		if err := report.Write(fd[0], &buf, run); err != nil {
			s.errorf("write %s report: %v", fd[0], err)
			code = exitEnvironment
			continue
		}
		var err error
		if fd[1] == "" {
			_, err = s.out.Write(buf.Bytes())
		} else {
			err = os.WriteFile(fd[1], buf.Bytes(), 0o644)
		}
		if err != nil {
			s.errorf("write %s report: %v", fd[0], err)
			code = exitEnvironment
		}
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
