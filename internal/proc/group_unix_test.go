//go:build unix

package proc

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

// TestRunGraceThenKill: a child that ignores SIGTERM is killed after the grace period.
func TestRunGraceThenKill(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c := helper(t, "ignore-term")
	c.Stdout = w
	c.Grace = 100 * time.Millisecond
	done := make(chan error, 1)
	go func() {
		_, err := Run(ctx, c)
		done <- err
	}()
	buf := make([]byte, 6)
	if _, err := r.Read(buf); err != nil || !strings.HasPrefix(string(buf), "ready") {
		t.Fatalf("child not ready: %q %v", buf, err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a child ignoring SIGTERM was not killed")
	}
	_ = w.Close()
	_ = r.Close()
}
