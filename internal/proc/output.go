package proc

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// outputs carries a child's stdout and stderr through pipes that Run owns, instead of
// those os/exec would make: exec.Cmd.Wait cannot tell "the child exited" from "nobody
// holds the pipes any more", nor stop waiting for one without the other except through
// WaitDelay, which also governs cancellation. Owning the pipes, Run gives the output
// outputGrace after the child exits, then kills the group, then stops reading.
type outputs struct {
	readers []*os.File // read ends, copied from until EOF or closed by stop
	writers []*os.File // the child's ends, closed in the parent once it has started
	wg      sync.WaitGroup
	done    chan struct{} // closed when every copy has ended
	mu      sync.Mutex
	err     error // the first write error of a destination
}

// file returns what the child should get as its stdout or stderr for writing to w: w
// itself when it is a file (a terminal stays a terminal), else a pipe Run copies to w.
func (o *outputs) file(w io.Writer) (*os.File, error) {
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	r, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	o.readers, o.writers = append(o.readers, r), append(o.writers, pw)
	o.wg.Go(func() { o.copy(w, r) })
	return pw, nil
}

// copy reads r until EOF or until stop closes it. A destination that fails is not
// written to again, but reading goes on so that the child never blocks on a full pipe.
func (o *outputs) copy(w io.Writer, r *os.File) {
	d := &stickyWriter{w: w}
	_, _ = io.Copy(d, r) // a read error is the pipe closed by stop
	if d.err != nil {
		o.mu.Lock()
		if o.err == nil {
			o.err = d.err
		}
		o.mu.Unlock()
	}
}

// started closes the parent's copies of the child's ends, so that EOF comes when the
// child's process group is done with them. Call it once, after Start.
func (o *outputs) started() {
	for _, f := range o.writers {
		_ = f.Close()
	}
	o.writers = nil
	o.done = make(chan struct{})
	go func() { o.wg.Wait(); close(o.done) }() // ends when stop closes the pipes, at the latest
}

// wait waits up to d for every pipe to reach EOF, and reports whether they all did.
func (o *outputs) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-o.done:
		return true
	case <-t.C:
		return false
	}
}

// finish ends the copies of a child that has exited: it waits up to wait for the output
// to end, calls stopGroup, then gives the pipes drainWait to close before it closes
// them. It returns the first write error.
func (o *outputs) finish(wait time.Duration, stopGroup func()) error {
	drained := o.wait(wait)
	stopGroup()
	if !drained {
		o.wait(drainWait) // a killed group's pipes end once read
	}
	return o.stop()
}

// stop closes the read ends, ending the copies, and returns the first write error.
// Output still in a pipe is lost; this is for writers outside the child's process group
// (a daemon that called setsid) that the group kill could not stop.
func (o *outputs) stop() error {
	for _, f := range o.writers { // Start failed before started ran
		_ = f.Close()
	}
	for _, f := range o.readers {
		_ = f.Close()
	}
	o.wg.Wait()
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// stickyWriter passes writes to w until one fails, then swallows them; it never fails.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err == nil {
		_, s.err = s.w.Write(p)
	}
	return len(p), nil
}

// attach gives cmd its stdout and stderr for c: c's writers, or the buffers Result
// returns, through pipes where they are not files. One writer given for both streams
// gets one pipe, so its writes come one at a time, interleaved as the child made them.
func (o *outputs) attach(cmd *exec.Cmd, c Cmd, stdout, stderr *bytes.Buffer) error {
	var outW, errW io.Writer = stdout, stderr
	if c.Stdout != nil {
		outW = c.Stdout
	}
	if c.Stderr != nil {
		errW = c.Stderr
	}
	f, err := o.file(outW)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = f, f
	if c.CombineOutput || sameWriter(outW, errW) {
		return nil
	}
	f, err = o.file(errW)
	if err != nil {
		_ = o.stop()
		return err
	}
	cmd.Stderr = f
	return nil
}

// sameWriter reports whether a and b are the same writer. Writers of types that cannot
// be compared (a func type, say) are taken to differ.
func sameWriter(a, b io.Writer) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}
