package proc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Default sizes of what a Capture keeps in memory: the start of the output (where a
// tool says what it is doing) and its end (where it says how it went).
const (
	DefaultHead = 1 << 20
	DefaultTail = 1 << 20
	// DefaultSpillLimit bounds a spill file: `yes` under a ten-minute timeout would
	// otherwise fill the disk. A gigabyte is far more than anyone reads.
	DefaultSpillLimit = 1 << 30
)

// spillSuffix ends the name of every spill file, so PruneSpills removes only those.
const spillSuffix = ".log"

// ErrTruncated is returned by ReadAll and Open when the middle of the output was cut and
// not kept in a spill file.
var ErrTruncated = errors.New("output truncated")

// CaptureOptions configure a Capture. The zero value keeps DefaultHead and DefaultTail
// bytes and drops the middle.
type CaptureOptions struct {
	Head int // bytes kept from the start; 0 means DefaultHead
	Tail int // bytes kept from the end; 0 means DefaultTail
	// Dir, when set, receives a spill file holding the whole output once it outgrows
	// Head+Tail; it is created if missing. Without it, or when the file cannot be
	// written, the middle is dropped.
	Dir string
	// Name starts the spill file's name (a hook id, say); characters other than
	// letters, digits, '.', '-' and '_' become '_'.
	Name string
	// SpillLimit bounds the spill file; 0 means DefaultSpillLimit. Output past it is
	// not kept, and the marker line says the file holds the start only.
	SpillLimit int64
}

// Capture records a process's output with bounded memory. It is an io.Writer that is
// safe for concurrent use, so stdout and stderr may both write to it and are kept
// interleaved as written; Write never fails, so a child is never blocked by it.
//
// Up to Head+Tail bytes it keeps everything in memory. Beyond that it keeps the first
// Head and the last Tail bytes, and writes the whole stream (from the first byte) to a
// spill file in Dir. Nothing touches the disk for output that fits.
//
// Spill files: the file exists only when the output was cut, and Close keeps it so the
// user can read what Bytes leaves out (its path is in Bytes's marker line). Remove
// deletes it; PruneSpills, called at the start of a run, deletes old ones.
//
// A hook's combined output is one Capture given as Cmd.Stdout with CombineOutput: show
// Bytes, then Close. A tool whose stdout must be parsed while both streams are shown
// interleaved gets three: shown (the defaults), and out and errs, each written through
// io.MultiWriter(out, shown) and io.MultiWriter(errs, shown) as Cmd.Stdout and
// Cmd.Stderr. Give out a Dir (and a Head that fits the usual report, so the disk is
// rarely touched) and parse out.ReadAll(); once parsed, out.Remove().
type Capture struct {
	mu        sync.Mutex
	head      int
	tailSize  int
	mem       []byte // everything, until it outgrows head+tail; then the first head bytes
	tail      ring   // the last tailSize bytes, once cut
	n         int64  // bytes written
	cut       bool
	dir, name string
	spill     *os.File // open while writing; nil once closed or failed
	spillPath string   // "" when no spill file exists
	spilled   int64    // bytes in the spill file
	limit     int64    // most bytes the spill file takes
	closed    bool
}

// NewCapture returns an empty Capture.
func NewCapture(opts CaptureOptions) *Capture {
	if opts.Head <= 0 {
		opts.Head = DefaultHead
	}
	if opts.Tail <= 0 {
		opts.Tail = DefaultTail
	}
	if opts.SpillLimit <= 0 {
		opts.SpillLimit = DefaultSpillLimit
	}
	return &Capture{head: opts.Head, tailSize: opts.Tail, dir: opts.Dir, name: opts.Name, limit: opts.SpillLimit}
}

// Write records p. It fails only after Close.
func (c *Capture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, os.ErrClosed
	}
	written := len(p)
	c.n += int64(written)
	if !c.cut && len(c.mem)+len(p) <= c.head+c.tailSize {
		c.mem = append(c.mem, p...)
		return written, nil
	}
	if !c.cut {
		// The first cut: all output so far is in mem; the spill file starts with it.
		c.cut = true
		c.tail = ring{buf: make([]byte, 0, c.tailSize)}
		c.openSpill()
		c.writeSpill(c.mem)
		rest := c.mem[min(c.head, len(c.mem)):]
		c.tail.write(rest)
		c.mem = bytes.Clone(c.mem[:min(c.head, len(c.mem))])
		if n := c.head - len(c.mem); n > 0 { // p itself starts within the head
			n = min(n, len(p))
			c.mem = append(c.mem, p[:n]...)
			c.writeSpill(p[:n])
			p = p[n:]
		}
	}
	c.writeSpill(p)
	c.tail.write(p)
	return written, nil
}

// openSpill creates the spill file, or leaves spill nil so the middle is dropped.
func (c *Capture) openSpill() {
	if c.dir == "" {
		return
	}
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return // no spill file: the middle is dropped, as the marker will say
	}
	f, err := os.CreateTemp(c.dir, spillName(c.name)+"-*"+spillSuffix)
	if err != nil {
		return // as above
	}
	c.spill, c.spillPath = f, f.Name()
}

// writeSpill appends p to the spill file. A failed write (a full disk) removes the file:
// a spill file with a hole would mislead more than none.
func (c *Capture) writeSpill(p []byte) {
	if c.spill == nil || len(p) == 0 {
		return
	}
	p = p[:min(int64(len(p)), c.limit-c.spilled)]
	if len(p) == 0 {
		return // full: the rest is not kept
	}
	c.spilled += int64(len(p))
	if _, err := c.spill.Write(p); err != nil {
		_ = c.spill.Close()
		_ = os.Remove(c.spillPath)
		c.spill, c.spillPath = nil, ""
	}
}

// Len is the number of bytes written, kept or not.
func (c *Capture) Len() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Truncated reports whether Bytes leaves out the middle of the output.
func (c *Capture) Truncated() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cut
}

// SpillPath is the file holding the whole output, or "" when the output was not cut
// or could not be kept.
func (c *Capture) SpillPath() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.spillPath
}

// Bytes returns the output for display: all of it, or when cut, the head, a marker line
// saying how much is missing and where the whole output is, and the tail.
func (c *Capture) Bytes() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.cut {
		return bytes.Clone(c.mem)
	}
	tail := c.tail.bytes()
	hidden := c.n - int64(len(c.mem)) - int64(len(tail))
	where := "not kept"
	switch {
	case c.spillPath != "" && c.spilled < c.n:
		where = fmt.Sprintf("the first %s bytes in %s", thousands(c.spilled), c.spillPath)
	case c.spillPath != "":
		where = "full output in " + c.spillPath
	}
	out := make([]byte, 0, len(c.mem)+len(tail)+200)
	out = append(out, c.mem...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = fmt.Appendf(out, "[hookrun: %s bytes of output; %s in the middle not shown; %s]\n",
		thousands(c.n), thousands(hidden), where)
	return append(out, tail...)
}

// ReadAll returns the whole output, for a parser: from memory when it was not cut,
// else read back from the spill file. It returns ErrTruncated when the middle was cut
// and not kept. Give a capture whose output must be parsed a Dir, and a Head large
// enough for the usual case so that the disk is rarely touched.
func (c *Capture) ReadAll() ([]byte, error) {
	r, err := c.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = r.Close() }() // read-only
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read output: %w", err)
	}
	return b, nil
}

// Open returns a reader of the whole output, as ReadAll does, for a parser that
// streams (json.Decoder). The caller closes it.
func (c *Capture) Open() (io.ReadCloser, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case !c.cut:
		return io.NopCloser(bytes.NewReader(bytes.Clone(c.mem))), nil
	case c.spillPath == "" || c.spilled < c.n:
		return nil, fmt.Errorf("read output: %s bytes, middle not kept: %w", thousands(c.n), ErrTruncated)
	}
	f, err := os.Open(c.spillPath)
	if err != nil {
		return nil, fmt.Errorf("read output: %w", err)
	}
	return f, nil
}

// Close ends the capture: later writes fail. A spill file stays for the user to read.
func (c *Capture) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	if c.spill == nil {
		return nil
	}
	err := c.spill.Close()
	c.spill = nil
	if err != nil {
		_ = os.Remove(c.spillPath)
		c.spillPath = ""
		return fmt.Errorf("close output file: %w", err)
	}
	return nil
}

// Remove closes the capture and deletes its spill file, if any.
func (c *Capture) Remove() error {
	_ = c.Close() // its only failure already removed the file
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.spillPath == "" {
		return nil
	}
	p := c.spillPath
	c.spillPath = ""
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove output file: %w", err)
	}
	return nil
}

// PruneSpills deletes the spill files in dir last written more than age ago, and
// returns how many it deleted. A missing dir holds none. Files other than spill files
// are left alone.
func PruneSpills(dir string, age time.Duration) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("prune output files: %w", err)
	}
	cutoff := time.Now().Add(-age)
	n := 0
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), spillSuffix) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(cutoff) {
			continue // gone meanwhile, or recent
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}

// spillName makes name safe as the start of a file name.
func spillName(name string) string {
	if name == "" {
		return "output"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
}

// thousands formats n with commas between groups of three digits: 312,000,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ring keeps the last cap(buf) bytes written to it.
type ring struct {
	buf   []byte // grows to cap, then wraps
	start int    // index of the oldest byte once full
}

func (r *ring) write(p []byte) {
	size := cap(r.buf)
	if size == 0 {
		return
	}
	if len(p) >= size {
		r.buf = append(r.buf[:0], p[len(p)-size:]...)
		r.start = 0
		return
	}
	if room := size - len(r.buf); room > 0 { // still filling up
		n := min(room, len(p))
		r.buf = append(r.buf, p[:n]...)
		p = p[n:]
	}
	for len(p) > 0 { // full: overwrite the oldest bytes
		n := copy(r.buf[r.start:], p)
		p = p[n:]
		r.start = (r.start + n) % size
	}
}

func (r *ring) bytes() []byte {
	return append(bytes.Clone(r.buf[r.start:]), r.buf[:r.start]...)
}
