package cache_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hookrun/hookrun/hooks"
	"github.com/hookrun/hookrun/internal/cache"
	"github.com/hookrun/hookrun/internal/cache/davtest"
)

// warnings collects a Remote's warnings.
type warnings struct {
	mu   sync.Mutex
	msgs []string
}

func (w *warnings) warn(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.msgs = append(w.msgs, fmt.Sprintf(format, args...))
}

func (w *warnings) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.msgs)
}

func startNginx(t *testing.T) *davtest.Server {
	t.Helper()
	if davtest.Nginx() == "" {
		t.Skip("nginx not installed (.ci/install-tools installs it)")
	}
	s, err := davtest.Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Kill)
	return s
}

func sampleEntry() cache.Entry {
	return cache.Entry{
		Hook: "lint", Output: []byte("1 warning\n"), ToolVersion: "ruff 0.9.0", Command: "ruff check a.py",
		Diagnostics: []hooks.Diagnostic{{Path: "a.py", Line: 3, Rule: "E501", Message: "long"}},
	}
}

func TestRemotePutThenGetFromAnotherClient(t *testing.T) {
	t.Parallel()
	s := startNginx(t)
	ctx := t.Context()
	var w warnings
	k := cache.Key{1, 2, 3}
	writer := cache.NewRemote(cache.RemoteConfig{URL: s.URL, Write: true}, w.warn)
	writer.Put(ctx, k, sampleEntry())
	if _, err := os.Stat(filepath.Join(s.Root, "ac", k.String())); err != nil {
		t.Fatalf("no action result on the server: %v", err)
	}
	reader := cache.NewRemote(cache.RemoteConfig{URL: s.URL}, w.warn)
	got, ok := reader.Get(ctx, k)
	if !ok {
		t.Fatalf("Get missed; warnings %q", w.list())
	}
	want := sampleEntry()
	want.Key = k.String()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
	if _, ok := reader.Get(ctx, cache.Key{9}); ok {
		t.Error("Get of a key never put hit")
	}
	if len(w.list()) != 0 {
		t.Errorf("warnings %q, want none", w.list())
	}
}

func TestRemoteReadOnlyPutsNothing(t *testing.T) {
	t.Parallel()
	s := startNginx(t)
	var w warnings
	cache.NewRemote(cache.RemoteConfig{URL: s.URL}, w.warn).Put(t.Context(), cache.Key{1}, sampleEntry())
	if names, _ := os.ReadDir(s.Root); len(names) != 0 {
		t.Errorf("a read-only client wrote %v", names)
	}
}

func TestRemoteCorruptEntriesAreIgnoredWithOneWarning(t *testing.T) {
	t.Parallel()
	s := startNginx(t)
	ctx := t.Context()
	var w warnings
	writer := cache.NewRemote(cache.RemoteConfig{URL: s.URL, Write: true}, w.warn)
	a, b := cache.Key{1}, cache.Key{2}
	writer.Put(ctx, a, sampleEntry())
	other := sampleEntry()
	other.Hook = "other"
	writer.Put(ctx, b, other)
	// a's blob is altered in place; b's action result is not one hookrun wrote.
	blobs, err := filepath.Glob(filepath.Join(s.Root, "cas", "*"))
	if err != nil || len(blobs) != 2 {
		t.Fatalf("blobs %v, %v", blobs, err)
	}
	for _, blob := range blobs {
		data, _ := os.ReadFile(blob)
		if err := os.WriteFile(blob, append(data, ' '), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.Root, "ac", b.String()), []byte("not a protobuf"), 0o644); err != nil {
		t.Fatal(err)
	}
	reader := cache.NewRemote(cache.RemoteConfig{URL: s.URL}, w.warn)
	for range 2 {
		for _, k := range []cache.Key{a, b} {
			if e, ok := reader.Get(ctx, k); ok {
				t.Errorf("Get(%s) = %+v from a corrupt entry", k, e)
			}
		}
	}
	if got := w.list(); len(got) != 1 {
		t.Errorf("warnings %q, want one", got)
	}
}

func TestRemoteGoneServerWarnsOnceAndCostsNothing(t *testing.T) {
	t.Parallel()
	s := startNginx(t)
	ctx := t.Context()
	var w warnings
	r := cache.NewRemote(cache.RemoteConfig{URL: s.URL, Write: true}, w.warn)
	r.Put(ctx, cache.Key{1}, sampleEntry())
	s.Kill()
	start := time.Now()
	for i := range 50 {
		if _, ok := r.Get(ctx, cache.Key{byte(i)}); ok {
			t.Fatal("a hit from a killed server")
		}
		r.Put(ctx, cache.Key{byte(i)}, sampleEntry())
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("100 requests to a dead server took %v", d)
	}
	if got := w.list(); len(got) != 1 {
		t.Errorf("warnings %q, want one", got)
	}
}

func TestRemoteSilentServerTimesOut(t *testing.T) {
	t.Parallel()
	// A server that accepts connections and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	var w warnings
	r := cache.NewRemote(cache.RemoteConfig{URL: "http://" + l.Addr().String()}, w.warn)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() { r.Get(context.Background(), cache.Key{byte(i)}) })
	}
	wg.Wait()
	if d := time.Since(start); d > cache.RemoteRequestTimeout+time.Second {
		t.Errorf("20 lookups took %v, want about %v at most", d, cache.RemoteRequestTimeout)
	}
	if got := w.list(); len(got) != 1 {
		t.Errorf("warnings %q, want one", got)
	}
}

func TestRemoteSendsTheConfiguredHeader(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		got = append(got, req.Method+" "+req.URL.Path[:4]+" "+req.Header.Get("Authorization"))
		mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	var w warnings
	r := cache.NewRemote(cache.RemoteConfig{URL: srv.URL + "/", Header: "Authorization: Bearer s3cret"}, w.warn)
	r.Get(t.Context(), cache.Key{1})
	if want := []string{"GET /ac/ Bearer s3cret"}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}

func TestRemoteKeyLeavesOutWhereThingsAreInstalled(t *testing.T) {
	t.Parallel()
	in := cache.Input{
		Hook: "lint", Runner: "tool", Tool: "ruff", Version: "0.9.0", Exe: []string{"/home/a/.venv/bin/ruff"},
		Self: "/home/a/bin/hookrun 1 2", RunEnv: []string{"PATH=/home/a/bin", "RUFF_CACHE_DIR=x"},
		Files: []cache.File{{Path: "a.py", ID: "abc"}},
	}
	other := in
	other.Exe, other.Self = []string{"/opt/ruff"}, "/usr/bin/hookrun 3 4"
	other.RunEnv = []string{"PATH=/usr/bin", "RUFF_CACHE_DIR=x"}
	if in.RemoteKey("v1") != other.RemoteKey("v1") {
		t.Error("two machines with the same tool and files have different remote keys")
	}
	if in.RemoteKey("v1") == in.RemoteKey("v2") {
		t.Error("another hookrun has the same remote key")
	}
	changed := in
	changed.Files = []cache.File{{Path: "a.py", ID: "abd"}}
	if in.RemoteKey("v1") == changed.RemoteKey("v1") {
		t.Error("another content has the same remote key")
	}
	if in.RemoteKey("v1") == in.Key() {
		t.Error("the remote key is the local one")
	}
}
