package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The shared result cache speaks Bazel's HTTP remote-cache protocol, so the servers teams
// run for Bazel serve it (bazel-remote, nginx with WebDAV PUT, ...): GET and PUT on
// /cas/<sha256>, a blob named by the SHA-256 of its bytes, and on /ac/<sha256>, an action
// result named by the action's key.
//
//   - The pass itself (an Entry, as JSON) is a CAS blob; the action cache maps the job's
//     remote key (RemoteKey) to it with a minimal ActionResult protobuf: one output file,
//     "hookrun-entry.json", with the blob's digest. That is what Bazel stores there too, so
//     bazel-remote's check of uploaded action results accepts it, and a plain HTTP cache
//     just keeps the bytes. The blob is put before the action result that names it.
//   - Reading verifies both: the blob's SHA-256 must be its name, and the entry inside
//     must hold the remote key it was asked for. Anything else is corrupt: ignored, with
//     one warning per run.
//   - The server never decides a run: short timeouts (RemoteDialTimeout,
//     RemoteRequestTimeout); the first failure warns once and turns the remote off for
//     the rest of the run, which goes on with the local store. At most
//     RemoteConcurrency requests are in flight.

// The remote cache's bounds.
const (
	RemoteDialTimeout    = 300 * time.Millisecond
	RemoteRequestTimeout = 2 * time.Second
	RemoteConcurrency    = 8
	remoteEntryName      = "hookrun-entry.json"
)

// RemoteConfig says where the shared cache is and how to use it.
type RemoteConfig struct {
	URL   string // http:// or https:// base URL; the protocol's paths go below it
	Write bool   // put this run's passes (CI on the main branch); read-only otherwise
	// Header is one "Name: value" line sent with every request (a bearer token); "".
	Header string
}

// Remote is one run's client of the shared cache. Its methods are safe for concurrent
// use; a nil *Remote is a cache that never hits and stores nothing.
type Remote struct {
	cfg     RemoteConfig
	base    string
	hname   string
	hvalue  string
	client  *http.Client
	sem     chan struct{}
	warn    func(format string, args ...any)
	down    atomic.Bool // a request failed: no more requests in this run
	warned  sync.Once
	corrupt sync.Once
}

// NewRemote returns a client for cfg; warn receives its one warning per kind.
func NewRemote(cfg RemoteConfig, warn func(format string, args ...any)) *Remote {
	r := &Remote{
		cfg: cfg, base: strings.TrimRight(cfg.URL, "/"), warn: warn,
		sem: make(chan struct{}, RemoteConcurrency),
		client: &http.Client{
			Timeout: RemoteRequestTimeout,
			Transport: &http.Transport{
				Proxy:                 http.ProxyFromEnvironment,
				DialContext:           (&net.Dialer{Timeout: RemoteDialTimeout}).DialContext,
				TLSHandshakeTimeout:   RemoteRequestTimeout,
				ResponseHeaderTimeout: RemoteRequestTimeout,
				MaxIdleConnsPerHost:   RemoteConcurrency,
			},
		},
	}
	if name, value, ok := strings.Cut(cfg.Header, ":"); ok {
		r.hname, r.hvalue = strings.TrimSpace(name), strings.TrimSpace(value)
	}
	return r
}

// Writes says whether this run puts its passes.
func (r *Remote) Writes() bool { return r != nil && r.cfg.Write }

// Close releases idle connections.
func (r *Remote) Close() {
	if r != nil {
		r.client.CloseIdleConnections()
	}
}

// RemoteKey is the action-cache key of a job's inputs for the shared cache: the inputs
// less what differs between machines that run the same thing (where the tool and
// hookrun are installed, PATH), with self, hookrun's identity by content, in their
// place. The tool's version and every input file's content remain.
func (in *Input) RemoteKey(self string) Key {
	p := *in
	p.Self, p.Exe = self, nil
	p.RunEnv = make([]string, 0, len(in.RunEnv))
	for _, kv := range in.RunEnv {
		if !strings.HasPrefix(kv, "PATH=") {
			p.RunEnv = append(p.RunEnv, kv)
		}
	}
	k := p.Key()
	return sha256.Sum256(append([]byte("hookrun remote cache v1\x00"), k[:]...))
}

// Get returns the entry the shared cache holds for k; false on a miss, a corrupt entry or
// a server that does not answer (warned about once).
func (r *Remote) Get(ctx context.Context, k Key) (Entry, bool) {
	if r == nil || r.down.Load() {
		return Entry{}, false
	}
	ac, ok := r.fetch(ctx, "ac", k.String())
	if !ok {
		return Entry{}, false
	}
	hash, ok := parseActionResult(ac)
	if !ok {
		r.bad("action result %s is not one hookrun wrote", k)
		return Entry{}, false
	}
	blob, ok := r.fetch(ctx, "cas", hash)
	if !ok {
		return Entry{}, false
	}
	sum := sha256.Sum256(blob)
	var e Entry
	switch {
	case hex.EncodeToString(sum[:]) != hash:
		r.bad("blob %s does not match its hash", hash)
		return Entry{}, false
	case json.Unmarshal(blob, &e) != nil || e.Key != k.String():
		r.bad("blob %s is not the entry of %s", hash, k)
		return Entry{}, false
	}
	return e, true
}

// Put stores e under k: the blob, then the action result naming it. It does nothing
// unless the cache is writable and up.
func (r *Remote) Put(ctx context.Context, k Key, e Entry) {
	if !r.Writes() || r.down.Load() {
		return
	}
	e.Key = k.String()
	blob, err := json.Marshal(e)
	if err != nil || len(blob) > MaxEntry {
		return // not kept locally either
	}
	sum := sha256.Sum256(blob)
	hash := hex.EncodeToString(sum[:])
	if r.send(ctx, "cas", hash, blob) {
		r.send(ctx, "ac", k.String(), actionResult(hash, len(blob)))
	}
}

// fetch GETs kind/name; false on a miss or a failure.
func (r *Remote) fetch(ctx context.Context, kind, name string) ([]byte, bool) {
	var body []byte
	ok := r.do(ctx, http.MethodGet, kind, name, nil, func(resp *http.Response) error {
		var err error
		body, err = io.ReadAll(io.LimitReader(resp.Body, MaxEntry+4096))
		return err
	})
	return body, ok
}

// send PUTs data at kind/name.
func (r *Remote) send(ctx context.Context, kind, name string, data []byte) bool {
	return r.do(ctx, http.MethodPut, kind, name, data, nil)
}

// do makes one request, at most RemoteConcurrency at once. A 404 is a miss; any other
// failure turns the remote off for the run, with one warning.
func (r *Remote) do(ctx context.Context, method, kind, name string, data []byte, read func(*http.Response) error) bool {
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-r.sem }()
	if r.down.Load() {
		return false
	}
	var body io.Reader
	if data != nil {
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.base+"/"+kind+"/"+name, body)
	if err != nil {
		r.fail(err)
		return false
	}
	if r.hname != "" {
		req.Header.Set(r.hname, r.hvalue)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		if ctx.Err() == nil { // a cancelled run is no fault of the server's
			r.fail(err)
		}
		return false
	}
	defer func() { _ = resp.Body.Close() }() // read-only
	switch {
	case resp.StatusCode == http.StatusNotFound && method == http.MethodGet:
		return false
	case resp.StatusCode/100 != 2:
		r.fail(fmt.Errorf("%s %s/%s: %s", method, kind, name, resp.Status))
		return false
	case read != nil:
		if err := read(resp); err != nil {
			r.fail(err)
			return false
		}
	}
	return true
}

// fail turns the remote off for the rest of the run, warning once.
func (r *Remote) fail(err error) {
	r.down.Store(true)
	r.warned.Do(func() {
		r.warn("shared cache %s: %v; going on without it for this run", r.base, redact(err, r.hvalue))
	})
}

// bad warns once about a corrupt entry, which is ignored.
func (r *Remote) bad(format string, args ...any) {
	r.corrupt.Do(func() {
		r.warn("shared cache %s: %s; ignored", r.base, fmt.Sprintf(format, args...))
	})
}

// redact keeps a token out of a message.
func redact(err error, secret string) string {
	s := err.Error()
	if secret != "" {
		s = strings.ReplaceAll(s, secret, "***")
	}
	var ue interface{ Timeout() bool }
	if errors.As(err, &ue) && ue.Timeout() {
		s += " (timed out)"
	}
	return s
}

// The action result is REAPI's ActionResult protobuf with one OutputFile (field 2):
// path (1), digest (2: hash 1, size_bytes 2). Written and read by hand: three fields do
// not need a protobuf library.

func actionResult(hash string, size int) []byte {
	digest := protoBytes(nil, 1, []byte(hash))
	digest = protoVarint(digest, 2, uint64(size))
	file := protoBytes(nil, 1, []byte(remoteEntryName))
	file = protoBytes(file, 2, digest)
	return protoBytes(nil, 2, file)
}

// parseActionResult returns the hash of the entry blob an action result names.
func parseActionResult(b []byte) (string, bool) {
	for _, f := range protoFields(b) {
		if f.num != 2 || f.wire != 2 {
			continue
		}
		var path, hash string
		for _, g := range protoFields(f.data) {
			switch {
			case g.num == 1 && g.wire == 2:
				path = string(g.data)
			case g.num == 2 && g.wire == 2:
				for _, d := range protoFields(g.data) {
					if d.num == 1 && d.wire == 2 {
						hash = string(d.data)
					}
				}
			}
		}
		if path == remoteEntryName && len(hash) == 2*sha256.Size {
			if _, err := hex.DecodeString(hash); err == nil {
				return hash, true
			}
		}
	}
	return "", false
}

func protoVarint(b []byte, num int, v uint64) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3)
	return binary.AppendUvarint(b, v)
}

func protoBytes(b []byte, num int, data []byte) []byte {
	b = binary.AppendUvarint(b, uint64(num)<<3|2)
	b = binary.AppendUvarint(b, uint64(len(data)))
	return append(b, data...)
}

type protoField struct {
	num, wire int
	data      []byte // length-delimited fields only
}

// protoFields splits a message into its fields; nil when it is malformed.
func protoFields(b []byte) []protoField {
	var out []protoField
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return nil
		}
		b = b[n:]
		f := protoField{num: int(tag >> 3), wire: int(tag & 7)}
		switch f.wire {
		case 0:
			_, n = binary.Uvarint(b)
			if n <= 0 {
				return nil
			}
			b = b[n:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return nil
			}
			f.data, b = b[n:n+int(l)], b[n+int(l):]
		default:
			return nil // hookrun writes no other kind
		}
		out = append(out, f)
	}
	return out
}

// SelfID is hookrun's identity in remote keys: its module version when it was built
// from one, else (a development build, or one from a modified checkout: two of those
// with one version may judge differently) the SHA-256 of its executable.
func SelfID() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" &&
		!strings.HasSuffix(bi.Main.Version, "+dirty") {
		return "hookrun " + bi.Main.Version
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unknown"
	}
	defer func() { _ = f.Close() }() // read-only
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "unknown"
	}
	return "sha256 " + hex.EncodeToString(h.Sum(nil))
}
