package proc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCaptureKeepsHeadAndTail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		writes []string
		want   string // Bytes, with DIR for the spill file's path
	}{
		{"output that fits is kept whole", []string{"abc", "defgh"}, "abcdefgh"},
		{"output of exactly head plus tail is kept whole", []string{"abcdefgh"}, "abcdefgh"},
		{
			"one large write keeps its head and tail",
			[]string{"abcdefghijkl"},
			"abcd\n[hookrun: 12 bytes of output; 4 in the middle not shown; full output in DIR]\nijkl",
		},
		{
			"byte-sized writes keep the same head and tail",
			strings.Split("abcdefghijkl", ""),
			"abcd\n[hookrun: 12 bytes of output; 4 in the middle not shown; full output in DIR]\nijkl",
		},
		{
			"a write crossing the head is split between head and tail",
			[]string{"ab", "cdefghijklmnop"},
			"abcd\n[hookrun: 16 bytes of output; 8 in the middle not shown; full output in DIR]\nmnop",
		},
		{
			"a head ending in a newline gets no extra one",
			[]string{"abc\n", "efgh", "ijkl"},
			"abc\n[hookrun: 12 bytes of output; 4 in the middle not shown; full output in DIR]\nijkl",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "output")
			c := NewCapture(CaptureOptions{Head: 4, Tail: 4, Dir: dir, Name: "my/hook"})
			for _, w := range tt.writes {
				if _, err := c.Write([]byte(w)); err != nil {
					t.Fatal(err)
				}
			}
			all := strings.Join(tt.writes, "")
			want := strings.ReplaceAll(tt.want, "DIR", c.SpillPath())
			if got := string(c.Bytes()); got != want {
				t.Errorf("Bytes() = %q, want %q", got, want)
			}
			if got := c.Len(); got != int64(len(all)) {
				t.Errorf("Len() = %d, want %d", got, len(all))
			}
			if got, want := c.Truncated(), len(all) > 8; got != want {
				t.Errorf("Truncated() = %v, want %v", got, want)
			}
			if got, err := c.ReadAll(); err != nil || string(got) != all {
				t.Errorf("ReadAll() = %q, %v; want %q", got, err, all)
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if p := c.SpillPath(); c.Truncated() != (p != "") || (p != "" && !strings.HasPrefix(filepath.Base(p), "my_hook-")) {
				t.Errorf("SpillPath() = %q after Close, want a my_hook- file exactly when truncated", p)
			}
		})
	}
}

func TestCaptureWithoutDirDropsTheMiddle(t *testing.T) {
	t.Parallel()
	c := NewCapture(CaptureOptions{Head: 2, Tail: 2})
	_, _ = c.Write([]byte("abcdefgh"))
	want := "ab\n[hookrun: 8 bytes of output; 4 in the middle not shown; not kept]\ngh"
	if got := string(c.Bytes()); got != want {
		t.Errorf("Bytes() = %q, want %q", got, want)
	}
	if _, err := c.ReadAll(); !errors.Is(err, ErrTruncated) {
		t.Errorf("ReadAll() error = %v, want ErrTruncated", err)
	}
}

func TestCaptureUnwritableDirDropsTheMiddle(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := NewCapture(CaptureOptions{Head: 2, Tail: 2, Dir: filepath.Join(file, "output")})
	if _, err := c.Write([]byte("abcdefgh")); err != nil {
		t.Errorf("Write() = %v, want no error when the spill file cannot be made", err)
	}
	if c.SpillPath() != "" || !bytes.Contains(c.Bytes(), []byte("not kept")) {
		t.Errorf("SpillPath() = %q, Bytes() = %q; want no spill file", c.SpillPath(), c.Bytes())
	}
}

func TestCaptureRemoveDeletesTheSpillFile(t *testing.T) {
	t.Parallel()
	c := NewCapture(CaptureOptions{Head: 2, Tail: 2, Dir: t.TempDir()})
	_, _ = c.Write([]byte("abcdefgh"))
	p := c.SpillPath()
	if err := c.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("spill file %s still there after Remove: %v", p, err)
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Remove = %v, want os.ErrClosed", err)
	}
}

// TestCaptureConcurrentWrites: writers on many goroutines (run with -race) lose nothing,
// and each write stays whole in the spill file.
func TestCaptureConcurrentWrites(t *testing.T) {
	t.Parallel()
	c := NewCapture(CaptureOptions{Head: 100, Tail: 100, Dir: t.TempDir()})
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(c, "writer %d line %03d\n", w, i)
				_ = c.Bytes()
				_ = c.Len()
			}
		})
	}
	wg.Wait()
	all, err := c.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(all)) != c.Len() {
		t.Errorf("spill file has %d bytes, Len() = %d", len(all), c.Len())
	}
	for w := range writers {
		for i := range lines {
			if line := fmt.Sprintf("writer %d line %03d\n", w, i); !bytes.Contains(all, []byte(line)) {
				t.Fatalf("line %q missing or torn", line)
			}
		}
	}
}

func TestPruneSpills(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := time.Now().Add(-48 * time.Hour)
	for name, mtime := range map[string]time.Time{"old-1.log": old, "new-2.log": time.Now(), "other.txt": old} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	n, err := PruneSpills(dir, 24*time.Hour)
	if err != nil || n != 1 {
		t.Errorf("PruneSpills() = %d, %v; want 1", n, err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got, want := strings.Join(left, " "), "new-2.log other.txt"; got != want {
		t.Errorf("left %q, want %q", got, want)
	}
	if n, err := PruneSpills(filepath.Join(dir, "missing"), time.Hour); n != 0 || err != nil {
		t.Errorf("PruneSpills(missing) = %d, %v; want 0, nil", n, err)
	}
}

func TestThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 312000000: "312,000,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCaptureSpillLimitKeepsTheStart(t *testing.T) {
	t.Parallel()
	c := NewCapture(CaptureOptions{Head: 2, Tail: 2, Dir: t.TempDir(), Name: "yes", SpillLimit: 5})
	_, _ = c.Write([]byte("abcdefgh"))
	_, _ = c.Write([]byte("ijkl"))
	path := c.SpillPath()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "abcde" {
		t.Fatalf("spill file = %q, %v; want the first 5 bytes %q", data, err, "abcde")
	}
	want := "ab\n[hookrun: 12 bytes of output; 8 in the middle not shown; the first 5 bytes in " + path + "]\nkl"
	if got := string(c.Bytes()); got != want {
		t.Errorf("Bytes() = %q, want %q", got, want)
	}
	if _, err := c.ReadAll(); !errors.Is(err, ErrTruncated) {
		t.Errorf("ReadAll() error = %v, want ErrTruncated: the file holds the start only", err)
	}
}
