package report

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// The plain report's progress: without it a CI log shows a hook only when it ends, and a
// ten-minute lint is ten minutes of silence (CircleCI ends a step after ten). Text prints
// a start line for each hook that runs, in config order like its blocks ("start pylint
// (120 files)", then later "ok    pylint (120 files)"), and, when it has printed nothing
// for TextOptions.Heartbeat while jobs run, which hooks are still running and for how
// long. Both depend on timing only as far as they must: the start lines come in the same
// order every run, and a heartbeat appears only when the report has been silent for a
// whole interval.

var _ Starter = (*Text)(nil)

// maxBeatHooks is how many running hooks a heartbeat names; it counts the rest.
const maxBeatHooks = 4

// heartbeat is the goroutine that prints the hooks still running. It starts with the
// first job and ends with Flush.
type heartbeat struct {
	quit    chan struct{} // closed to stop; nil until started
	stopped bool
	wg      sync.WaitGroup
}

// Started records that a job began (wire it to the scheduler's OnStart); the first job
// of a hook prints its start line once every hook before it is printed.
func (t *Text) Started(j hooks.Job) {
	t.mu.Lock()
	defer t.mu.Unlock()
	i, ok := t.fold.Index(j.Hook)
	if !ok {
		return
	}
	t.running[i]++
	if t.started[i].IsZero() {
		t.started[i] = time.Now()
	}
	t.startBeatLocked()
	t.flushLocked()
}

// writeStart writes hook i's start line: its name and how many files it checks.
func (t *Text) writeStart(b *bytes.Buffer, i int) {
	if t.opt.Quiet {
		return
	}
	hr := t.fold.Report(i)
	if t.opt.Color {
		b.WriteString(ansiDim + "▸" + ansiReset + " ")
	} else {
		b.WriteString("start ")
	}
	b.WriteString(hr.label())
	if d := filesDetail(len(hr.Files)); len(d) > 0 {
		b.WriteString(" (" + d[0] + ")")
	}
	b.WriteByte('\n')
}

func (t *Text) startBeatLocked() {
	if t.beat.quit != nil || t.beat.stopped {
		return
	}
	quit := make(chan struct{})
	t.beat.quit = quit
	t.beat.wg.Go(func() {
		timer := time.NewTimer(t.opt.Heartbeat)
		defer timer.Stop()
		for {
			select {
			case <-quit:
				return
			case <-timer.C:
				timer.Reset(t.beatOnce())
			}
		}
	})
}

// stopBeat stops the heartbeat for good and waits for its goroutine to end.
func (t *Text) stopBeat() {
	t.mu.Lock()
	if !t.beat.stopped {
		t.beat.stopped = true
		if t.beat.quit != nil {
			close(t.beat.quit)
		}
	}
	t.mu.Unlock()
	t.beat.wg.Wait()
}

// beatOnce prints the hooks still running, in config order, if the report has been
// silent for a whole Heartbeat; it returns how long to wait before looking again.
func (t *Text) beatOnce() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := time.Now()
	if wait := t.opt.Heartbeat - now.Sub(t.lastWrite); wait > 0 {
		return wait
	}
	var names []string
	for i, n := range t.running {
		if n > 0 {
			hr := t.fold.Report(i)
			names = append(names, hr.label()+" "+elapsed(now.Sub(t.started[i])))
		}
	}
	if len(names) == 0 {
		return t.opt.Heartbeat
	}
	if len(names) > maxBeatHooks {
		names = append(names[:maxBeatHooks], fmt.Sprintf("and %d more", len(names)-maxBeatHooks))
	}
	t.writeLocked([]byte("still running: " + strings.Join(names, ", ") + "\n"))
	return t.opt.Heartbeat
}

// elapsed shows how long a hook has run: whole seconds ("1m30s"), finer below one.
func elapsed(d time.Duration) string {
	if d >= time.Second {
		return d.Round(time.Second).String()
	}
	return d.Round(durationRounding).String()
}
