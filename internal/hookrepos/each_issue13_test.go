package hookrepos

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestEachLeavesOutTheCancellationsItCaused: when one clone fails, the others are
// cancelled, and a network library reports that as the context's cause, which is the
// first failure itself (errgroup cancels with it). Those must not be listed as failures
// of their own: the user saw one repository's error printed again inside another's
// ("clone .../black: Get ...: .pre-commit-config.yaml:6:5: clone .../pre-commit-hooks: ...").
func TestEachLeavesOutTheCancellationsItCaused(t *testing.T) {
	t.Parallel()
	first := errors.New("clone a: no such host")
	err := each(context.Background(), 3, -1, func(ctx context.Context, i int) error {
		switch i {
		case 0:
			return first
		case 1: // as net/http reports a cancelled request: the context's cause, wrapped
			<-ctx.Done()
			return fmt.Errorf("clone b: Get %q: %w", "https://b", context.Cause(ctx))
		default: // as a plain cancellation
			<-ctx.Done()
			return fmt.Errorf("clone c: %w", ctx.Err())
		}
	})
	if err == nil || err.Error() != first.Error() {
		t.Errorf("each = %q, want only %q", err, first)
	}
}

// TestEachKeepsIndependentFailures: two repositories that fail each on their own are
// both reported.
func TestEachKeepsIndependentFailures(t *testing.T) {
	t.Parallel()
	a, b := errors.New("clone a: no such host"), errors.New("clone b: no such host")
	err := each(context.Background(), 2, -1, func(_ context.Context, i int) error {
		return []error{a, b}[i]
	})
	if !errors.Is(err, a) || !errors.Is(err, b) {
		t.Errorf("each = %q, want both failures", err)
	}
}
