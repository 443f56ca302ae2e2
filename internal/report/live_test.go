package report

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
)

// term is a fake terminal: it keeps the screen that the bytes written to it draw
// (understanding \r, \n, cursor up, clear line, clear below and colours, which it
// ignores) and hands each write to the test through a channel.
type term struct {
	mu     sync.Mutex
	rows   []string
	row    int
	col    int
	raw    bytes.Buffer
	writes chan []byte
}

func newTerm() *term { return &term{writes: make(chan []byte, 1000)} }

var escape = regexp.MustCompile(`^\x1b\[(\d*)([A-Za-z])`)

func (t *term) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.raw.Write(p)
	t.writes <- bytes.Clone(p)
	s := string(p)
	for s != "" {
		if m := escape.FindStringSubmatch(s); m != nil {
			t.control(m[1], m[2])
			s = s[len(m[0]):]
			continue
		}
		r := []rune(s)[0]
		s = s[len(string(r)):]
		switch r {
		case '\r':
			t.col = 0
		case '\n':
			t.row, t.col = t.row+1, 0
		default:
			t.put(r)
		}
	}
	return len(p), nil
}

func (t *term) control(arg, op string) {
	n, _ := strconv.Atoi(arg)
	switch op {
	case "A":
		t.row = max(0, t.row-max(n, 1))
	case "K":
		t.line()
		t.rows[t.row] = ""
	case "J":
		t.line()
		t.rows[t.row] = string([]rune(t.rows[t.row])[:min(t.col, len([]rune(t.rows[t.row])))])
		t.rows = t.rows[:t.row+1]
	}
}

func (t *term) line() {
	for len(t.rows) <= t.row {
		t.rows = append(t.rows, "")
	}
}

func (t *term) put(r rune) {
	t.line()
	line := []rune(t.rows[t.row])
	for len(line) < t.col {
		line = append(line, ' ')
	}
	if t.col < len(line) {
		line[t.col] = r
	} else {
		line = append(line, r)
	}
	t.rows[t.row] = string(line)
	t.col++
}

// screen returns the lines on screen, without trailing empty ones.
func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimRight(strings.Join(t.rows, "\n"), "\n") + "\n"
}

// next waits for the next write: the view writes each frame at once.
func (t *term) next(tb testing.TB) {
	tb.Helper()
	select {
	case <-t.writes:
	case <-time.After(10 * time.Second):
		tb.Fatal("the view drew no frame")
	}
}

// clock is a fake clock the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// liveRig is a live view on a fake terminal, clock and ticker.
type liveRig struct {
	live    *Live
	term    *term
	clock   *clock
	ticks   chan time.Time
	stopped chan struct{}
	hooks   map[string]*hooks.Hook
}

func newRig(opt LiveOptions, sel []hooks.Selection, batches []int) *liveRig {
	r := &liveRig{
		term: newTerm(), clock: &clock{now: time.Unix(1_000_000, 0)},
		ticks: make(chan time.Time), stopped: make(chan struct{}), hooks: map[string]*hooks.Hook{},
	}
	opt.Now = r.clock.Now
	opt.NewTicker = func(time.Duration) (<-chan time.Time, func()) {
		return r.ticks, func() { close(r.stopped) }
	}
	for _, s := range sel {
		r.hooks[s.Hook.ID] = s.Hook
	}
	r.live = NewLive(r.term, opt, sel, batches)
	return r
}

// tick advances the clock, ticks, and waits for the frame the tick draws. Every frame
// drawn before it (Start draws one) must have been taken with term.next already.
func (r *liveRig) tick(t *testing.T, d time.Duration) string {
	t.Helper()
	r.clock.advance(d)
	r.ticks <- r.clock.Now()
	r.term.next(t)
	return r.term.screen()
}

func (r *liveRig) start(id string, batch int) {
	r.live.Started(hooks.Job{Hook: r.hooks[id], Batch: batch})
}

func (r *liveRig) finish(id string, batch int, res hooks.Result) {
	res.Job = hooks.Job{Hook: r.hooks[id], Batch: batch}
	res.Started = r.clock.Now()
	r.live.Finished(res)
}

func fourHooks() ([]hooks.Selection, []int) {
	h := func(id string) *hooks.Hook { return &hooks.Hook{ID: id, Name: id} }
	return []hooks.Selection{
		{Hook: h("gofmt"), Files: []string{"a.go", "b.go", "c.go"}},
		{Hook: h("lint"), Files: []string{"a.go"}},
		{Hook: h("mypy"), Skip: "no files to check"},
		{Hook: h("tidy"), Files: []string{"go.mod"}},
	}, []int{2, 1, 0, 1}
}

// TestLiveRedrawsInPlace follows a run frame by frame: waiting hooks, spinners with
// the time so far, hooks collapsing to ✓/✗, finished lines kept above the redrawn
// ones, and the end: failures expanded and the summary.
func TestLiveRedrawsInPlace(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{Width: 80}, sel, batches)
	r.live.Start()
	r.term.next(t)
	frames := []string{r.term.screen()}

	r.start("gofmt", 0)
	r.start("gofmt", 1)
	r.start("lint", 0)
	frames = append(frames, r.tick(t, 1250*time.Millisecond))

	r.finish("lint", 0, hooks.Result{
		Status: hooks.Failed, ExitCode: 1, Duration: 1300 * time.Millisecond,
		Output:      []byte("a.go:3:1: unused variable x\n"),
		Diagnostics: []hooks.Diagnostic{{Path: "a.go", Line: 3, Col: 1, Rule: "U1000", Message: "unused variable x", Tool: "staticcheck"}},
	})
	r.finish("gofmt", 1, hooks.Result{Status: hooks.Passed, Duration: 1400 * time.Millisecond})
	frames = append(frames, r.tick(t, 200*time.Millisecond))

	r.finish("gofmt", 0, hooks.Result{Status: hooks.Passed, Duration: 1500 * time.Millisecond})
	r.start("tidy", 0)
	frames = append(frames, r.tick(t, 100*time.Millisecond))

	r.finish("tidy", 0, hooks.Result{Status: hooks.Modified, Modified: []string{"go.mod"}, Duration: 300 * time.Millisecond})
	r.clock.advance(400 * time.Millisecond)
	r.live.Flush()
	frames = append(frames, r.term.screen())
	<-r.stopped // Flush stopped the ticker

	golden(t, filepath.Join("testdata", "live-frames.golden"), []byte(strings.Join(frames, "--- next frame ---\n")))
}

func TestLiveRawOutputUsesOnlyKnownControls(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{Color: true}, sel, batches)
	r.live.Start()
	r.term.next(t)
	r.start("gofmt", 0)
	r.tick(t, time.Second)
	for _, id := range []string{"gofmt", "gofmt", "lint", "tidy"} {
		r.finish(id, 0, hooks.Result{Status: hooks.Passed})
	}
	r.live.Flush()
	raw := r.term.raw.String()
	allowed := regexp.MustCompile(`\x1b\[(\d+A|2K|J|[0-9;]*m)`)
	if rest := allowed.ReplaceAllString(raw, ""); strings.ContainsRune(rest, '\x1b') {
		t.Errorf("unexpected control sequence in %q", rest)
	}
	if !strings.Contains(raw, ansiGreen+"✓"+ansiReset) {
		t.Errorf("no green ✓ with Color in %q", raw)
	}
}

func TestLiveKeepsToTheTerminalHeight(t *testing.T) {
	t.Parallel()
	var sel []hooks.Selection
	var batches []int
	for i := range 10 {
		sel = append(sel, hooks.Selection{Hook: &hooks.Hook{ID: fmt.Sprintf("hook%d", i)}, Files: []string{"a"}})
		batches = append(batches, 1)
	}
	r := newRig(LiveOptions{Height: 5}, sel, batches)
	r.live.Start()
	r.term.next(t)
	got := r.term.screen()
	want := "· hook0 (1 file)\n· hook1 (1 file)\n· hook2 (1 file)\n  … and 7 more\n"
	if got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
	r.live.Stop()
}

func TestLiveCutsLinesToTheTerminalWidth(t *testing.T) {
	t.Parallel()
	sel := []hooks.Selection{{Hook: &hooks.Hook{ID: "a-very-long-hook-name-that-goes-on"}, Files: []string{"x"}}}
	r := newRig(LiveOptions{Width: 20}, sel, []int{1})
	r.live.Start()
	r.term.next(t)
	if got, want := r.term.screen(), "· a-very-long-hook…\n"; got != want {
		t.Errorf("screen = %q, want %q", got, want)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.term.screen()), "\n") {
		if n := len([]rune(line)); n >= 20 {
			t.Errorf("line %q has %d columns, want fewer than 20", line, n)
		}
	}
	r.live.Stop()
}

// TestLiveQuietLeavesOnlyFailures: with Quiet, only running hooks show while the run
// goes, and at the end only the failures and the summary stay on screen.
func TestLiveQuietLeavesOnlyFailures(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{Quiet: true}, sel, batches)
	r.live.Start()
	r.term.next(t) // the first frame, drawn by Start; the tick draws the next
	r.start("lint", 0)
	if got, want := r.tick(t, time.Second), "⠙ lint (1 file, 1.0s)\n"; got != want {
		t.Errorf("while running, screen = %q, want %q", got, want)
	}
	r.finish("lint", 0, hooks.Result{Status: hooks.Failed, ExitCode: 2, Output: []byte("boom\n"), Duration: time.Second})
	for _, id := range []string{"gofmt", "gofmt", "tidy"} {
		r.finish(id, 0, hooks.Result{Status: hooks.Passed})
	}
	r.live.Flush()
	want := "\n✗ lint\n    exit code 2\n    boom\n\n✗ 4 hooks: 2 passed, 1 failed, 1 no files in 1s (gofmt 0s, lint 1s, tidy 0s)\n"
	if got := r.term.screen(); got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
}

// TestLiveStopWaitsForItsGoroutine: after Stop the ticker is stopped and nobody reads
// the tick channel any more.
func TestLiveStopWaitsForItsGoroutine(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{}, sel, batches)
	r.live.Start()
	r.live.Start() // a second Start does nothing
	r.live.Stop()
	select {
	case <-r.stopped:
	default:
		t.Fatal("Stop returned before the ticker was stopped")
	}
	select {
	case r.ticks <- time.Now():
		t.Fatal("a goroutine still reads ticks after Stop")
	default:
	}
	r.live.Stop() // and a second Stop too
	r.live.Flush()
	r.live.Flush()
}

// TestLiveResultsMatchText: Live folds results as Text does, so cmd/hookrun can use
// either behind Sink.
func TestLiveResultsMatchText(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{}, sel, batches)
	text := NewText(&bytes.Buffer{}, TextOptions{}, sel, batches)
	for _, s := range []Sink{r.live, text} {
		s.Finished(hooks.Result{
			Job: hooks.Job{Hook: sel[0].Hook, Batch: 1}, Status: hooks.Failed, ExitCode: 3,
			Output: []byte("two\n"), Err: errors.New("timed out"), Duration: time.Second,
		})
		s.Finished(hooks.Result{
			Job: hooks.Job{Hook: sel[0].Hook, Batch: 0}, Status: hooks.Passed,
			Output: []byte("one\n"), Duration: 2 * time.Second,
		})
		s.Finished(hooks.Result{Job: hooks.Job{Hook: sel[3].Hook}, Status: hooks.Modified, Modified: []string{"go.mod"}})
		s.Flush()
	}
	got, want := r.live.Results(), text.Results()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("live results:\n%+v\ntext results:\n%+v", got, want)
	}
	if got[1].Status != hooks.Cancelled {
		t.Errorf("unfinished hook status = %v, want cancelled", got[1].Status)
	}
}

// TestLiveTakesEventsFromManyGoroutines runs under -race with a real ticker.
func TestLiveTakesEventsFromManyGoroutines(t *testing.T) {
	t.Parallel()
	var sel []hooks.Selection
	var batches []int
	for i := range 8 {
		sel = append(sel, hooks.Selection{Hook: &hooks.Hook{ID: fmt.Sprint("h", i)}, Files: []string{"f"}})
		batches = append(batches, 50)
	}
	var out bytes.Buffer
	l := NewLive(&lockedWriter{w: &out}, LiveOptions{Interval: time.Millisecond}, sel, batches)
	l.Start()
	var wg sync.WaitGroup
	for _, s := range sel {
		for b := range 50 {
			wg.Go(func() {
				j := hooks.Job{Hook: s.Hook, Batch: b}
				l.Started(j)
				l.Finished(hooks.Result{Job: j, Status: hooks.Passed, Started: time.Now()})
			})
		}
	}
	wg.Wait()
	l.Flush()
	for _, res := range l.Results() {
		if res.Status != hooks.Passed {
			t.Errorf("%s: status %v, want passed", res.ID, res.Status)
		}
	}
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestLiveNotesGoAboveTheRedrawnLines(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{}, sel, batches)
	r.live.Start()
	r.term.next(t)
	r.live.Note("hid unstaged changes in 2 files\n")
	r.term.next(t) // the note
	r.term.next(t) // the lines under it
	r.start("lint", 0)
	got := r.tick(t, time.Second)
	want := "hid unstaged changes in 2 files\n· gofmt (3 files)\n⠙ lint (1 file, 1.0s)\n- mypy (no files to check)\n· tidy (1 file)\n"
	if got != want {
		t.Errorf("screen:\n%s\nwant:\n%s", got, want)
	}
	r.live.Stop()
}

func TestLiveOnATinyTerminalSaysHowManyMore(t *testing.T) {
	t.Parallel()
	sel, batches := fourHooks()
	r := newRig(LiveOptions{Height: 1}, sel, batches)
	r.live.Start()
	r.term.next(t)
	if got, want := r.term.screen(), "  … and 4 more\n"; got != want {
		t.Errorf("screen = %q, want %q", got, want)
	}
	r.live.Stop()
}
