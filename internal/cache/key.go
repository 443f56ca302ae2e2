// Package cache is hookrun's result cache: a record of the jobs that passed, keyed by
// everything that decides a job's outcome, so that a job whose inputs are all the same
// again is not run again. Only passes are recorded; a miss only costs the run.
//
// A key (Input.Key) covers the tool's identity and version (or the command line), the
// mode, the hook's arguments, environment, root and the content of the config file that
// defines it, the content ids of the files the job checks (Tree: the index's blob ids
// where the work tree matches the index, git blob ids hashed from the work tree
// elsewhere) and of the tool config files (ConfigNames) in the directories those files
// are in and above. The store (Store) keeps one small file per key under the git common
// dir, shared by worktrees, written atomically and bounded in number; deleting it at any
// time is safe.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"maps"
	"slices"
)

// Key identifies one job's inputs: a SHA-256.
type Key [sha256.Size]byte

// String is the key in hex: its file name in the store.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// File is one input file and its content id.
type File struct{ Path, ID string }

// Input is everything that decides a job's outcome. Two jobs with equal Inputs end the
// same way, as far as hookrun can know.
type Input struct {
	Hook string // the hook's id
	// Runner says what runs the job: "tool" (a built-in), "command" or "inproc".
	Runner  string
	Tool    string   // the built-in's name
	Exe     []string // the located executable's argv prefix
	Version string   // the tool's version
	Argv    []string // the built-in's arguments in this mode (its flags, the hook's args, the targets)
	// Self identifies hookrun itself (its executable): another hookrun may run or judge
	// a tool differently.
	Self    string
	Mode    string            // "check" or "fix"
	Command string            // the command line of a run:/check:/fix: hook
	Args    []string          // the hook's extra arguments
	Env     map[string]string // the hook's own env
	// RunEnv are the run's variables that join the key (RunEnv), "NAME=value", sorted.
	RunEnv  []string
	Root    string   // the hook's root
	Dir     string   // a built-in's working directory
	Targets []string // a built-in's arguments
	// HookConfig is the content id of the config file that defines the hook: any edit
	// of it is a new key, which also covers what hookrun cannot see inside a hook (an
	// in-process pygrep's pattern, a hook repository's rev).
	HookConfig string
	Files      []File // the files it checks (or, for a whole-project tool, every file of its project)
	Configs    []File // the tool config files that apply to them
}

// Key hashes the input. Every field is written with its name and length, so no two
// different inputs write the same bytes.
func (in *Input) Key() Key {
	h := sha256.New()
	w := keyWriter{h: h, buf: make([]byte, 0, keyChunk+512)}
	w.str("v", "1") // the key's format: bump to drop every entry
	w.str("hook", in.Hook)
	w.str("runner", in.Runner)
	w.str("tool", in.Tool)
	w.list("exe", in.Exe)
	w.str("version", in.Version)
	w.list("argv", in.Argv)
	w.str("self", in.Self)
	w.str("mode", in.Mode)
	w.str("command", in.Command)
	w.list("args", in.Args)
	keys := slices.Sorted(maps.Keys(in.Env))
	w.count("env", len(keys))
	for _, k := range keys {
		w.str("k", k)
		w.str("v", in.Env[k])
	}
	w.list("run-env", in.RunEnv)
	w.str("root", in.Root)
	w.str("dir", in.Dir)
	w.list("targets", in.Targets)
	w.str("hook-config", in.HookConfig)
	w.files("files", in.Files)
	w.files("configs", in.Configs)
	w.flush()
	var k Key
	h.Sum(k[:0])
	return k
}

// keyWriter writes a key's fields into its hash through a buffer: a key of 20,000
// files is 80,000 short strings, and a Write of each (a conversion to []byte and a call
// through the interface) cost more than the hashing: 2.8 ms a key, 1.1 ms buffered, and
// `run --all` takes one per hook. The bytes hashed are the same either way.
type keyWriter struct {
	h   hash.Hash
	buf []byte
}

// keyChunk is how many bytes keyWriter gathers before it hashes them.
const keyChunk = 16 << 10

func (w *keyWriter) count(name string, n int) {
	w.raw(name)
	var b [binary.MaxVarintLen64]byte
	v := binary.AppendUvarint(b[:0], uint64(n)) // written as raw writes a string of these bytes
	w.buf = append(binary.AppendUvarint(w.buf, uint64(len(v))), v...)
	w.spill()
}

func (w *keyWriter) str(name, s string) {
	w.raw(name)
	w.raw(s)
}

// raw writes s with its length first.
func (w *keyWriter) raw(s string) {
	w.buf = append(binary.AppendUvarint(w.buf, uint64(len(s))), s...)
	w.spill()
}

// spill hashes what the buffer holds once it holds a chunk.
func (w *keyWriter) spill() {
	if len(w.buf) >= keyChunk {
		w.flush()
	}
}

// flush hashes what the buffer holds.
func (w *keyWriter) flush() {
	_, _ = w.h.Write(w.buf) // a hash's Write never fails
	w.buf = w.buf[:0]
}

func (w *keyWriter) list(name string, l []string) {
	w.count(name, len(l))
	for _, s := range l {
		w.raw(s)
	}
}

func (w *keyWriter) files(name string, fs []File) {
	w.count(name, len(fs))
	for _, f := range fs {
		w.raw(f.Path)
		w.raw(f.ID)
	}
}
