package trace

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// clock is a fake time that moves only when told to.
type clock struct{ t time.Time }

func (c *clock) now() time.Time     { return c.t }
func (c *clock) tick(ms int)        { c.t = c.t.Add(time.Duration(ms) * time.Millisecond) }
func slicesOf(f File) (out []Event) { return filter(f, func(e Event) bool { return e.Ph == "X" }) }

func named(f File, name string) (out []Event) {
	return filter(f, func(e Event) bool { return e.Name == name })
}

func filter(f File, keep func(Event) bool) (out []Event) {
	for _, e := range f.TraceEvents {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}

func TestJobsTakeTheLowestFreeSlot(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(100, 0)}
	r := newAt("t.json", c.now)
	a, b := &hooks.Hook{ID: "a"}, &hooks.Hook{ID: "b"}
	ja0, ja1, jb := hooks.Job{Hook: a, Files: []string{"x", "y"}}, hooks.Job{Hook: a, Batch: 1, Files: []string{"z"}}, hooks.Job{Hook: b}
	c.tick(1)
	r.Started(ja0) // slot 1
	r.Started(ja1) // slot 2
	c.tick(2)
	r.Finished(hooks.Result{Job: ja0, Status: hooks.Passed})
	r.Started(jb) // slot 1 again
	c.tick(3)
	r.Finished(hooks.Result{Job: jb, Status: hooks.Failed, Err: errors.New("exit 1")})
	r.Finished(hooks.Result{Job: ja1, Status: hooks.Passed})

	got := slicesOf(r.Trace())
	want := []struct {
		name     string
		tid      int
		ts, dur  float64
		batch    int
		files    int
		status   string
		hasError bool
	}{
		{"a", 1, 1000, 2000, 0, 2, "passed", false},
		{"a", 2, 1000, 5000, 1, 1, "passed", false},
		{"b", 1, 3000, 3000, 0, 0, "failed", true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d slices, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != w.name || g.Tid != w.tid || g.Ts != w.ts || *g.Dur != w.dur || g.Pid != pid ||
			g.Args["batch"] != w.batch || g.Args["files"] != w.files || g.Args["status"] != w.status || (g.Args["error"] != nil) != w.hasError {
			t.Errorf("slice %d = %+v (dur %v), want %+v", i, g, *g.Dur, w)
		}
	}
	if names := named(r.Trace(), "thread_name"); len(names) != 2 || names[0].Args["name"] != "slot 1" {
		t.Errorf("track names = %+v, want slot 1 and slot 2", names)
	}
}

func TestAJobThatNeverRanIsAnEmptySliceOnTrackZero(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(100, 0)}
	r := newAt("t.json", c.now)
	c.tick(4)
	r.Finished(hooks.Result{Job: hooks.Job{Hook: &hooks.Hook{ID: "lint"}}, Status: hooks.Cancelled})
	got := slicesOf(r.Trace())
	if len(got) != 1 || got[0].Tid != 0 || got[0].Ts != 4000 || *got[0].Dur != 0 || got[0].Args["status"] != "cancelled" {
		t.Errorf("slices = %+v, want one empty cancelled slice at 4 ms on track 0", got)
	}
}

func TestPhasesSideBySideTakeTracksOfTheirOwn(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(100, 0)}
	r := newAt("t.json", c.now)
	endList := r.Phase("listing files")
	endHide := r.Phase("hiding unstaged changes")
	c.tick(1)
	endList() // ends first: the two do not nest
	c.tick(1)
	endHide()
	endRun := r.Phase("running hooks")
	c.tick(5)
	endRun()
	tids := map[string]int{}
	for _, e := range slicesOf(r.Trace()) {
		tids[e.Name] = e.Tid
		if e.Cat != "hookrun" {
			t.Errorf("phase %s: cat %q, want hookrun", e.Name, e.Cat)
		}
	}
	if tids["listing files"] != 0 || tids["hiding unstaged changes"] != sideTid+1 || tids["running hooks"] != 0 {
		t.Errorf("phase tracks = %v, want track 0 except the phase beside another", tids)
	}
}

func TestANilRecorderRecordsNothing(t *testing.T) {
	t.Parallel()
	r := New("")
	if r != nil {
		t.Fatalf("New(\"\") = %v, want nil", r)
	}
	r.Phase("x")()
	calls := 0
	start, finish := r.Wrap(func(hooks.Job) { calls++ }, func(hooks.Result) { calls++ })
	start(hooks.Job{})
	finish(hooks.Result{})
	if calls != 2 {
		t.Errorf("the wrapped observers ran %d times, want 2", calls)
	}
	if err := r.Write(); err != nil {
		t.Errorf("Write: %v", err)
	}
}

func TestWriteCreatesTheDirectory(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "a", "b", "trace.json")
	r := New(path)
	start, finish := r.Wrap(nil, nil)
	j := hooks.Job{Hook: &hooks.Hook{ID: "lint"}}
	start(j)
	finish(hooks.Result{Job: j})
	if err := r.Write(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil || len(slicesOf(f)) != 1 {
		t.Errorf("the file holds %d slices (%v), want 1:\n%s", len(slicesOf(f)), err, data)
	}
}
