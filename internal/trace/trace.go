// Package trace records where a run's time goes as Chrome trace-event JSON, the format
// Perfetto (ui.perfetto.dev) and chrome://tracing open: a track per parallel slot with
// a slice per job (its hook, file count, batch and status), and hookrun's own phases
// (listing files, hiding unstaged changes, locating tools, running hooks, restoring) on
// track 0. A Recorder is an observer: the engine's OnStart, OnFinish and Phase feed it,
// and it touches nothing until Write.
package trace

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// pid is the one process a trace shows: hookrun.
const pid = 1

// sideTid is the first track of a phase that runs beside another (hiding unstaged
// changes while listing files): slices on one track must nest, and those two need not.
const sideTid = 1000

// Event is one trace event, as the trace-event format defines it: a complete slice
// ("X", with Dur) or metadata ("M": a track's or the process's name).
type Event struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat,omitempty"`
	Ph   string         `json:"ph"`
	Ts   float64        `json:"ts"`            // microseconds since the recording began
	Dur  *float64       `json:"dur,omitempty"` // microseconds; only for "X"
	Pid  int            `json:"pid"`
	Tid  int            `json:"tid"`
	Args map[string]any `json:"args,omitempty"`
}

type jobKey struct {
	hook  *hooks.Hook
	batch int
}

type running struct {
	tid   int
	start time.Time
}

// Recorder collects a run's events. A nil Recorder records nothing, so a run without
// --trace passes its methods along all the same. Its methods may be called concurrently.
type Recorder struct {
	path  string
	start time.Time
	now   func() time.Time

	mu     sync.Mutex
	events []Event
	slots  []bool // slots[k]: track k+1 runs a job
	phases []bool // phases[0]: track 0 has a phase open; phases[k]: track sideTid+k
	jobs   map[jobKey]running
}

// New returns a Recorder whose trace Write puts in path, timed from now; nil when path
// is "" (no trace asked for).
func New(path string) *Recorder {
	if path == "" {
		return nil
	}
	return newAt(path, time.Now)
}

func newAt(path string, now func() time.Time) *Recorder {
	return &Recorder{path: path, start: now(), now: now, jobs: map[jobKey]running{}}
}

// Phase records one of hookrun's own phases: it begins now and ends when end is called.
func (r *Recorder) Phase(name string) (end func()) {
	if r == nil {
		return func() {}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	lane := claim(&r.phases)
	tid := 0
	if lane > 0 {
		tid = sideTid + lane
	}
	start := r.now()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.phases[lane] = false
		r.add(Event{Name: name, Cat: "hookrun", Tid: tid}, start, r.now())
	}
}

// Wrap returns start and finish with the recorder seeing each job first; either may be
// nil. A nil Recorder returns them as they are.
func (r *Recorder) Wrap(start func(hooks.Job), finish func(hooks.Result)) (func(hooks.Job), func(hooks.Result)) {
	if r == nil {
		return start, finish
	}
	return func(j hooks.Job) {
			r.Started(j)
			if start != nil {
				start(j)
			}
		}, func(res hooks.Result) {
			r.Finished(res)
			if finish != nil {
				finish(res)
			}
		}
}

// Started puts job j on the lowest-numbered free slot's track, from now.
func (r *Recorder) Started(j hooks.Job) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.jobs[jobKey{j.Hook, j.Batch}] = running{tid: claim(&r.slots) + 1, start: r.now()}
}

// Finished ends the slice of res's job and frees its slot. A job that never started (a
// tool was missing, fail-fast stopped the run) gets an empty slice on track 0, now.
func (r *Recorder) Finished(res hooks.Result) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	j := res.Job
	key := jobKey{j.Hook, j.Batch}
	now := r.now()
	run, ok := r.jobs[key]
	if ok {
		delete(r.jobs, key)
		r.slots[run.tid-1] = false
	} else {
		run.start = now
	}
	args := map[string]any{"files": len(j.Files), "batch": j.Batch, "status": res.Status.String()}
	if j.Dir != "" {
		args["dir"] = j.Dir
	}
	if res.Err != nil {
		args["error"] = res.Err.Error()
	}
	r.add(Event{Name: j.Hook.ID, Cat: "hook", Tid: run.tid, Args: args}, run.start, now)
}

// claim marks the first free place in busy as taken and returns it.
func claim(busy *[]bool) int {
	k := slices.Index(*busy, false)
	if k < 0 {
		k = len(*busy)
		*busy = append(*busy, false)
	}
	(*busy)[k] = true
	return k
}

// add appends a complete slice from start to end; r.mu is held.
func (r *Recorder) add(e Event, start, end time.Time) {
	dur := micros(end.Sub(start))
	e.Ph, e.Pid, e.Ts, e.Dur = "X", pid, micros(start.Sub(r.start)), &dur
	r.events = append(r.events, e)
}

func micros(d time.Duration) float64 { return float64(max(d, 0).Nanoseconds()) / 1e3 }

// File is a trace file's content: the JSON object form of the trace-event format.
type File struct {
	TraceEvents     []Event `json:"traceEvents"`
	DisplayTimeUnit string  `json:"displayTimeUnit"`
}

// Trace returns what the recorder has recorded, slices in time order after the names of
// the process and of each track they use.
func (r *Recorder) Trace() File {
	r.mu.Lock()
	defer r.mu.Unlock()
	events := slices.Clone(r.events)
	slices.SortStableFunc(events, func(a, b Event) int { return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(a.Tid, b.Tid)) })
	meta := []Event{{Name: "process_name", Ph: "M", Pid: pid, Args: map[string]any{"name": "hookrun"}}}
	tids := map[int]bool{}
	for _, e := range events {
		tids[e.Tid] = true
	}
	for _, tid := range slices.Sorted(maps.Keys(tids)) {
		meta = append(meta,
			Event{Name: "thread_name", Ph: "M", Pid: pid, Tid: tid, Args: map[string]any{"name": trackName(tid)}},
			Event{Name: "thread_sort_index", Ph: "M", Pid: pid, Tid: tid, Args: map[string]any{"sort_index": sortIndex(tid)}})
	}
	return File{TraceEvents: append(meta, events...), DisplayTimeUnit: "ms"}
}

func trackName(tid int) string {
	switch {
	case tid == 0:
		return "hookrun"
	case tid >= sideTid:
		return "hookrun (side by side)"
	}
	return fmt.Sprintf("slot %d", tid)
}

// sortIndex puts hookrun's phase tracks above the slots.
func sortIndex(tid int) int {
	switch {
	case tid == 0:
		return 0
	case tid >= sideTid:
		return tid - sideTid
	}
	return sideTid + tid
}

// Write puts the trace in the recorder's file, creating its directory. A nil Recorder
// writes nothing.
func (r *Recorder) Write() error {
	if r == nil {
		return nil
	}
	data, err := json.MarshalIndent(r.Trace(), "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(r.path), 0o755); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	if err := os.WriteFile(r.path, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write trace: %w", err)
	}
	return nil
}
