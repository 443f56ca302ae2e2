package hooks

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

// TestReadCached: with a FileCache, a file is read once and shared until RecordWrite
// drops it; a read that began before a write is not kept; without one, every read reads.
func TestReadCached(t *testing.T) {
	t.Parallel()
	reads := 0
	content := "v1"
	read := func(string) ([]byte, error) { reads++; return []byte(content), nil }
	ctx := WithFileCache(t.Context())
	for range 3 {
		if got, _ := ReadCached(ctx, "/r/a", read); string(got) != "v1" {
			t.Fatalf("read %q, want v1", got)
		}
	}
	if reads != 1 {
		t.Errorf("%d reads of a cached file, want 1", reads)
	}
	content = "v2"
	RecordWrite(ctx, "/r/a")
	if got, _ := ReadCached(ctx, "/r/a", read); string(got) != "v2" || reads != 2 {
		t.Errorf("after a write: %q after %d reads, want v2 after 2", got, reads)
	}
	// A write told of while a read is under way: that read's bytes are not kept.
	racing := func(string) ([]byte, error) {
		RecordWrite(ctx, "/r/b")
		return []byte("half"), nil
	}
	_, _ = ReadCached(ctx, "/r/b", racing)
	if got, _ := ReadCached(ctx, "/r/b", func(string) ([]byte, error) { return []byte("whole"), nil }); string(got) != "whole" {
		t.Errorf("read %q, want whole: a read begun before a write was kept", got)
	}
	if got, _ := ReadCached(context.Background(), "/r/a", read); string(got) != "v2" || reads != 3 {
		t.Errorf("without a cache: %q after %d reads, want v2 after 3", got, reads)
	}
}

// TestRemember: with a FileCache, each key is computed once, its error too, and callers
// asking at once wait for the one computing; without one, every call computes.
func TestRemember(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	calls := map[string]int{}
	compute := func(key string) func() ([]byte, error) {
		return func() ([]byte, error) {
			mu.Lock()
			calls[key]++
			mu.Unlock()
			if key == "bad" {
				return nil, errors.New("failed")
			}
			return []byte("answer " + key), nil
		}
	}
	ctx := WithFileCache(t.Context())
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got, err := Remember(ctx, "a", compute("a")); err != nil || string(got) != "answer a" {
				t.Errorf("Remember(a) = %q, %v", got, err)
			}
			if _, err := Remember(ctx, "bad", compute("bad")); err == nil {
				t.Error("Remember(bad): no error")
			}
		})
	}
	wg.Wait()
	if calls["a"] != 1 || calls["bad"] != 1 {
		t.Errorf("computed a %d times, bad %d times; want once each", calls["a"], calls["bad"])
	}
	for range 2 {
		_, _ = Remember(context.Background(), "a", compute("a"))
	}
	if calls["a"] != 3 {
		t.Errorf("without a FileCache: a computed %d times in all, want 3", calls["a"])
	}
}

// TestRememberDropsCutAnswers: an answer cut short by its caller's context (a hook's
// timeout) is not kept: the next caller computes it again, and a caller waiting for
// it with a live context computes it too.
func TestRememberDropsCutAnswers(t *testing.T) {
	t.Parallel()
	ctx := WithFileCache(t.Context())
	calls := 0
	cutShort := func() ([]byte, error) {
		calls++
		return nil, fmt.Errorf("git ls-files: %w", context.DeadlineExceeded)
	}
	if _, err := Remember(ctx, "k", cutShort); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("first call: %v, want the deadline", err)
	}
	got, err := Remember(ctx, "k", func() ([]byte, error) { calls++; return []byte("listed"), nil })
	if err != nil || string(got) != "listed" || calls != 2 {
		t.Errorf("after a cut answer: %q, %v after %d computations; want listed after 2", got, err, calls)
	}

	// One waits while another computes and is cut short: the waiter computes.
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := Remember(ctx, "w", func() ([]byte, error) {
			close(started)
			<-release
			return nil, context.Canceled
		})
		done <- err
	}()
	<-started
	waiter := make(chan string)
	go func() {
		got, _ := Remember(ctx, "w", func() ([]byte, error) { return []byte("again"), nil })
		waiter <- string(got)
	}()
	close(release)
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the cut caller got %v, want its cancellation", err)
	}
	if got := <-waiter; got != "again" {
		t.Errorf("waiter got %q, want again: it computes what the first caller could not", got)
	}
}
