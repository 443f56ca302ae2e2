package hooks

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// A FileCache shares what in-process hooks read among them during one run, so that a
// dozen native hooks over the same files read each from disk once. It is sound only
// while nothing but hooks that report their writes (RecordWrite drops a written file)
// changes files: the engine gives one to a fix-mode run whose jobs are all in-process
// and whose writers all have ReportsWrites (WithFileCache). Content is shared: a hook
// must not change the bytes it reads (the slices it gets have no spare capacity, so an
// append copies).
type FileCache struct {
	mu    sync.Mutex
	files map[string][]byte
	size  int
	// writes counts, per path, the writes told of: a read that began before one is not
	// kept (it may have seen the file half-written).
	writes map[string]int
	// answers holds what Remember computed, by key.
	answers map[string]*answer
}

// answer is one value of Remember: data and err are set once done is closed.
type answer struct {
	done chan struct{}
	data []byte
	err  error
}

// Bounds of what a FileCache holds: larger files are read from disk each time, and once
// the cache holds maxCached bytes it takes no more.
const (
	maxCachedFile = 4 << 20
	maxCached     = 256 << 20
)

type fileCacheKey struct{}

// WithFileCache returns ctx with a new FileCache, which ReadCached uses.
func WithFileCache(ctx context.Context) context.Context {
	return WithFileCacheFor(ctx, 0)
}

// WithFileCacheFor is WithFileCache with room made ahead for about n files, so that
// the cache of a large run does not grow its table step by step.
// The files of ctx's Seed, if any, are the cache's first content.
func WithFileCacheFor(ctx context.Context, n int) context.Context {
	c := &FileCache{writes: map[string]int{}, answers: map[string]*answer{}}
	if s, ok := ctx.Value(seedKey{}).(*Seed); ok {
		c.files, c.size = s.take()
	}
	if c.files == nil {
		c.files = make(map[string][]byte, n)
	}
	return context.WithValue(ctx, fileCacheKey{}, c)
}

// A Seed holds the content of files read ahead of a run, before any hook started (the
// selection reads the files it tags when every hook would read them anyway): the
// FileCache of the run, if it has one, starts with them, else they are dropped. It is
// sound for a FileCache only when nothing changed the files between the reading and the
// run: the caller makes one only where nothing does (a run over every file, which hides
// nothing).
type Seed struct {
	reserved atomic.Int64
	mu       sync.Mutex
	files    map[string][]byte
	size     int
	taken    bool
}

type seedKey struct{}

// NewSeed returns an empty Seed with room for about n files.
func NewSeed(n int) *Seed {
	return &Seed{files: make(map[string][]byte, n)}
}

// WithSeed returns ctx with s, which the FileCache of a run started with it takes.
func WithSeed(ctx context.Context, s *Seed) context.Context {
	return context.WithValue(ctx, seedKey{}, s)
}

// Fits reports whether a file of size bytes is one the Seed keeps, within the bounds of
// a FileCache, and if so reserves room for it. It is safe to call from several goroutines.
func (s *Seed) Fits(size int64) bool {
	if size < 0 || size > maxCachedFile {
		return false
	}
	if s.reserved.Add(size) > maxCached {
		s.reserved.Add(-size)
		return false
	}
	return true
}

// Add keeps data (no spare capacity, never changed after) as the content of the file at
// path (absolute and clean, as ReadCached is asked).
func (s *Seed) Add(path string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.taken && len(data) <= maxCachedFile {
		if _, dup := s.files[path]; !dup {
			s.files[path] = data[:len(data):len(data)]
			s.size += len(data)
		}
	}
}

// take returns the Seed's files and their size, once: a second FileCache starts empty.
func (s *Seed) take() (map[string][]byte, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taken {
		return nil, 0
	}
	s.taken = true
	files := s.files
	s.files = nil
	return files, s.size
}

// ReadCached returns the content of the file at path (absolute and clean, so that one
// file has one name): from ctx's FileCache when it holds it, else from read, keeping it
// there. Without a FileCache it is read(path).
func ReadCached(ctx context.Context, path string, read func(string) ([]byte, error)) ([]byte, error) {
	c, ok := ctx.Value(fileCacheKey{}).(*FileCache)
	if !ok {
		return read(path)
	}
	c.mu.Lock()
	data, hit := c.files[path]
	writes := c.writes[path]
	c.mu.Unlock()
	if hit {
		return data, nil
	}
	data, err := read(path)
	if err != nil || len(data) > maxCachedFile {
		return data, err
	}
	data = data[:len(data):len(data)]
	c.mu.Lock()
	if _, dup := c.files[path]; !dup && c.writes[path] == writes && c.size+len(data) <= maxCached {
		c.files[path] = data
		c.size += len(data)
	}
	c.mu.Unlock()
	return data, nil
}

// forget drops path from ctx's FileCache, if any: it was written.
func forget(ctx context.Context, path string) {
	if c, ok := ctx.Value(fileCacheKey{}).(*FileCache); ok {
		c.mu.Lock()
		c.writes[path]++
		if data, ok := c.files[path]; ok {
			c.size -= len(data)
			delete(c.files, path)
		}
		c.mu.Unlock()
	}
}

// Remember returns what compute returns, computed once per key in ctx's FileCache and
// shared by the in-process hooks of the run that ask again (or meanwhile: they wait for
// the first); without a FileCache it is compute(). It is for what no hook of such a run
// changes: the jobs of a FileCache run are all hookrun's own in-process hooks, none of
// which stages files or moves HEAD, so git's answers about the index and the commits
// (what is listed, what is added) hold for the whole run. The bytes are shared: a
// caller never changes them. An answer cut short by its caller's context (a hook's
// timeout) is not kept: a caller whose own context is live computes it again.
func Remember(ctx context.Context, key string, compute func() ([]byte, error)) ([]byte, error) {
	c, ok := ctx.Value(fileCacheKey{}).(*FileCache)
	if !ok {
		return compute()
	}
	for {
		c.mu.Lock()
		a, asked := c.answers[key]
		if !asked {
			a = &answer{done: make(chan struct{})}
			c.answers[key] = a
		}
		c.mu.Unlock()
		if !asked {
			a.data, a.err = compute()
			a.data = a.data[:len(a.data):len(a.data)]
			if cut(a.err) {
				c.mu.Lock()
				delete(c.answers, key)
				c.mu.Unlock()
			}
			close(a.done)
			return a.data, a.err
		}
		select {
		case <-a.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if !cut(a.err) || ctx.Err() != nil {
			return a.data, a.err
		}
	}
}

// cut reports whether err says a context ended the work.
func cut(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
