package safefile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookrun/hookrun/internal/safefile"
)

func TestReadRefusesWhatIsNoRegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	link := func(name, target string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	if err := mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 2048), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		want       error
		text       string
	}{
		{"a symlink to /dev/zero is a device", link("zero", "/dev/zero"), safefile.ErrNotRegular, "a character device"},
		{"a symlink to /dev/urandom is a device", link("urandom", "/dev/urandom"), safefile.ErrNotRegular, "a character device"},
		{"a FIFO is refused without blocking", link("tofifo", fifo), safefile.ErrNotRegular, "a FIFO"},
		{"a directory is refused", dir, safefile.ErrNotRegular, "a directory"},
		{"a file over the limit is refused", big, safefile.ErrTooLarge, "over the limit of 1 KiB"},
		{"a dangling symlink does not exist", link("dangling", filepath.Join(dir, "nothing")), fs.ErrNotExist, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			done := make(chan error, 1)
			go func() {
				_, err := safefile.Read(tt.path, 1024)
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, tt.want) || !strings.Contains(errString(err), tt.text) || !strings.Contains(errString(err), tt.path) {
					t.Errorf("Read(%s) = %v, want %v naming the file and %q", tt.path, err, tt.want, tt.text)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Read(%s) hangs", tt.path)
			}
		})
	}
}

func TestReadReadsARegularFileThroughASymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "a")
	if err := os.WriteFile(p, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(p, filepath.Join(dir, "b")); err != nil {
		t.Fatal(err)
	}
	got, err := safefile.Read(filepath.Join(dir, "b"), 1024)
	if err != nil || string(got) != "version: 1\n" {
		t.Fatalf("Read = %q, %v", got, err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
