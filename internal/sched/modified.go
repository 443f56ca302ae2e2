package sched

import (
	"errors"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// fileSum identifies a file's content as git sees it: its size, a 64-bit hash and its
// executable bits (a fixer that only runs chmod +x changed what will be committed). A
// file that could not be read has ok false, so appearing or disappearing counts as a
// change. mtime is not content: it tells a file rewritten with the same bytes (a check
// beside the writer may have read it half-written) from one left alone.
type fileSum struct {
	size  int64
	sum   uint64
	exec  fs.FileMode
	ok    bool
	mtime int64
}

// sameContent reports whether a and b hold the same content as git sees it.
func (a fileSum) sameContent(b fileSum) bool {
	a.mtime, b.mtime = 0, 0
	return a == b
}

// snapshot is the content of a writer job's files at one moment. Content, not mtime:
// a fixer may rewrite a file within the file system's timestamp granularity, and a
// fixer that ran just before would leave the same mtime (the "racy git" problem).
type snapshot struct {
	seed  maphash.Seed // one seed for both sides of a comparison
	files []string
	sums  []fileSum
}

// takeSnapshot hashes files (repo-relative, slash-separated) under root.
func takeSnapshot(root string, files []string) snapshot {
	return snapshot{seed: maphash.MakeSeed(), files: files}.retake(root)
}

// retake returns a snapshot of the same files with the same seed, taken now.
func (s snapshot) retake(root string) snapshot {
	buf := make([]byte, 64<<10)
	out := snapshot{seed: s.seed, files: s.files, sums: make([]fileSum, len(s.files))}
	for i, f := range s.files {
		out.sums[i] = hashFile(filepath.Join(root, filepath.FromSlash(f)), s.seed, buf)
	}
	return out
}

// changed returns the files whose content differs between s and after (taken of the same
// files), in the order of the files: sorted, since job files are.
func (s snapshot) changed(after snapshot) []string {
	var out []string
	for i, f := range s.files {
		if !s.sums[i].sameContent(after.sums[i]) {
			out = append(out, f)
		}
	}
	return out
}

// touched returns the files changed or rewritten (content or modification time differ)
// between s and after, in the order of the files: what a check that read them while
// the writer ran may have seen half-written.
func (s snapshot) touched(after snapshot) []string {
	var out []string
	for i, f := range s.files {
		if s.sums[i] != after.sums[i] {
			out = append(out, f)
		}
	}
	return out
}

// hashFile hashes the file at path using buf. An unreadable file gets ok false: the job
// will report the problem better than a hash could.
func hashFile(path string, seed maphash.Seed, buf []byte) fileSum {
	f, err := os.Open(path)
	if err != nil {
		return fileSum{}
	}
	defer f.Close() //nolint:errcheck // read-only; a close error cannot lose data
	fi, err := f.Stat()
	if err != nil {
		return fileSum{}
	}
	var h maphash.Hash
	h.SetSeed(seed)
	var size int64
	for {
		n, err := f.Read(buf)
		_, _ = h.Write(buf[:n]) // maphash.Hash.Write never fails
		size += int64(n)
		if errors.Is(err, io.EOF) {
			return fileSum{size: size, sum: h.Sum64(), exec: fi.Mode() & 0o111, ok: true, mtime: fi.ModTime().UnixNano()}
		}
		if err != nil {
			return fileSum{}
		}
	}
}
