package main

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/hookrun/hookrun/config"
	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/engine"
	"github.com/hookrun/hookrun/internal/gitrepo"
	"github.com/hookrun/hookrun/internal/report"
	"github.com/hookrun/hookrun/runners"
)

// runSelected runs the selected hooks through the engine between hiding and restoring
// (stash: the hidden unstaged work, put back whatever happens), and reports.
func runSelected(ctx context.Context, repo *gitrepo.Repo, cfg *config.File, req runRequest, sel []hooks.Selection, tools *runners.Tools, stash *gitrepo.Stash, s stdio) int {
	start := time.Now()
	m := mode(req.flags, s.env)
	env := append(engine.BaseEnv(s.env.environ, m, !report.IsTerminal(s.err), repo.GitDir), req.vars...)
	if req.precommit {
		// pre-commit's hooks see PRE_COMMIT=1, and some rely on it; a hookrun started by
		// one (the shipped hookrun hook) then runs as it does inside pre-commit: its own
		// config, no second hiding of unstaged changes.
		env = append(env, "PRE_COMMIT=1")
	}
	errs := s // messages while the live view draws wait until it is done
	var held bytes.Buffer
	var warned report.Messages // the run's own failures in the reports, when it fails
	var warnMu sync.Mutex
	opt := engine.Options{
		Repo: repo, Tools: tools, Mode: m, Stage: req.stage, PreCommit: req.precommit,
		Preview: showDiff(req.flags, m, s.env), Jobs: jobsLimit(req.flags, cfg),
		FailFast: req.flags.failFast || cfg.FailFast, Env: env, Shard: req.flags.part, Cache: !req.flags.noCache, RemoteCache: cfg.Cache,
		NewOnly: req.flags.newOnly, Change: req.scope,
		OutputDir: outputDir(repo), PidsDir: pidsDir(repo), Phase: req.trace.Phase, ContentIDs: req.contentIDs,
		Warn: func(format string, args ...any) {
			warnMu.Lock() // jobs warn from their goroutines (log_file)
			defer warnMu.Unlock()
			errs.errorf(format, args...)
			warned.Add(fmt.Sprintf(format, args...))
		},
	}
	eng := engine.New(opt)
	jobs, batches := eng.Jobs(sel)
	sink, stop := newSink(s, req.flags, m, sel, batches)
	if _, live := sink.(*report.Live); live {
		// The live view redraws its lines in place: anything printed meanwhile would be
		// drawn over, so messages wait until the view is done.
		errs.err = &held
	}
	var started func(hooks.Job)
	if st, ok := sink.(report.Starter); ok {
		started = st.Started
	}
	eng.Observe(req.trace.Wrap(started, sink.Finished))
	_, verdict := eng.Run(ctx, jobs, stash)
	if !eng.Interrupted() {
		ctx = context.WithoutCancel(ctx) // a Ctrl-C after the hooks let the run end as planned
	}
	code := exitCode(verdict)
	stop()
	sink.Flush()
	_, _ = s.err.Write(held.Bytes()) // a closed terminal is not worth failing over
	if err := req.trace.Write(); err != nil {
		s.errorf("%v", err)
		code = max(code, exitEnvironment)
	}
	_, live := sink.(*report.Live) // the live view ends with a summary of its own
	reps := sink.Results()
	code = max(code, summarize(ctx, reps, !live, code, s))
	return max(code, writeReports(req.flags, runReport(repo.Root, req, m, reps, warned.Failures(code, reps), time.Since(start)), s))
}

// exitCode is the exit code of an engine verdict.
func exitCode(v engine.Verdict) int {
	return [...]int{engine.OK: exitOK, engine.Failed: exitFailed, engine.Usage: exitUsage, engine.Environment: exitEnvironment}[v]
}

// summarize turns the results into an exit code, printing the closing line if asked;
// runCode is what the run decided beside the hooks' results (a restore conflict, files
// changed outside the hooks' lists), which the line mentions when no hook failed.
func summarize(ctx context.Context, reps []report.HookReport, line bool, runCode int, s stdio) int {
	sum := report.Summarize(reps)
	code := exitOK
	switch {
	case ctx.Err() != nil:
		s.errorf("interrupted")
		code = exitInterrupted
	case sum.Failed > 0:
		code = exitFailed
	}
	if line && sum.Hooks > 0 && code != exitInterrupted {
		msg := sum.String()
		if runCode != exitOK && code == exitOK {
			msg += "; the run failed all the same (see above)"
		}
		s.errorf("%s", msg)
	}
	return code
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
