package proc

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"testing"
)

// TestRunCaptureBoundsMemory: a hook printing 300 MB costs hookrun a few MB of memory;
// the whole output is in the spill file, and the display shows its start and its end.
func TestRunCaptureBoundsMemory(t *testing.T) {
	t.Parallel()
	const size = 300_000_000
	c := NewCapture(CaptureOptions{Dir: t.TempDir(), Name: "flood"})
	defer func() { _ = c.Remove() }()
	cmd := helper(t, "flood", strconv.Itoa(size))
	cmd.Stdout, cmd.Stderr = c, c
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Run(t.Context(), cmd)
	runtime.ReadMemStats(&after)
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("Run: exit %d, %v", res.ExitCode, err)
	}
	if res.Stdout != nil || res.Stderr != nil {
		t.Errorf("Result holds %d+%d bytes of output, want none", len(res.Stdout), len(res.Stderr))
	}
	// Every byte allocated counts, freed or not: a capture that buffered the output
	// allocates at least its size.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 100<<20 {
		t.Errorf("Run allocated %d MB to capture %d MB", alloc>>20, size>>20)
	}
	if got, want := c.Len(), int64(size+len("end\n")); got != want || !c.Truncated() {
		t.Errorf("Len() = %d, Truncated() = %v; want %d, true", got, c.Truncated(), want)
	}
	shown := c.Bytes()
	if len(shown) > DefaultHead+DefaultTail+1000 {
		t.Errorf("Bytes() holds %d bytes, want at most head and tail", len(shown))
	}
	if !bytes.HasPrefix(shown, []byte("line 000000000\n")) || !bytes.HasSuffix(shown, []byte("end\n")) ||
		!bytes.Contains(shown, []byte("[hookrun: 300,000,004 bytes of output; 297,902,852 in the middle not shown; full output in "+c.SpillPath()+"]\n")) {
		t.Errorf("Bytes() = %q...%q, want the head, a marker naming the spill file, the tail", shown[:100], shown[len(shown)-100:])
	}
	if err = c.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(c.SpillPath())
	if err != nil || info.Size() != c.Len() {
		t.Errorf("spill file: %v, %v; want %d bytes", info, err, c.Len())
	}
}
