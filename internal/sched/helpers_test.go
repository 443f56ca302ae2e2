package sched

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// The jobs tests build, one hook per call unless noted. Files are passed as written.

func writer(id string, files ...string) hooks.Job {
	return hooks.Job{Hook: &hooks.Hook{ID: id, PassFiles: true}, Files: files, Writes: true}
}

func reader(id string, files ...string) hooks.Job {
	return hooks.Job{Hook: &hooks.Hook{ID: id, PassFiles: true}, Files: files}
}

// allWriter is a fixer that takes no files, so it may rewrite any file.
func allWriter(id string) hooks.Job {
	return hooks.Job{Hook: &hooks.Hook{ID: id}, Writes: true}
}

// allReader is a check that takes no files, so it may read any file.
func allReader(id string) hooks.Job {
	return hooks.Job{Hook: &hooks.Hook{ID: id}}
}

// serial returns two batches of one Serial hook, as a caller might build by hand.
func serial(id string, a, b []string) []hooks.Job {
	h := &hooks.Hook{ID: id, PassFiles: true, Serial: true}
	return []hooks.Job{{Hook: h, Files: a}, {Hook: h, Files: b, Batch: 1}}
}

func name(j hooks.Job) string {
	if j.Batch == 0 {
		return j.Hook.ID
	}
	return fmt.Sprintf("%s#%d", j.Hook.ID, j.Batch)
}

func names(jobs []hooks.Job) []string {
	out := make([]string, len(jobs))
	for i, j := range jobs {
		out[i] = name(j)
	}
	return out
}

// recorder logs job starts and ends in the order they happen, and which jobs ran beside
// each other. An overlap is seen by whichever job starts second, so none is missed.
type recorder struct {
	mu         sync.Mutex
	log        []string
	running    map[string]bool
	overlaps   map[[2]string]bool
	maxRunning int
}

func newRecorder() *recorder {
	return &recorder{running: map[string]bool{}, overlaps: map[[2]string]bool{}}
}

func (r *recorder) start(n string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for other := range r.running {
		pair := [2]string{other, n}
		slices.Sort(pair[:])
		r.overlaps[pair] = true
	}
	r.running[n] = true
	r.maxRunning = max(r.maxRunning, len(r.running))
	r.log = append(r.log, "start "+n)
}

func (r *recorder) end(n string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.running, n)
	r.log = append(r.log, "end "+n)
}

// index returns where event e is in the log, or -1.
func (r *recorder) index(e string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Index(r.log, e)
}

func (r *recorder) overlapped(a, b string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	pair := [2]string{a, b}
	slices.Sort(pair[:])
	return r.overlaps[pair]
}

// barrier releases its waiters once n have arrived. Jobs that must run at once meet at
// one: if the scheduler ran them one after the other, the first would wait for ever, so
// wait gives up after a timeout and the job fails the test.
type barrier struct {
	mu    sync.Mutex
	left  int
	ready chan struct{}
}

func newBarrier(n int) *barrier { return &barrier{left: n, ready: make(chan struct{})} }

const barrierTimeout = 10 * time.Second

func (b *barrier) wait(ctx context.Context) error {
	b.mu.Lock()
	b.left--
	if b.left == 0 {
		close(b.ready)
	}
	b.mu.Unlock()
	timer := time.NewTimer(barrierTimeout)
	defer timer.Stop()
	select {
	case <-b.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return errors.New("barrier: the other jobs never started beside this one")
	}
}

// behaviour is what a fake job does; nil passes at once.
type behaviour func(ctx context.Context, j hooks.Job) hooks.Result

// fakeExec records each job in rec and runs its hook's behaviour, if any.
func fakeExec(rec *recorder, do map[string]behaviour) Exec {
	return func(ctx context.Context, j hooks.Job) hooks.Result {
		n := name(j)
		rec.start(n)
		defer rec.end(n)
		if f := do[j.Hook.ID]; f != nil {
			return f(ctx, j)
		}
		return hooks.Result{Status: hooks.Passed}
	}
}

// meet makes a behaviour that waits at b, then passes; it fails if b times out.
func meet(b *barrier) behaviour {
	return func(ctx context.Context, _ hooks.Job) hooks.Result {
		if err := b.wait(ctx); err != nil {
			return hooks.Result{Status: hooks.Failed, Err: err}
		}
		return hooks.Result{Status: hooks.Passed}
	}
}

func fail(context.Context, hooks.Job) hooks.Result {
	return hooks.Result{Status: hooks.Failed, ExitCode: 1}
}
