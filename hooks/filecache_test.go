package hooks

import (
	"context"
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
